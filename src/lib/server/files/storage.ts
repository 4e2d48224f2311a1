import { resolve } from 'node:path';
import { localStore, type FileStore } from './local-store';

// The store every file's bytes live in: the local disk under DATA_DIR/files, or the one a test
// (or, later, the configuration) puts in its place.

const holder = globalThis as { __maillageFileStore?: FileStore };

/** The store files are written to and read from. */
export function fileStore(): FileStore {
	holder.__maillageFileStore ??= localStore(resolve(process.env.DATA_DIR || 'data', 'files'));
	return holder.__maillageFileStore;
}

/** Puts `store` in place of the configured one (tests). */
export function useFileStore(store: FileStore): void {
	holder.__maillageFileStore = store;
}

import { resolve } from 'node:path';
import { localStore, type FileStore } from './local-store';
import { s3SettingsFromEnv, s3Store } from './s3-store';

// The store every file's bytes live in: an S3-compatible bucket when S3_BUCKET is set (the one
// every instance of a cluster shares), else the local disk under DATA_DIR/files; or the one a
// test puts in their place.

const holder = globalThis as { __maillageFileStore?: FileStore };

/** The store files are written to and read from. */
export function fileStore(): FileStore {
	if (!holder.__maillageFileStore) {
		const s3 = s3SettingsFromEnv();
		holder.__maillageFileStore = s3
			? s3Store(s3)
			: localStore(resolve(process.env.DATA_DIR || 'data', 'files'));
	}
	return holder.__maillageFileStore;
}

/** Puts `store` in place of the configured one (tests). */
export function useFileStore(store: FileStore): void {
	holder.__maillageFileStore = store;
}

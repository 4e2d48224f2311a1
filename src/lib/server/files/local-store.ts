import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isUuid } from '$lib/uuid';

// Files on the local disk, under DATA_DIR/files: each under its random id (never its name), in
// `objects/<2 first characters>/`. A write goes to `partial/` first and is renamed into place
// once complete and flushed, so a file either exists whole or not at all; what a crash leaves
// in `partial/` is swept.

/** A file stored: its size and its SHA-256 (hex), read as it was written. */
export interface Stored {
	size: number;
	sha256: string;
}

/** The file was larger than the limit: nothing of it was kept. */
export class FileTooLarge extends Error {
	constructor(readonly limit: number) {
		super(`The file is larger than ${limit} bytes.`);
	}
}

/** Bytes `start` to `end`, both included. */
export interface ByteRange {
	start: number;
	end: number;
}

export interface FileStore {
	/**
	 * Streams `body` into the file `id`, chunk by chunk (never the whole file in memory). Throws
	 * FileTooLarge past `limit` bytes; on any failure nothing of the file is left.
	 */
	write(
		id: string,
		body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
		limit: number
	): Promise<Stored>;
	/** The file's bytes (all, or `range`); null when there is no such file. */
	read(id: string, range?: ByteRange): Promise<Readable | null>;
	/** The file's size in bytes, or null when there is no such file. */
	size(id: string): Promise<number | null>;
	/** Removes the file; nothing when it is already gone. */
	remove(id: string): Promise<void>;
	/** Removes what writes left unfinished more than `olderThanMs` ago; says how many. */
	sweepPartial(olderThanMs: number): Promise<number>;
	/** Every file's id and when it was written, to find those no row names. */
	ids(): AsyncIterable<{ id: string; writtenAt: Date }>;
}

function checked(id: string): string {
	// Ids are ours (random UUIDs), never a person's text: anything else is a bug, not a file.
	if (!isUuid(id)) throw new Error(`Not a file id: ${JSON.stringify(id)}`);
	return id.toLowerCase();
}

/** The local disk's store, rooted at `root` (DATA_DIR/files). */
export function localStore(root: string): FileStore {
	const objects = join(root, 'objects');
	const partial = join(root, 'partial');
	const pathOf = (id: string) => join(objects, id.slice(0, 2), id);

	return {
		async write(id, body, limit) {
			const key = checked(id);
			await mkdir(partial, { recursive: true });
			const temporary = join(partial, `${key}.${randomBytes(6).toString('hex')}.part`);
			const file = await open(temporary, 'wx');
			const hash = createHash('sha256');
			let size = 0;
			try {
				for await (const chunk of body) {
					size += chunk.byteLength;
					if (size > limit) throw new FileTooLarge(limit);
					hash.update(chunk);
					await file.write(chunk);
				}
				await file.sync();
				await file.close();
				await mkdir(join(objects, key.slice(0, 2)), { recursive: true });
				await rename(temporary, pathOf(key));
				return { size, sha256: hash.digest('hex') };
			} catch (e) {
				await file.close().catch(() => {});
				await rm(temporary, { force: true });
				throw e;
			}
		},

		async read(id, range) {
			// Opened now, not when first read: a file removed meanwhile is null here, not a
			// stream that fails later.
			const handle = await open(pathOf(checked(id)), 'r').catch((e: NodeJS.ErrnoException) => {
				if (e.code === 'ENOENT') return null;
				throw e;
			});
			return handle?.createReadStream(range ? { start: range.start, end: range.end } : {}) ?? null;
		},

		async size(id) {
			try {
				return (await stat(pathOf(checked(id)))).size;
			} catch {
				return null;
			}
		},

		async remove(id) {
			await rm(pathOf(checked(id)), { force: true });
		},

		async sweepPartial(olderThanMs) {
			let names: string[];
			try {
				names = await readdir(partial);
			} catch {
				return 0;
			}
			const before = Date.now() - olderThanMs;
			let removed = 0;
			for (const name of names) {
				const path = join(partial, name);
				const info = await stat(path).catch(() => null);
				if (!info || info.mtimeMs > before) continue;
				await rm(path, { force: true });
				removed++;
			}
			return removed;
		},

		async *ids() {
			const folders = await readdir(objects).catch(() => [] as string[]);
			for (const folder of folders) {
				for (const name of await readdir(join(objects, folder)).catch(() => [] as string[])) {
					if (!isUuid(name)) continue;
					const info = await stat(join(objects, folder, name)).catch(() => null);
					if (info) yield { id: name, writtenAt: info.mtime };
				}
			}
		}
	};
}

import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { fileFolders, filePreviews, files, fileVersions } from '$lib/server/db/schema';
import { BIN_DAYS } from './library';
import { fileStore } from './storage';

// What is gone for good: the bin's content past its 30 days, and the bytes no version names any
// more (purged from the bin, of a deleted group, or left by a crash between the store and the
// row). Rows go first; their bytes follow with the orphans.

const DAY = 24 * 60 * 60 * 1000;

/**
 * How old unnamed bytes must be before they are removed: an upload stores its bytes a moment
 * before its row is written, and must not lose them meanwhile.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/** Deletes the files and folders in the bin for more than BIN_DAYS; says how many. */
export async function purgeBin(now = new Date()): Promise<number> {
	const before = new Date(now.getTime() - BIN_DAYS * DAY);
	// A folder's deletion takes what it holds (the foreign keys cascade).
	const folders = await db
		.delete(fileFolders)
		.where(and(isNotNull(fileFolders.deletedAt), lt(fileFolders.deletedAt, before)))
		.returning({ id: fileFolders.id });
	const gone = await db
		.delete(files)
		.where(and(isNotNull(files.deletedAt), lt(files.deletedAt, before)))
		.returning({ id: files.id });
	return folders.length + gone.length;
}

/** Removes stored bytes no version or preview names, written more than `graceMs` ago; says how many. */
export async function sweepOrphans(graceMs = ORPHAN_GRACE_MS): Promise<number> {
	const store = fileStore();
	const before = Date.now() - graceMs;
	let removed = 0;
	let batch: string[] = [];
	const check = async () => {
		const [versions, previews] = await Promise.all([
			db.select({ id: fileVersions.id }).from(fileVersions).where(inArray(fileVersions.id, batch)),
			db
				.select({ id: filePreviews.objectId })
				.from(filePreviews)
				.where(inArray(filePreviews.objectId, batch))
		]);
		const named = new Set([...versions, ...previews].map((k) => k.id));
		for (const id of batch) {
			if (named.has(id)) continue;
			await store.remove(id);
			removed++;
		}
		batch = [];
	};
	for await (const { id, writtenAt } of store.ids()) {
		if (writtenAt.getTime() > before) continue;
		batch.push(id);
		if (batch.length >= 500) await check();
	}
	if (batch.length) await check();
	return removed;
}

/** The daily clean-up: the bin, then the orphans, then what crashed uploads left. */
export async function cleanUpFiles(): Promise<{
	purged: number;
	orphans: number;
	partial: number;
}> {
	const purged = await purgeBin();
	const orphans = await sweepOrphans();
	const partial = await fileStore().sweepPartial(DAY);
	return { purged, orphans, partial };
}

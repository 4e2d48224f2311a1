import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Database, type Transaction } from '$lib/server/db';
import { files, fileVersions } from '$lib/server/db/schema';
import { getSetting } from '$lib/server/settings';

// How much may be stored: a file's size, a group's and the network's. Every version counts,
// those in the bin too (their bytes are still kept), until they are purged.

export const FILE_LIMITS = 'files.limits';

const MB = 1024 * 1024;
const GB = 1024 * MB;

export interface FileLimits {
	maxFileBytes: number;
	groupQuotaBytes: number;
	networkQuotaBytes: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
	maxFileBytes: 100 * MB,
	groupQuotaBytes: 5 * GB,
	networkQuotaBytes: 50 * GB
};

const stored = z
	.object({
		maxFileBytes: z.number().int().positive(),
		groupQuotaBytes: z.number().int().positive(),
		networkQuotaBytes: z.number().int().positive()
	})
	.partial();

/** The limits an admin set, each one the default when not set. */
export async function fileLimits(): Promise<FileLimits> {
	const parsed = stored.safeParse(await getSetting(FILE_LIMITS));
	return { ...DEFAULT_FILE_LIMITS, ...(parsed.success ? parsed.data : {}) };
}

/** Bytes stored for `groupId`, and for the whole network. */
export async function usage(
	groupId: string,
	executor: Database | Transaction = db
): Promise<{ group: number; network: number }> {
	const [row] = await executor
		.select({
			group: sql<string>`coalesce(sum(${fileVersions.size}) filter (where ${files.groupId} = ${groupId}), 0)`,
			network: sql<string>`coalesce(sum(${fileVersions.size}), 0)`
		})
		.from(fileVersions)
		.innerJoin(files, eq(files.id, fileVersions.fileId));
	return { group: Number(row?.group ?? 0), network: Number(row?.network ?? 0) };
}

/** Bytes stored per group, for the administration's view of the quota. */
export async function usageByGroup(): Promise<Map<string, number>> {
	const rows = await db
		.select({ groupId: files.groupId, bytes: sql<string>`sum(${fileVersions.size})` })
		.from(fileVersions)
		.innerJoin(files, eq(files.id, fileVersions.fileId))
		.groupBy(files.groupId);
	return new Map(rows.map((r) => [r.groupId, Number(r.bytes)]));
}

import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Database, type Transaction } from '$lib/server/db';
import { files, fileVersions } from '$lib/server/db/schema';
import { forbidden } from '$lib/server/errors';
import { can, type Actor } from '$lib/server/policy';
import { cachedValue } from '$lib/server/cache';
import { getSetting, onSettingsChanged, setSetting } from '$lib/server/settings';

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

/** Kept in memory, forgotten when a setting changes here (another instance's: see cache.ts). */
const limits = cachedValue(async (): Promise<FileLimits> => {
	const parsed = stored.safeParse(await getSetting(FILE_LIMITS));
	return { ...DEFAULT_FILE_LIMITS, ...(parsed.success ? parsed.data : {}) };
});
onSettingsChanged(limits.forget);

/** The limits an admin set, each one the default when not set. */
export function fileLimits(): Promise<FileLimits> {
	return limits.get();
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

/** The limits as an admin types them: megabytes for a file, gigabytes for the storage. */
export const fileLimitsForm = z
	.object({
		maxFileMb: z.coerce
			.number('validation.invalid')
			.int('validation.invalid')
			.min(1, 'files.limit_range')
			.max(10 * 1024, 'files.limit_range'),
		groupQuotaGb: z.coerce
			.number('validation.invalid')
			.int('validation.invalid')
			.min(1, 'files.limit_range')
			.max(100_000, 'files.limit_range'),
		networkQuotaGb: z.coerce
			.number('validation.invalid')
			.int('validation.invalid')
			.min(1, 'files.limit_range')
			.max(100_000, 'files.limit_range')
	})
	.refine((v) => v.groupQuotaGb <= v.networkQuotaGb, {
		message: 'files.group_over_network',
		path: ['groupQuotaGb']
	});

export async function updateFileLimits(actor: Actor, input: z.output<typeof fileLimitsForm>) {
	if (!can(actor, 'settings.manage')) throw forbidden();
	const limits: FileLimits = {
		maxFileBytes: input.maxFileMb * MB,
		groupQuotaBytes: input.groupQuotaGb * GB,
		networkQuotaBytes: input.networkQuotaGb * GB
	};
	await setSetting(FILE_LIMITS, limits);
	return limits;
}

/** Where an editor sends the images and files put into it, and how large they may be. */
export interface EditorUploads {
	/** The upload's query (`groupe=<id>`): the group's library, at its top. */
	target: string;
	maxFileBytes: number;
}

/**
 * What an editor of a document of `groupId` (or a message form) needs to take files, or null
 * when the person may not add them: `allowed` is the caller's check that they may write there
 * and add to the group's library (`group.contribute`; an observer or a director may not).
 */
export async function editorUploads(
	groupId: string,
	allowed: boolean
): Promise<EditorUploads | null> {
	if (!allowed) return null;
	return { target: `groupe=${groupId}`, maxFileBytes: (await fileLimits()).maxFileBytes };
}

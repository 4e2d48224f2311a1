import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { fileFolders } from '$lib/server/db/schema';
import { memoised } from '$lib/server/cache';

// A group's folders, read all at once (a group has tens of them, not thousands): where each one
// is, whether it or a folder above it is in the bin, and the way down to it.

/** How deep folders nest: enough for any library, and a bound on every walk up the tree. */
export const MAX_DEPTH = 16;

export const folderNameSchema = z
	.string()
	.trim()
	.min(1, 'validation.required')
	.max(120, 'validation.too_long')
	.refine((name) => !/[/\\\p{Cc}]/u.test(name), 'files.folder_name_invalid');

export interface FolderRow {
	id: string;
	parentId: string | null;
	name: string;
	deletedAt: Date | null;
	deletedById: string | null;
	createdById: string | null;
}

export interface FolderTree {
	byId: Map<string, FolderRow>;
	/** The folders from the top of the library down to `id` (it included); [] when unknown. */
	path(id: string): FolderRow[];
	/** In the library: neither it nor any folder above it is in the bin. */
	live(id: string | null): boolean;
	/** Whether `id` is `ancestor` or inside it. */
	within(id: string, ancestor: string): boolean;
	/** Every folder in the library, with its path (ids and names), in the order of the names. */
	liveFolders(): { id: string; ids: string[]; names: string[] }[];
}

/** The group's folders, read once per request. */
export function folderTree(groupId: string): Promise<FolderTree> {
	return memoised(`folders:${groupId}`, async () => {
		const rows = await db
			.select({
				id: fileFolders.id,
				parentId: fileFolders.parentId,
				name: fileFolders.name,
				deletedAt: fileFolders.deletedAt,
				deletedById: fileFolders.deletedById,
				createdById: fileFolders.createdById
			})
			.from(fileFolders)
			.where(eq(fileFolders.groupId, groupId));
		return treeOf(rows);
	});
}

export function treeOf(rows: FolderRow[]): FolderTree {
	const byId = new Map(rows.map((r) => [r.id, r]));
	const path = (id: string): FolderRow[] => {
		const chain: FolderRow[] = [];
		for (let at = byId.get(id); at && chain.length <= MAX_DEPTH; at = byId.get(at.parentId ?? ''))
			chain.unshift(at);
		return chain;
	};
	const live = (id: string | null) => id === null || path(id).every((f) => !f.deletedAt);
	return {
		byId,
		path,
		live: (id) => (id === null ? true : byId.has(id) && live(id)),
		within: (id, ancestor) => path(id).some((f) => f.id === ancestor),
		liveFolders: () =>
			rows
				.filter((r) => live(r.id))
				.map((r) => {
					const chain = path(r.id);
					return { id: r.id, ids: chain.map((f) => f.id), names: chain.map((f) => f.name) };
				})
				.sort((a, b) => a.names.join('\u0000').localeCompare(b.names.join('\u0000'), 'fr'))
	};
}

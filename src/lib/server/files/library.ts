import { aliasedTable, and, asc, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { db, type Transaction } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import {
	fileFolders,
	files,
	fileVersions,
	users,
	type NewActivityEntry,
	type StoredFile
} from '$lib/server/db/schema';
import * as activityLog from '$lib/server/activity';
import { forbidden, notFound, ServiceError } from '$lib/server/errors';
import { access as groupAccess, type GroupAccess } from '$lib/server/groups';
import * as live from '$lib/server/live';
import { can, type Actor } from '$lib/server/policy';
import { isUuid } from '$lib/uuid';
import { folderTree, MAX_DEPTH, type FolderTree } from './folders';
import { cleanFileName } from './names';

// A group's library: its folders and files, moved, renamed, sent to the bin and brought back.
// Every call checks the person's rights in the group; a file or folder of a group they may not
// see is "not found", like one that does not exist.

/** How long the bin keeps what was deleted before it is gone for good. */
export const BIN_DAYS = 30;
const BIN_MS = BIN_DAYS * 24 * 60 * 60 * 1000;

/** A file with its group, if the person may see that group and the file is in its library. */
export async function fileAccess(
	actor: Actor,
	fileId: string,
	options: { inBin?: boolean } = {}
): Promise<GroupAccess & { file: StoredFile; tree: FolderTree }> {
	if (!actor) throw forbidden();
	if (!isUuid(fileId)) throw notFound();
	const [file] = await db.select().from(files).where(eq(files.id, fileId));
	if (!file) throw notFound();
	const access = await groupAccess(actor, file.groupId);
	const tree = await folderTree(file.groupId);
	const inLibrary = !file.deletedAt && tree.live(file.folderId);
	if (inLibrary === !!options.inBin) throw notFound();
	return { ...access, file, tree };
}

/** A folder of the group's library, if the person may see the group; null is the top. */
async function folderAccess(actor: Actor, groupId: string, folderId: string | null) {
	const access = await groupAccess(actor, groupId);
	const tree = await folderTree(groupId);
	if (folderId !== null && (!isUuid(folderId) || !tree.live(folderId))) throw notFound();
	return { ...access, tree };
}

/** Makes a change and writes its activity entry, both or neither. */
async function changeRecorded(
	change: (tx: Transaction) => PromiseLike<unknown>,
	entry: NewActivityEntry
): Promise<void> {
	await db.transaction(async (tx) => {
		await change(tx);
		await activityLog.record(tx, entry);
	});
	if (entry.groupId) live.publish({ type: 'files', groupId: entry.groupId });
}

function requireContribute(access: GroupAccess, actor: Actor) {
	if (!can(actor, 'group.contribute', access.context)) throw forbidden();
}

/**
 * The folder shown and the way to it, its folders and a page of its files: `pageOf` says which,
 * knowing how many there are.
 */
export async function listFolder<P extends { offset: number; limit: number }>(
	actor: Actor,
	groupId: string,
	folderId: string | null,
	pageOf: (total: number) => P
) {
	const { tree, context } = await folderAccess(actor, groupId, folderId);
	const path = folderId ? tree.path(folderId).map((f) => ({ id: f.id, name: f.name })) : [];
	const children = [...tree.byId.values()].filter((f) => f.parentId === folderId && !f.deletedAt);
	const where = and(
		eq(files.groupId, groupId),
		folderId === null ? isNull(files.folderId) : eq(files.folderId, folderId),
		isNull(files.deletedAt)
	);
	const [counted] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(files)
		.where(where);
	const total = counted?.n ?? 0;
	const page = pageOf(total);
	const updater = aliasedTable(users, 'updater');
	const [rows, fileCounts] = await Promise.all([
		total === 0
			? Promise.resolve([])
			: db
					.select({
						id: files.id,
						name: files.name,
						size: files.size,
						mime: files.mime,
						versions: files.versions,
						updatedAt: files.updatedAt,
						updatedBy: updater.name,
						createdById: files.createdById
					})
					.from(files)
					.leftJoin(updater, eq(updater.id, files.updatedById))
					.where(where)
					.orderBy(frenchOrder(files.name), asc(files.id))
					.offset(page.offset)
					.limit(page.limit),
		children.length
			? db
					.select({ folderId: files.folderId, n: sql<number>`count(*)::int` })
					.from(files)
					.where(
						and(
							inArray(
								files.folderId,
								children.map((c) => c.id)
							),
							isNull(files.deletedAt)
						)
					)
					.groupBy(files.folderId)
			: Promise.resolve([])
	]);
	const mayRemove = (createdById: string | null) =>
		can(actor, 'file.remove', { ...context, uploader: createdById === actor?.id });
	const filesIn = new Map(fileCounts.map((c) => [c.folderId, c.n]));
	const foldersIn = (id: string) =>
		[...tree.byId.values()].filter((f) => f.parentId === id && !f.deletedAt).length;
	return {
		path,
		folders: children
			.map((f) => ({ id: f.id, name: f.name, items: (filesIn.get(f.id) ?? 0) + foldersIn(f.id) }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		files: rows.map(({ createdById, ...file }) => ({ ...file, canRemove: mayRemove(createdById) })),
		total,
		page,
		/** The folder shown: whether the person may send it to the bin. */
		canRemoveFolder: folderId ? mayRemove(tree.byId.get(folderId)!.createdById) : false,
		/** Where a file or folder may be moved to: the top, then every folder by its path. */
		destinations: tree.liveFolders()
	};
}

/** A file's page: the file, who uploaded it, and each of its versions, the newest first. */
export async function fileDetails(actor: Actor, fileId: string) {
	const access = await fileAccess(actor, fileId);
	const versions = await db
		.select({
			id: fileVersions.id,
			number: fileVersions.number,
			name: fileVersions.name,
			size: fileVersions.size,
			mime: fileVersions.mime,
			inline: fileVersions.inline,
			uploadedAt: fileVersions.uploadedAt,
			uploadedBy: users.name
		})
		.from(fileVersions)
		.leftJoin(users, eq(users.id, fileVersions.uploadedById))
		.where(eq(fileVersions.fileId, fileId))
		.orderBy(desc(fileVersions.number));
	const path = access.file.folderId
		? access.tree.path(access.file.folderId).map((f) => ({ id: f.id, name: f.name }))
		: [];
	return {
		...access,
		versions,
		path,
		destinations: access.tree.liveFolders(),
		canRemove: can(actor, 'file.remove', {
			...access.context,
			uploader: access.file.createdById === actor?.id
		})
	};
}

export async function createFolder(
	actor: Actor,
	groupId: string,
	parentId: string | null,
	name: string
) {
	const access = await folderAccess(actor, groupId, parentId);
	requireContribute(access, actor);
	if (parentId && access.tree.path(parentId).length >= MAX_DEPTH) {
		throw new ServiceError('invalid', 'files.too_deep', 'name');
	}
	return db.transaction(async (tx) => {
		const [folder] = await tx
			.insert(fileFolders)
			.values({ groupId, parentId, name, createdById: actor!.id })
			.returning();
		await activityLog.record(tx, {
			groupId,
			actorId: actor!.id,
			subjectType: 'folder',
			subjectId: folder.id,
			verb: 'created',
			label: name
		});
		return folder;
	});
}

export async function renameFolder(actor: Actor, groupId: string, folderId: string, name: string) {
	if (!isUuid(folderId)) throw notFound();
	const access = await folderAccess(actor, groupId, folderId);
	requireContribute(access, actor);
	const before = access.tree.byId.get(folderId)!.name;
	if (before === name) return;
	await changeRecorded(
		(tx) => tx.update(fileFolders).set({ name }).where(eq(fileFolders.id, folderId)),
		{
			groupId,
			actorId: actor!.id,
			subjectType: 'folder',
			subjectId: folderId,
			verb: 'renamed',
			label: name,
			before: { name: before }
		}
	);
}

export async function renameFile(actor: Actor, fileId: string, rawName: string) {
	const access = await fileAccess(actor, fileId);
	requireContribute(access, actor);
	const name = cleanFileName(rawName, '');
	if (!name) throw new ServiceError('invalid', 'validation.required', 'name');
	if (name === access.file.name) return;
	await changeRecorded(
		(tx) =>
			tx
				.update(files)
				.set({ name, updatedAt: sql`now()`, updatedById: actor!.id })
				.where(eq(files.id, fileId)),
		{
			groupId: access.file.groupId,
			actorId: actor!.id,
			subjectType: 'file',
			subjectId: fileId,
			verb: 'renamed',
			label: name,
			before: { name: access.file.name }
		}
	);
}

/** Moves a file into `folderId` (null: the top of the library). */
export async function moveFile(actor: Actor, fileId: string, folderId: string | null) {
	const access = await fileAccess(actor, fileId);
	requireContribute(access, actor);
	if (folderId !== null && (!isUuid(folderId) || !access.tree.live(folderId))) {
		throw new ServiceError('invalid', 'files.destination_invalid', 'folder');
	}
	if (folderId === access.file.folderId) return;
	await changeRecorded((tx) => tx.update(files).set({ folderId }).where(eq(files.id, fileId)), {
		groupId: access.file.groupId,
		actorId: actor!.id,
		subjectType: 'file',
		subjectId: fileId,
		verb: 'moved',
		label: access.file.name,
		after: { folder: folderId ? access.tree.byId.get(folderId)!.name : null }
	});
}

/** Moves a folder, with what it holds, into `parentId`; never into itself or its own folders. */
export async function moveFolder(
	actor: Actor,
	groupId: string,
	folderId: string,
	parentId: string | null
) {
	if (!isUuid(folderId)) throw notFound();
	const access = await folderAccess(actor, groupId, folderId);
	requireContribute(access, actor);
	const { tree } = access;
	const valid =
		parentId === null ||
		(isUuid(parentId) &&
			tree.live(parentId) &&
			!tree.within(parentId, folderId) &&
			tree.path(parentId).length + depthBelow(tree, folderId) < MAX_DEPTH);
	if (!valid) throw new ServiceError('invalid', 'files.destination_invalid', 'folder');
	const folder = tree.byId.get(folderId)!;
	if (folder.parentId === parentId) return;
	await changeRecorded(
		(tx) => tx.update(fileFolders).set({ parentId }).where(eq(fileFolders.id, folderId)),
		{
			groupId,
			actorId: actor!.id,
			subjectType: 'folder',
			subjectId: folderId,
			verb: 'moved',
			label: folder.name,
			after: { folder: parentId ? tree.byId.get(parentId)!.name : null }
		}
	);
}

/** How many levels of folders `folderId` holds, itself included. */
function depthBelow(tree: FolderTree, folderId: string): number {
	const children = [...tree.byId.values()].filter((f) => f.parentId === folderId);
	return 1 + Math.max(0, ...children.map((c) => depthBelow(tree, c.id)));
}

/** Sends a file to the group's bin. */
export async function removeFile(actor: Actor, fileId: string) {
	const access = await fileAccess(actor, fileId);
	const uploader = access.file.createdById === actor?.id;
	if (!can(actor, 'file.remove', { ...access.context, uploader })) throw forbidden();
	await changeRecorded(
		(tx) =>
			tx
				.update(files)
				.set({ deletedAt: sql`now()`, deletedById: actor!.id })
				.where(eq(files.id, fileId)),
		{
			groupId: access.file.groupId,
			actorId: actor!.id,
			subjectType: 'file',
			subjectId: fileId,
			verb: 'deleted',
			label: access.file.name
		}
	);
}

/** Sends a folder, with everything in it, to the group's bin. */
export async function removeFolder(actor: Actor, groupId: string, folderId: string) {
	if (!isUuid(folderId)) throw notFound();
	const access = await folderAccess(actor, groupId, folderId);
	const folder = access.tree.byId.get(folderId)!;
	const uploader = folder.createdById === actor?.id;
	if (!can(actor, 'file.remove', { ...access.context, uploader })) throw forbidden();
	await changeRecorded(
		(tx) =>
			tx
				.update(fileFolders)
				.set({ deletedAt: sql`now()`, deletedById: actor!.id })
				.where(eq(fileFolders.id, folderId)),
		{
			groupId,
			actorId: actor!.id,
			subjectType: 'folder',
			subjectId: folderId,
			verb: 'deleted',
			label: folder.name
		}
	);
	return { parentId: folder.parentId };
}

/** What the group's bin holds, the latest first, and whether the person may bring each back. */
export async function bin(actor: Actor, groupId: string) {
	const access = await groupAccess(actor, groupId);
	const tree = await folderTree(groupId);
	const since = new Date(Date.now() - BIN_MS);
	const deleter = aliasedTable(users, 'deleter');
	const [binnedFiles, binnedFolders] = await Promise.all([
		db
			.select({
				id: files.id,
				name: files.name,
				size: files.size,
				mime: files.mime,
				folderId: files.folderId,
				createdById: files.createdById,
				deletedAt: files.deletedAt,
				deletedBy: deleter.name
			})
			.from(files)
			.leftJoin(deleter, eq(deleter.id, files.deletedById))
			.where(
				and(eq(files.groupId, groupId), isNotNull(files.deletedAt), gt(files.deletedAt, since))
			),
		db
			.select({
				id: fileFolders.id,
				name: fileFolders.name,
				parentId: fileFolders.parentId,
				createdById: fileFolders.createdById,
				deletedAt: fileFolders.deletedAt,
				deletedBy: deleter.name
			})
			.from(fileFolders)
			.leftJoin(deleter, eq(deleter.id, fileFolders.deletedById))
			.where(
				and(
					eq(fileFolders.groupId, groupId),
					isNotNull(fileFolders.deletedAt),
					gt(fileFolders.deletedAt, since)
				)
			)
	]);
	const mayRestore = (createdById: string | null) =>
		can(actor, 'file.remove', { ...access.context, uploader: createdById === actor?.id });
	const purgedOn = (deletedAt: Date) => new Date(deletedAt.getTime() + BIN_MS);
	// What lies in a folder that is itself in the bin comes back with it: listed under it, not
	// on its own.
	const underBinnedFolder = (parentId: string | null) => parentId !== null && !tree.live(parentId);
	return [
		...binnedFolders
			.filter((f) => !underBinnedFolder(f.parentId))
			.map((f) => ({
				kind: 'folder' as const,
				id: f.id,
				name: f.name,
				size: null,
				mime: null,
				deletedAt: f.deletedAt!,
				deletedBy: f.deletedBy,
				purgedOn: purgedOn(f.deletedAt!),
				canRestore: mayRestore(f.createdById)
			})),
		...binnedFiles
			.filter((f) => !underBinnedFolder(f.folderId))
			.map((f) => ({
				kind: 'file' as const,
				id: f.id,
				name: f.name,
				size: f.size,
				mime: f.mime,
				deletedAt: f.deletedAt!,
				deletedBy: f.deletedBy,
				purgedOn: purgedOn(f.deletedAt!),
				canRestore: mayRestore(f.createdById)
			}))
	].sort((a, b) => b.deletedAt.getTime() - a.deletedAt.getTime());
}

/**
 * Brings a file back from the bin, to its folder, or to the top of the library when its folder
 * is no longer there.
 */
export async function restoreFile(actor: Actor, groupId: string, fileId: string) {
	const access = await fileAccess(actor, fileId, { inBin: true });
	const { file, tree } = access;
	// In the bin itself, not only under a folder that is: that one comes back with its folder.
	if (!file.deletedAt || file.groupId !== groupId) throw notFound();
	if (!can(actor, 'file.remove', { ...access.context, uploader: file.createdById === actor?.id }))
		throw forbidden();
	const folderId = tree.live(file.folderId) ? file.folderId : null;
	await changeRecorded(
		(tx) =>
			tx
				.update(files)
				.set({ deletedAt: null, deletedById: null, folderId })
				.where(eq(files.id, fileId)),
		{
			groupId: file.groupId,
			actorId: actor!.id,
			subjectType: 'file',
			subjectId: fileId,
			verb: 'restored',
			label: file.name
		}
	);
	return { name: file.name, folderId };
}

/** Brings a folder back from the bin with what it held; to the top when its parent is gone. */
export async function restoreFolder(actor: Actor, groupId: string, folderId: string) {
	if (!isUuid(folderId)) throw notFound();
	const access = await groupAccess(actor, groupId);
	const tree = await folderTree(groupId);
	const folder = tree.byId.get(folderId);
	if (!folder?.deletedAt) throw notFound();
	if (!can(actor, 'file.remove', { ...access.context, uploader: folder.createdById === actor?.id }))
		throw forbidden();
	const parentId = tree.live(folder.parentId) ? folder.parentId : null;
	await changeRecorded(
		(tx) =>
			tx
				.update(fileFolders)
				.set({ deletedAt: null, deletedById: null, parentId })
				.where(eq(fileFolders.id, folderId)),
		{
			groupId,
			actorId: actor!.id,
			subjectType: 'folder',
			subjectId: folderId,
			verb: 'restored',
			label: folder.name
		}
	);
	return { name: folder.name, parentId };
}

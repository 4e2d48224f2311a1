import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Transaction } from '$lib/server/db';
import { attachments, files } from '$lib/server/db/schema';
import { forbidden, ServiceError } from '$lib/server/errors';
import type { Actor } from '$lib/server/policy';
import { plain } from '$lib/text';
import { folderTree } from './folders';
import { thumbnailed } from './previews';

/**
 * Files of a group's library attached to a message, a meeting or an action of the same group. Attaching never copies a file: the library keeps it, with its versions and its bin; an
 * attachment whose file went to the bin is not shown until it is restored.
 */

export type AttachmentSubject = 'message' | 'meeting' | 'action';

/** At most this many files on one message. */
export const MAX_ATTACHMENTS = 10;

/** A form's `attachments` field: the files' ids, separated by commas. */
export const attachmentsField = z
	.string()
	.max(2000)
	.optional()
	.default('')
	.transform((value) => [
		...new Set(
			value
				.split(',')
				.map((id) => id.trim())
				.filter(Boolean)
		)
	])
	.pipe(
		z.array(z.uuid('files.attachment_invalid')).max(MAX_ATTACHMENTS, 'files.too_many_attachments')
	);

/** What a page shows of an attached file. */
export interface Attachment {
	fileId: string;
	name: string;
	size: number;
	mime: string;
	/** Whether it is shown by a small image of itself. */
	preview: boolean;
}

/**
 * Checks that every file of `fileIds` is in `groupId`'s library and not in its bin: what a
 * person attaches comes from where they are (a message of this group), whatever ids the form
 * carried. Refused as a whole, with nothing attached.
 */
export async function checkAttachable(groupId: string, fileIds: string[]): Promise<void> {
	if (fileIds.length === 0) return;
	const [found, tree] = await Promise.all([
		db
			.select({ id: files.id, folderId: files.folderId })
			.from(files)
			.where(and(inArray(files.id, fileIds), eq(files.groupId, groupId), isNull(files.deletedAt))),
		folderTree(groupId)
	]);
	if (found.filter((f) => tree.live(f.folderId)).length !== fileIds.length) {
		throw new ServiceError('invalid', 'files.attachment_invalid', 'attachments');
	}
}

/** Attaches `fileIds` (checked by `checkAttachable`) to a subject, in this order. */
export async function attach(
	tx: Transaction,
	subject: { type: AttachmentSubject; id: string },
	fileIds: string[],
	attachedById: string
): Promise<void> {
	if (fileIds.length === 0) return;
	await tx
		.insert(attachments)
		.values(
			fileIds.map((fileId, position) => ({
				fileId,
				subjectType: subject.type,
				subjectId: subject.id,
				position,
				attachedById
			}))
		)
		.onConflictDoNothing();
}

/**
 * The files attached to each of `subjectIds` (subjects of `groupId`, which the caller has checked
 * the reader may see), in order, without those in the bin (or in a folder in the bin). Only files
 * of that group are shown: a thread moved to another group shows nothing, not even the names, of
 * the files of the group it left.
 */
export async function attachmentsOf(
	type: AttachmentSubject,
	subjectIds: string[],
	groupId: string
): Promise<Map<string, Attachment[]>> {
	const bySubject = new Map<string, Attachment[]>();
	if (subjectIds.length === 0) return bySubject;
	const rows = await db
		.select({
			subjectId: attachments.subjectId,
			fileId: files.id,
			name: files.name,
			size: files.size,
			mime: files.mime,
			folderId: files.folderId
		})
		.from(attachments)
		.innerJoin(files, eq(files.id, attachments.fileId))
		.where(
			and(
				eq(attachments.subjectType, type),
				inArray(attachments.subjectId, subjectIds),
				eq(files.groupId, groupId),
				isNull(files.deletedAt)
			)
		)
		.orderBy(asc(attachments.subjectId), asc(attachments.position));
	if (rows.length === 0) return bySubject;
	const tree = await folderTree(groupId);
	for (const { subjectId, folderId, ...file } of rows) {
		if (!tree.live(folderId)) continue;
		const list = bySubject.get(subjectId) ?? [];
		list.push({ ...file, size: Number(file.size), preview: thumbnailed(file.mime) });
		bySubject.set(subjectId, list);
	}
	return bySubject;
}

/** How many files the library's picker offers at once. */
const CHOICES = 20;

/**
 * Files of `groupId`'s library a person may attach, for the picker: those whose name holds
 * `query` (accents and case aside), else the latest changed; never one in the bin or in a
 * folder in the bin. The caller has checked that the person may add to the group.
 */
export async function choosable(groupId: string, query: string): Promise<Attachment[]> {
	const words = plain(query.slice(0, 100)).split(/\s+/).filter(Boolean);
	const tree = await folderTree(groupId);
	const rows = await db
		.select({
			fileId: files.id,
			name: files.name,
			size: files.size,
			mime: files.mime,
			folderId: files.folderId
		})
		.from(files)
		.where(and(eq(files.groupId, groupId), isNull(files.deletedAt)))
		.orderBy(desc(files.updatedAt))
		.limit(words.length ? 2000 : CHOICES * 2);
	return rows
		.filter((r) => tree.live(r.folderId))
		.filter((r) => words.every((w) => plain(r.name).includes(w)))
		.slice(0, CHOICES)
		.map((r) => ({
			fileId: r.fileId,
			name: r.name,
			size: r.size,
			mime: r.mime,
			preview: thumbnailed(r.mime)
		}));
}

/** What files are attached to: its kind, its id, and the group whose library they come from. */
export interface AttachmentPlace {
	type: AttachmentSubject;
	id: string;
	groupId: string;
}

/**
 * Attaches `fileIds` to a meeting or an action, after the files it already has. The caller has
 * checked that `actor` may change it; each file must be a live file of its group.
 */
export async function attachTo(actor: Actor, place: AttachmentPlace, fileIds: string[]) {
	if (!actor) throw forbidden();
	if (fileIds.length === 0) throw new ServiceError('invalid', 'files.attach_none', 'attachments');
	await checkAttachable(place.groupId, fileIds);
	await db.transaction(async (tx) => {
		const [{ next }] = await tx
			.select({ next: sql<number>`coalesce(max(${attachments.position}) + 1, 0)::int` })
			.from(attachments)
			.where(and(eq(attachments.subjectType, place.type), eq(attachments.subjectId, place.id)));
		await tx
			.insert(attachments)
			.values(
				fileIds.map((fileId, i) => ({
					fileId,
					subjectType: place.type,
					subjectId: place.id,
					position: next + i,
					attachedById: actor.id
				}))
			)
			.onConflictDoNothing();
	});
}

/** Takes a file off a meeting or an action (the file stays in the library). */
export async function detachFrom(place: AttachmentPlace, fileId: string): Promise<void> {
	await db
		.delete(attachments)
		.where(
			and(
				eq(attachments.subjectType, place.type),
				eq(attachments.subjectId, place.id),
				eq(attachments.fileId, fileId)
			)
		);
}

/** The form that attaches files to a meeting or an action. */
export const attachForm = z.object({ attachments: attachmentsField });
/** The form that takes one off. */
export const detachForm = z.object({ fileId: z.uuid('validation.invalid') });

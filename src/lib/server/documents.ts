import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { documentHtml, documentTasks, documentText } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import { documents, documentUpdates, groups, users, type Document } from '$lib/server/db/schema';
import * as activityLog from './activity';
import type { SessionUser } from './auth/session';
import { updateFromJson } from '$lib/richtext/content';
import { forbidden, notFound } from './errors';
import { accessChanged } from './events';
import { access as groupAccess, membershipOf } from './groups';
import { can, type Actor, type GroupContext } from './policy';

export const documentSchema = z.object({
	title: z.string().trim().min(1, 'validation.required').max(160, 'validation.too_long'),
	tags: z
		.string()
		.max(500, 'validation.too_long')
		.optional()
		.default('')
		.transform((raw) => [
			...new Set(
				raw
					.split(',')
					.map((t) => t.trim().toLocaleLowerCase('fr'))
					.filter(Boolean)
			)
		])
		.refine(
			(tags) => tags.length <= 10 && tags.every((t) => t.length <= 40),
			'document.tags_invalid'
		)
});
export type DocumentInput = z.output<typeof documentSchema>;

export interface DocumentRights {
	canRead: boolean;
	canWrite: boolean;
	archived: boolean;
	document?: Document;
	context?: GroupContext;
}

/**
 * What a person may do with a document: read it when they may see its group, write when they
 * may contribute to the group and the document is not archived.
 */
export async function rights(
	actor: Pick<SessionUser, 'id' | 'role' | 'organisationId'> | null,
	documentId: string
): Promise<DocumentRights> {
	const none = { canRead: false, canWrite: false, archived: false };
	if (!actor || !/^[0-9a-f-]{36}$/i.test(documentId)) return none;
	const [row] = await db
		.select({ document: documents, group: groups })
		.from(documents)
		.innerJoin(groups, eq(groups.id, documents.groupId))
		.where(eq(documents.id, documentId));
	if (!row) return none;
	const membership = await membershipOf(actor.id, row.group.id);
	const context: GroupContext = {
		status: row.group.status,
		joinPolicy: row.group.joinPolicy,
		membership
	};
	const canRead = can(actor, 'group.view', context);
	const archived = row.document.archivedAt !== null;
	return {
		canRead,
		canWrite: canRead && !archived && can(actor, 'group.contribute', context),
		archived,
		document: row.document,
		context
	};
}

/** The document if the person may read it; not found otherwise (closed groups leak nothing). */
export async function access(actor: Actor, documentId: string) {
	const r = await rights(actor, documentId);
	if (!r.canRead || !r.document) throw notFound();
	return r as DocumentRights & { document: Document; context: GroupContext };
}

/** The group's documents with who edited each last; archived ones only when asked. */
export async function listForGroup(actor: Actor, groupId: string, archived = false) {
	await groupAccess(actor, groupId);
	return db
		.select({
			id: documents.id,
			title: documents.title,
			tags: documents.tags,
			kind: documents.kind,
			lastEditedAt: documents.lastEditedAt,
			archivedAt: documents.archivedAt,
			lastEditor: users.name
		})
		.from(documents)
		.leftJoin(users, eq(users.id, documents.lastEditorId))
		.where(
			and(
				eq(documents.groupId, groupId),
				archived ? isNotNull(documents.archivedAt) : isNull(documents.archivedAt)
			)
		)
		.orderBy(desc(documents.lastEditedAt));
}

/**
 * Creates a document in a group, with initial content when given (a template): the content is
 * stored as the document's first Yjs update, written on the server, so that no two browsers
 * ever seed it twice.
 */
export async function create(
	actor: Actor,
	groupId: string,
	input: DocumentInput,
	options: { kind?: 'document' | 'notes'; content?: RichNode } = {}
): Promise<Document> {
	const { context } = await groupAccess(actor, groupId);
	if (!can(actor, 'group.contribute', context)) throw forbidden();
	const content = options.content;
	return db.transaction(async (tx) => {
		const [document] = await tx
			.insert(documents)
			.values({
				groupId,
				title: input.title,
				tags: input.tags,
				kind: options.kind ?? 'document',
				createdById: actor!.id,
				lastEditorId: actor!.id,
				...(content
					? {
							html: documentHtml(content),
							plainText: documentText(content),
							tasks: documentTasks(content),
							derivedAt: new Date()
						}
					: {})
			})
			.returning();
		if (content) {
			await tx
				.insert(documentUpdates)
				.values({ documentId: document.id, data: updateFromJson(content), userId: actor!.id });
		}
		await activityLog.record(tx, {
			groupId,
			actorId: actor!.id,
			subjectType: 'document',
			subjectId: document.id,
			verb: 'created',
			label: document.title
		});
		return document;
	});
}

export async function rename(actor: Actor, documentId: string, input: DocumentInput) {
	const r = await access(actor, documentId);
	if (!r.canWrite) throw forbidden();
	await db.transaction(async (tx) => {
		await tx
			.update(documents)
			.set({ title: input.title, tags: input.tags })
			.where(eq(documents.id, documentId));
		if (input.title !== r.document.title) {
			await activityLog.record(tx, {
				groupId: r.document.groupId,
				actorId: actor!.id,
				subjectType: 'document',
				subjectId: documentId,
				verb: 'renamed',
				label: input.title,
				before: { title: r.document.title },
				after: { title: input.title }
			});
		}
	});
}

/**
 * Archives a document (it stays readable, no longer editable: open editors turn read-only) or
 * restores it. Both need the right to write in the group.
 */
export async function setArchived(actor: Actor, documentId: string, archived: boolean) {
	const r = await access(actor, documentId);
	if (!can(actor, 'group.contribute', r.context)) throw forbidden();
	if ((r.document.archivedAt !== null) === archived) return;
	await db.transaction(async (tx) => {
		await tx
			.update(documents)
			.set({ archivedAt: archived ? new Date() : null })
			.where(eq(documents.id, documentId));
		await activityLog.record(tx, {
			groupId: r.document.groupId,
			actorId: actor!.id,
			subjectType: 'document',
			subjectId: documentId,
			verb: archived ? 'archived' : 'restored',
			label: r.document.title
		});
	});
	accessChanged({ documentId });
}

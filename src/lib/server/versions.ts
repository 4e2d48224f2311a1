import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import * as Y from 'yjs';
import { jsonFromDoc, jsonFromState, replaceContent } from '$lib/richtext/content';
import { documentHtml } from '$lib/richtext/document';
import { db } from '$lib/server/db';
import { documentVersions, users } from '$lib/server/db/schema';
import * as activityLog from './activity';
import { access } from './documents';
import { forbidden, notFound } from './errors';
import { withLiveDocument } from './live-documents';
import type { Actor } from './policy';

export const versionSchema = z.object({
	name: z.string().trim().min(1, 'validation.required').max(120, 'validation.too_long')
});
export const versionIdSchema = z.object({ versionId: z.uuid('validation.invalid') });

/** Saves the document as it is now (what its editors see) under a name. */
export async function save(actor: Actor, documentId: string, name: string) {
	const r = await access(actor, documentId);
	if (!r.canWrite) throw forbidden();
	const { state, html } = await withLiveDocument(documentId, ({ doc }) => ({
		state: Y.encodeStateAsUpdate(doc),
		html: documentHtml(jsonFromDoc(doc))
	}));
	return db.transaction(async (tx) => {
		const [version] = await tx
			.insert(documentVersions)
			.values({ documentId, name, state, html, createdById: actor!.id })
			.returning({ id: documentVersions.id });
		await activityLog.record(tx, {
			groupId: r.document.groupId,
			actorId: actor!.id,
			subjectType: 'document',
			subjectId: documentId,
			verb: 'version_saved',
			label: r.document.title,
			after: { version: name }
		});
		return version;
	});
}

export async function list(actor: Actor, documentId: string) {
	await access(actor, documentId);
	return db
		.select({
			id: documentVersions.id,
			name: documentVersions.name,
			createdAt: documentVersions.createdAt,
			author: users.name
		})
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdById))
		.where(eq(documentVersions.documentId, documentId))
		.orderBy(desc(documentVersions.createdAt));
}

export async function get(actor: Actor, documentId: string, versionId: string) {
	await access(actor, documentId);
	const [version] = await db
		.select({
			id: documentVersions.id,
			name: documentVersions.name,
			html: documentVersions.html,
			state: documentVersions.state,
			createdAt: documentVersions.createdAt,
			author: users.name
		})
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdById))
		.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)));
	if (!version) throw notFound();
	return version;
}

/**
 * Restores a version as a new edit that every open editor sees live. What the document held
 * just before is saved as a version first, so restoring can itself be undone.
 */
export async function restore(
	actor: Actor,
	documentId: string,
	versionId: string,
	backupName: string
) {
	const r = await access(actor, documentId);
	if (!r.canWrite) throw forbidden();
	const version = await get(actor, documentId, versionId);
	await save(actor, documentId, backupName);
	await withLiveDocument(documentId, (live) =>
		live.edit(actor!.id, (doc) => replaceContent(doc, jsonFromState(version.state)))
	);
	await activityLog.record(db, {
		groupId: r.document.groupId,
		actorId: actor!.id,
		subjectType: 'document',
		subjectId: documentId,
		verb: 'version_restored',
		label: r.document.title,
		after: { version: version.name }
	});
}

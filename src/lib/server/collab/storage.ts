import { and, asc, eq, lte, max } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '$lib/server/db';
import { documentSnapshots, documentUpdates } from '$lib/server/db/schema';

/** The stored state of a document: its snapshot (if any) and the updates appended after it. */
export async function loadUpdates(documentId: string): Promise<Uint8Array[]> {
	// The updates first, the snapshot second. A compaction committing between the two reads folds
	// into the snapshot only rows already read or written later, so nothing is missed; read the
	// other way round, an old snapshot could meet a table the compaction has just emptied.
	const rows = await db
		.select({ id: documentUpdates.id, data: documentUpdates.data })
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, documentId))
		.orderBy(asc(documentUpdates.id));
	const [snapshot] = await db
		.select()
		.from(documentSnapshots)
		.where(eq(documentSnapshots.documentId, documentId));
	const after = rows.filter((r) => r.id > (snapshot?.upToId ?? 0));
	return [...(snapshot ? [snapshot.state] : []), ...after.map((r) => r.data)];
}

/** A Y.Doc holding everything stored for the document. */
export async function loadDoc(documentId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const updates = await loadUpdates(documentId);
	Y.transact(
		doc,
		() => {
			for (const update of updates) Y.applyUpdate(doc, update);
		},
		'load'
	);
	return doc;
}

/**
 * Folds every stored update of the document into its snapshot, in one transaction. Only rows
 * that exist when it starts are folded and deleted; the writer never runs at the same time
 * (compaction is one of its jobs), so no update can slip in below the mark.
 */
export async function compact(documentId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const [top] = await tx
			.select({ id: max(documentUpdates.id) })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, documentId));
		const upToId = top?.id;
		if (!upToId) return;
		const [snapshot] = await tx
			.select()
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, documentId));
		const rows = await tx
			.select({ data: documentUpdates.data })
			.from(documentUpdates)
			.where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, upToId)))
			.orderBy(asc(documentUpdates.id));
		const doc = new Y.Doc();
		Y.transact(doc, () => {
			if (snapshot) Y.applyUpdate(doc, snapshot.state);
			for (const row of rows) Y.applyUpdate(doc, row.data);
		});
		const state = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		await tx
			.insert(documentSnapshots)
			.values({ documentId, state, upToId, updatedAt: new Date() })
			.onConflictDoUpdate({
				target: documentSnapshots.documentId,
				set: { state, upToId, updatedAt: new Date() }
			});
		await tx
			.delete(documentUpdates)
			.where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, upToId)));
	});
}

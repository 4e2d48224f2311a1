import { and, asc, eq, lte, max } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '$lib/server/db';
import { documentSnapshots, documentUpdates } from '$lib/server/db/schema';
import { applyInSlices, sliceState, yieldToLoop } from './slices';

/** What is stored of a document: its snapshot's parts (if any) and the updates appended after it. */
export interface StoredState {
	snapshot: Uint8Array[];
	updates: Uint8Array[];
}

/** The stored state of a document, to apply in order: snapshot parts, then updates. */
export async function loadStored(documentId: string): Promise<StoredState> {
	// The updates first, the snapshot second. A compaction committing between the two reads folds
	// into the snapshot only rows already read or written later, so nothing is missed; read the
	// other way round, an old snapshot could meet a table the compaction has just emptied.
	const rows = await db
		.select({ id: documentUpdates.id, data: documentUpdates.data })
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, documentId))
		.orderBy(asc(documentUpdates.id));
	const parts = await db
		.select({ state: documentSnapshots.state, upToId: documentSnapshots.upToId })
		.from(documentSnapshots)
		.where(eq(documentSnapshots.documentId, documentId))
		.orderBy(asc(documentSnapshots.part));
	const after = rows.filter((r) => r.id > (parts[0]?.upToId ?? 0));
	return { snapshot: parts.map((p) => p.state), updates: after.map((r) => r.data) };
}

/** A Y.Doc holding everything stored for the document, loaded without holding up the others. */
export async function loadDoc(documentId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const { snapshot, updates } = await loadStored(documentId);
	await applyInSlices(doc, [...snapshot, ...updates], 'load');
	return doc;
}

/**
 * Folds every stored update of the document into its snapshot, in one transaction. Only rows
 * that exist when it starts are folded and deleted; the writer never runs at the same time
 * (compaction is one of its jobs), so no update can slip in below the mark. A large document's
 * snapshot is written in parts (sliceState), the event loop given back between two.
 */
export async function compact(documentId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const [top] = await tx
			.select({ id: max(documentUpdates.id) })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, documentId));
		const upToId = top?.id;
		if (!upToId) return;
		const parts = await tx
			.select({ state: documentSnapshots.state })
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, documentId))
			.orderBy(asc(documentSnapshots.part));
		const rows = await tx
			.select({ data: documentUpdates.data })
			.from(documentUpdates)
			.where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, upToId)))
			.orderBy(asc(documentUpdates.id));
		const doc = new Y.Doc();
		// In one transaction, as before parts existed, so a large document's compaction holds the
		// event loop while it applies. Applying in slices here was undone when the fault drill's
		// fuzzed documents stopped loading; the cause turned out to be updates referring forward
		// to their own author (now refused by the room), so slicing could come back.
		Y.transact(doc, () => {
			for (const update of [...parts.map((p) => p.state), ...rows.map((r) => r.data)]) {
				Y.applyUpdate(doc, update);
			}
		});
		const states: Uint8Array[] = [];
		for (const state of sliceState(doc)) {
			states.push(state);
			await yieldToLoop();
		}
		doc.destroy();
		const updatedAt = new Date();
		await tx.delete(documentSnapshots).where(eq(documentSnapshots.documentId, documentId));
		await tx
			.insert(documentSnapshots)
			.values(states.map((state, part) => ({ documentId, part, state, upToId, updatedAt })));
		await tx
			.delete(documentUpdates)
			.where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, upToId)));
	});
}

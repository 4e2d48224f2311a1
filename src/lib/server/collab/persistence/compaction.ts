import { and, asc, eq, lte, max } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '$lib/server/db';
import { documentSnapshots, documentUpdates } from '$lib/server/db/schema';
import { sliceState, yieldToLoop } from './slices';

/**
 * Folds every stored update of the document into its snapshot, in one transaction. Only rows
 * that exist when it starts are folded and deleted; the writer never runs at the same time
 * (compaction is one of its jobs), so no update can slip in below the mark. A large document's
 * snapshot is written in parts (sliceState), the event loop given back between two. Resolves with
 * the snapshot's size in bytes, or null when there was nothing to fold.
 */
export async function compact(documentId: string): Promise<number | null> {
	return db.transaction(async (tx) => {
		const [top] = await tx
			.select({ id: max(documentUpdates.id) })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, documentId));
		const upToId = top?.id;
		if (!upToId) return null;
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
		return states.reduce((bytes, state) => bytes + state.length, 0);
	});
}

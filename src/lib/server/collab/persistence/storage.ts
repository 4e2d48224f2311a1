import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { db } from '$lib/server/db';
import { documentSnapshots, documentUpdates } from '$lib/server/db/schema';
import { applyInSlices } from './slices';

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

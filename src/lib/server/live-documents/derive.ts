import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { documentHtml, documentTasks, documentText } from '$lib/richtext/document';
import { db } from '$lib/server/db';
import { documents } from '$lib/server/db/schema';
import { jsonFromDoc } from '$lib/richtext/content';
import { notifyAssigned } from '../actions/assignments';
import { syncNotesToActions, withNotesLock } from '../actions/notes';

/** Gives the event loop back: the other sockets are served before the next step. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recomputes what is read from a document without opening it live: its words (search), its
 * HTML (read-only page, export) and its task items with their stable ids (actions). `pause` is
 * how it gives the event loop back between two steps (a test holds it there).
 */
export async function deriveViews(
	documentId: string,
	doc: Y.Doc,
	editorId: string | null = null,
	pause: () => Promise<void> = yieldToLoop
): Promise<void> {
	// The board's changes to these notes' actions wait while the notes are read and followed.
	return withNotesLock(documentId, () => derive(documentId, doc, editorId, pause));
}

async function derive(
	documentId: string,
	doc: Y.Doc,
	editorId: string | null,
	pause: () => Promise<void>
): Promise<void> {
	// Each step takes tens of milliseconds on a large document: the others' sockets are served in
	// between (the JSON is read once, so every view is of the same moment).
	const json = jsonFromDoc(doc);
	await pause();
	const plainText = documentText(json);
	await pause();
	const html = documentHtml(json);
	await pause();
	const tasks = documentTasks(json);
	// The items as the last reading found them: the actions follow only what changed since.
	const [last] = await db
		.select({ tasks: documents.tasks })
		.from(documents)
		.where(eq(documents.id, documentId));
	await db
		.update(documents)
		.set({
			plainText,
			html,
			tasks,
			derivedAt: new Date()
		})
		.where(eq(documents.id, documentId));
	// Task items written in a document are action items: keep the actions in step, and tell the
	// people the notes just gave an action to.
	const given = await syncNotesToActions(
		documentId,
		tasks,
		editorId,
		new Date(),
		last?.tasks ?? null
	);
	await notifyAssigned(editorId, given);
}

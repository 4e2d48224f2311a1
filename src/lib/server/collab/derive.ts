import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { documentHtml, documentTasks, documentText } from '$lib/richtext/document';
import { db } from '$lib/server/db';
import { documents } from '$lib/server/db/schema';
import { syncNotesToActions } from '../action-notes';
import { notifyAssigned } from '../assignments';
import { jsonFromDoc } from './content';
import { yieldToLoop } from './slices';

/**
 * Recomputes what is read from a document without opening it live: its words (search), its
 * HTML (read-only page, export) and its task items with their stable ids (actions).
 */
export async function deriveViews(
	documentId: string,
	doc: Y.Doc,
	editorId: string | null = null
): Promise<void> {
	// Each step takes tens of milliseconds on a large document: the others' sockets are served in
	// between (the JSON is read once, so every view is of the same moment).
	const json = jsonFromDoc(doc);
	await yieldToLoop();
	const plainText = documentText(json);
	await yieldToLoop();
	const html = documentHtml(json);
	await yieldToLoop();
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

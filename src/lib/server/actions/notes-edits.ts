import * as Y from 'yjs';
import { withLiveDocument } from '../live-documents';
import { isIsoDate } from '../dates';
import { withNotesLock } from './notes';

/** Finds the task item with this id in a Yjs document (a depth-first walk of its elements). */
function findTaskItem(node: Y.XmlFragment | Y.XmlElement, taskId: string): Y.XmlElement | null {
	for (const child of node.toArray()) {
		if (!(child instanceof Y.XmlElement)) continue;
		if (child.nodeName === 'taskItem' && child.getAttribute('taskId') === taskId) return child;
		const found = findTaskItem(child, taskId);
		if (found) return found;
	}
	return null;
}

/**
 * The date chip that gives a task item its due date: the first one with a real date in the
 * item's own text (not in the items nested under it), as extraction reads it.
 */
function findDateChip(node: Y.XmlElement): Y.XmlElement | null {
	for (const child of node.toArray()) {
		if (!(child instanceof Y.XmlElement) || child.nodeName === 'taskList') continue;
		if (child.nodeName === 'dateChip' && isIsoDate(child.getAttribute('date'))) return child;
		const found = findDateChip(child);
		if (found) return found;
	}
	return null;
}

/**
 * Changes an action written in notes (`write`, the database part) and brings its task item in
 * line, as one step that no reading of the notes comes between. The room is opened before the
 * lock is taken: a document leaving memory reads its notes a last time, under the lock.
 */
export async function changeWrittenAction<T>(
	documentId: string,
	taskId: string,
	userId: string,
	write: () => Promise<{ value: T; change: TaskChange | null }>
): Promise<T> {
	return withLiveDocument(documentId, (live) =>
		withNotesLock(documentId, async () => {
			const { value, change } = await write();
			if (change) live.edit(userId, (doc) => editTaskItem(doc, taskId, change));
			return value;
		})
	);
}

/** What the board changed that the notes show: the box, and the date chip. */
export interface TaskChange {
	checked?: boolean;
	dueDate?: string | null;
}

/**
 * Brings a task item in its notes in line with its action, as a server-side edit: every open
 * editor sees it at once, and it is stored like any other edit. `checked` ticks or unticks it;
 * `dueDate` changes the date of its date chip, or removes the chip when the due date is cleared.
 * An item without a chip keeps its text as written: a date typed in words is the writer's, and
 * rewriting prose is not the board's business.
 */
function editTaskItem(doc: Y.Doc, taskId: string, change: TaskChange): void {
	const item = findTaskItem(doc.getXmlFragment('default'), taskId);
	if (!item) return;
	const tick =
		change.checked !== undefined && Boolean(item.getAttribute('checked')) !== change.checked;
	const chip = change.dueDate !== undefined ? findDateChip(item) : null;
	const redate = chip !== null && chip.getAttribute('date') !== change.dueDate;
	if (!tick && !redate) return;
	if (tick) item.setAttribute('checked', change.checked as unknown as string);
	if (redate && change.dueDate) chip.setAttribute('date', change.dueDate);
	else if (redate) {
		const parent = chip.parent as Y.XmlElement;
		parent.delete(parent.toArray().indexOf(chip), 1);
	}
}

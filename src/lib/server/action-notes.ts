import { and, eq, inArray, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { z } from 'zod';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	meetings,
	users,
	type Action,
	type DocumentTask
} from '$lib/server/db/schema';
import { recordEvent } from './actions';
import type { Assignment } from './assignments';
import { collab } from './collab';
import { findDate, isIsoDate } from './dates';

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
 * Brings a task item in its notes in line with its action, as a server-side edit: every open
 * editor sees it at once, and it is stored like any other edit. `checked` ticks or unticks it;
 * `dueDate` changes the date of its date chip, or removes the chip when the due date is cleared.
 * An item without a chip keeps its text as written: a date typed in words is the writer's, and
 * rewriting prose is not the board's business.
 */
export async function syncTaskToNotes(
	documentId: string,
	taskId: string,
	change: { checked?: boolean; dueDate?: string | null },
	userId: string
): Promise<void> {
	await collab().withRoom(documentId, (room) => {
		const item = findTaskItem(room.doc.getXmlFragment('default'), taskId);
		if (!item) return;
		const tick =
			change.checked !== undefined && Boolean(item.getAttribute('checked')) !== change.checked;
		const chip = change.dueDate !== undefined ? findDateChip(item) : null;
		const redate = chip !== null && chip.getAttribute('date') !== change.dueDate;
		if (!tick && !redate) return;
		room.doc.transact(
			() => {
				if (tick) item.setAttribute('checked', change.checked as unknown as string);
				if (redate && change.dueDate) chip.setAttribute('date', change.dueDate);
				else if (redate) {
					const parent = chip.parent as Y.XmlElement;
					parent.delete(parent.toArray().indexOf(chip), 1);
				}
			},
			{ server: true, userId }
		);
	});
}

/** A task's title: its text without the @mentions (the owner says who) and tidied spaces. */
export function titleOf(task: DocumentTask): string {
	let text = task.text;
	for (const mention of task.mentions ?? []) text = text.replace(`@${mention.label}`, ' ');
	return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Brings a document's actions in line with its task items, after its edits settle. A new item
 * becomes an action (mention → owner, date chip or written date → due date, ticked → done); an edited item
 * updates the same action (ids are stable); a removed item leaves its action in place, marked
 * as detached. Runs in one transaction; a malformed item is skipped, never fatal. Returns the
 * actions given to someone by this edit (new with an owner, or a new owner), for the caller to
 * tell them.
 *
 * With `previous`, the items as the last reading found them, the notes only change what they
 * changed since: an action's title, owner, due date or status follows its item when that part of
 * the item was edited. What the board changed stays, even if a reading of the notes taken just
 * before the board's change (and its server-side edit of the notes) finishes after it; and a
 * change of owner on the board is not undone by the next edit of some other line.
 */
export async function syncNotesToActions(
	documentId: string,
	tasks: DocumentTask[],
	editorId: string | null,
	/** When the notes were written: dates without a year are the next such date after it. */
	reference: Date = new Date(),
	/** The items as the previous reading found them (null: everything is read as new). */
	previous: DocumentTask[] | null = null
): Promise<Assignment[]> {
	const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
	if (!doc) return [];
	const [meeting] = await db
		.select({ id: meetings.id })
		.from(meetings)
		.where(eq(meetings.notesDocumentId, documentId));
	const existing = await db.select().from(actions).where(eq(actions.documentId, documentId));
	const byTask = new Map(existing.filter((a) => a.taskId).map((a) => [a.taskId!, a]));
	// Only ids that are ids: a mention written by hand in a document may hold anything, and one
	// malformed id must not fail the query of the others.
	const mentioned = [
		...new Set(tasks.flatMap((t) => (t?.mentions ?? []).map((m) => m?.id)))
	].filter((id): id is string => typeof id === 'string' && z.uuid().safeParse(id).success);
	const people = mentioned.length
		? await db
				.select({ id: users.id, organisationId: users.organisationId })
				.from(users)
				.where(and(inArray(users.id, mentioned), isNull(users.disabledAt)))
		: [];
	const personById = new Map(people.map((p) => [p.id, p]));
	const ownerOf = (task: DocumentTask | undefined) =>
		(task?.mentions ?? []).map((m) => personById.get(m?.id)).find(Boolean);
	const before = new Map(
		(Array.isArray(previous) ? previous : []).filter((t) => t?.id).map((t) => [t.id, t])
	);
	const seen = new Set<string>();
	const given: Assignment[] = [];

	await db.transaction(async (tx) => {
		for (const task of tasks) {
			if (!task?.id || seen.has(task.id)) continue;
			seen.add(task.id);
			const title = titleOf(task);
			if (title.length < 2) continue;
			const owner = ownerOf(task);
			const current = byTask.get(task.id);
			// A date chip is the due date; failing one, a date written in the text.
			const chip = isIsoDate(task.dueDate) ? task.dueDate : null;
			if (!current) {
				const due = chip ? { date: chip } : findDate(task.text, reference);
				const [created] = await tx
					.insert(actions)
					.values({
						groupId: doc.groupId,
						title,
						ownerId: owner?.id ?? null,
						ownerOrganisationId: owner?.organisationId ?? null,
						dueDate: due?.date ?? null,
						status: task.checked ? 'done' : 'open',
						closedAt: task.checked ? new Date() : null,
						meetingId: meeting?.id ?? null,
						documentId,
						taskId: task.id,
						createdById: editorId
					})
					.returning({ id: actions.id });
				await recordEvent(tx, created.id, editorId, 'created');
				if (owner) given.push({ actionId: created.id, ownerId: owner.id });
				continue;
			}
			const changes: Record<string, [unknown, unknown]> = {};
			const next: Partial<Action> = {};
			// What the notes changed in this item since they were last read (all of it, the first time).
			const last = before.get(task.id);
			const edited = {
				title: !last || titleOf(last) !== title,
				text: !last || last.text !== task.text,
				chip: !last || last.dueDate !== task.dueDate,
				owner: !last || ownerOf(last)?.id !== owner?.id,
				checked: !last || Boolean(last.checked) !== Boolean(task.checked)
			};
			if (edited.title && title !== current.title) {
				changes.title = [current.title, title];
				next.title = title;
			}
			// Dates without a year are read from when the action was first written, so that
			// re-reading "15/03" after that day never moves it a year later. A chip is read when it
			// changed: changed on the board, the board changed it in the notes too.
			const due = chip
				? edited.chip
					? { date: chip }
					: null
				: edited.text && title !== current.title
					? findDate(task.text, current.createdAt)
					: null;
			if (due && due.date !== current.dueDate) {
				changes.dueDate = [current.dueDate, due.date];
				next.dueDate = due.date;
			}
			if (edited.owner && owner && owner.id !== current.ownerId) {
				changes.ownerId = [current.ownerId, owner.id];
				next.ownerId = owner.id;
				next.ownerOrganisationId = owner.organisationId;
				given.push({ actionId: current.id, ownerId: owner.id });
			}
			if (edited.checked && task.checked && !['done', 'cancelled'].includes(current.status)) {
				changes.status = [current.status, 'done'];
				next.status = 'done';
				next.closedAt = new Date();
			} else if (edited.checked && !task.checked && current.status === 'done') {
				changes.status = [current.status, 'open'];
				next.status = 'open';
				next.closedAt = null;
			}
			if (current.detachedAt) next.detachedAt = null;
			if (Object.keys(next).length === 0) continue;
			await tx
				.update(actions)
				.set({ ...next, updatedAt: new Date() })
				.where(eq(actions.id, current.id));
			if (Object.keys(changes).length)
				await recordEvent(tx, current.id, editorId, 'updated', changes);
			if (current.detachedAt) await recordEvent(tx, current.id, editorId, 'reattached');
		}
		for (const action of existing) {
			if (!action.taskId || seen.has(action.taskId) || action.detachedAt) continue;
			await tx
				.update(actions)
				.set({ detachedAt: new Date(), updatedAt: new Date() })
				.where(and(eq(actions.id, action.id), isNull(actions.detachedAt)));
			await recordEvent(tx, action.id, editorId, 'detached');
		}
	});
	return given;
}

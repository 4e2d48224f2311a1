import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	meetings,
	type Action,
	type DocumentTask
} from '$lib/server/db/schema';
import type { Assignment } from './assignments';
import { recordEvent } from './history';
import { findDate, isIsoDate } from '../dates';
import { readersAmong } from '../groups';

const notesLocks = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` alone among the readings of these notes and the board's changes to their actions.
 * A reading takes the notes as they are, then writes what they changed to the actions: a board
 * change that came in between (and its edit of the notes, which the reading does not hold yet)
 * would be overwritten by a reading of notes older than it. One process holds a document's room,
 * so a lock in memory orders them.
 */
export function withNotesLock<T>(documentId: string, fn: () => Promise<T>): Promise<T> {
	const previous = notesLocks.get(documentId) ?? Promise.resolve();
	const run = previous.then(fn);
	const tail = run.catch(() => {});
	notesLocks.set(documentId, tail);
	void tail.then(() => {
		if (notesLocks.get(documentId) === tail) notesLocks.delete(documentId);
	});
	return run;
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
	// A mention gives the action only to someone who may read the group, as in threads: anyone
	// else (outside a closed group, another network's, disabled) gets no action and no e-mail.
	const people = await readersAmong(doc.groupId, mentioned);
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

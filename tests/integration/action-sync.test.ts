import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { withNotesLock } from '$lib/server/actions/notes';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import {
	actionEvents,
	actions as actionsTable,
	documents as documentsTable
} from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import { deriveViews } from '$lib/server/live-documents/derive';
import { appHooks } from '$lib/server/live-documents/hooks';
import { connectClient, startCollab, synced, until, type RunningCollab } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// A reading of the notes can be held between taking the notes and following them on the board
// to let a board change come in between, as a busy machine would.
const held = {
	next: null as null | { reached: () => void; release: Promise<void> }
};
/** The first pause of a reading of the notes (once it has taken them) waits while one is held. */
async function pause(): Promise<void> {
	const hold = held.next;
	held.next = null;
	if (hold) {
		hold.reached();
		await hold.release;
	}
	await new Promise((resolve) => setImmediate(resolve));
}

/** Holds the next reading of notes once it has taken them; resolves when it is held. */
function holdNextReading(): { held: Promise<void>; release: () => void } {
	let reached = () => {};
	let release = () => {};
	const heldAt = new Promise<void>((resolve) => (reached = resolve));
	held.next = { reached, release: new Promise<void>((resolve) => (release = resolve)) };
	return { held: heldAt, release };
}

await createTestDb();

let running: RunningCollab;
let lead: SessionUser;
let member: SessionUser;
let marie: SessionUser;
let groupId: string;

beforeAll(async () => {
	running = await startCollab({
		deriveAfterMs: 50,
		hooks: {
			...appHooks,
			onSettled: (documentId, doc, editorId) => deriveViews(documentId, doc, editorId, pause)
		}
	});
	lead = await buildUser();
	member = await buildUser();
	marie = await buildUser({ name: 'Marie Keller' });
	groupId = (
		await buildGroup({}, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' },
			{ user: marie, role: 'member' }
		])
	).id;
});
afterAll(() => running.stop());

async function newNotes() {
	return (await documents.create(lead, groupId, { title: 'Notes', tags: [] })).id;
}

async function client(userId: string, documentId: string) {
	const c = await connectClient(running, userId, documentId);
	await synced(c);
	return c;
}

/** Writes a task item the way the editor does: a taskItem with its id in a taskList. */
function writeTask(
	doc: Y.Doc,
	taskId: string,
	parts: (string | { mention: { id: string; name: string } } | { date: string })[]
) {
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		const list = new Y.XmlElement('taskList');
		const item = new Y.XmlElement('taskItem');
		item.setAttribute('taskId', taskId);
		item.setAttribute('checked', false as unknown as string);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(
			0,
			parts.map((part) => {
				if (typeof part === 'string') return new Y.XmlText(part);
				if ('date' in part) {
					const chip = new Y.XmlElement('dateChip');
					chip.setAttribute('date', part.date);
					return chip;
				}
				const mention = new Y.XmlElement('mention');
				mention.setAttribute('id', part.mention.id);
				mention.setAttribute('label', part.mention.name);
				return mention;
			})
		);
		item.insert(0, [paragraph]);
		list.insert(0, [item]);
		fragment.insert(fragment.length, [list]);
	});
}

function findItem(doc: Y.Doc, taskId: string): Y.XmlElement | null {
	const walk = (node: Y.XmlFragment | Y.XmlElement): Y.XmlElement | null => {
		for (const child of node.toArray()) {
			if (!(child instanceof Y.XmlElement)) continue;
			if (child.nodeName === 'taskItem' && child.getAttribute('taskId') === taskId) return child;
			const found = walk(child);
			if (found) return found;
		}
		return null;
	};
	return walk(doc.getXmlFragment('default'));
}
/** The dates of the date chips of a task item, in order. */
function chipsIn(doc: Y.Doc, taskId: string): string[] {
	const item = findItem(doc, taskId);
	const paragraph = item?.get(0) as Y.XmlElement | undefined;
	return (paragraph?.toArray() ?? [])
		.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'dateChip')
		.map((c) => c.getAttribute('date') as string);
}
const textIn = (doc: Y.Doc, taskId: string) =>
	((findItem(doc, taskId)?.get(0) as Y.XmlElement | undefined)?.toArray() ?? [])
		.filter((c) => c instanceof Y.XmlText)
		.map((c) => c.toString())
		.join('|');
const checkedIn = (doc: Y.Doc, taskId: string) =>
	(findItem(doc, taskId)?.getAttribute('checked') as unknown) === true;

async function actionOf(documentId: string, taskId: string) {
	const [row] = await db.select().from(actionsTable).where(eq(actionsTable.documentId, documentId));
	return row && row.taskId === taskId ? row : undefined;
}
const eventsOf = (actionId: string) =>
	db
		.select()
		.from(actionEvents)
		.where(eq(actionEvents.actionId, actionId))
		.orderBy(asc(actionEvents.createdAt));
const eventKinds = async (actionId: string) => (await eventsOf(actionId)).map((e) => e.kind);

describe('notes → board', () => {
	it('turns a task item typed in a live client into an action, and ticking it marks it done', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		writeTask(writer.doc, 'live-1', ['Envoyer le devis ', { mention: marie }, ' avant le 15/03']);
		await until(async () => !!(await actionOf(documentId, 'live-1')), 5000, 'the action');
		const action = (await actionOf(documentId, 'live-1'))!;
		expect(action).toMatchObject({
			groupId,
			title: 'Envoyer le devis avant le 15/03',
			ownerId: marie.id,
			status: 'open'
		});
		expect(action.dueDate?.endsWith('-03-15')).toBe(true);

		writer.doc.transact(() =>
			findItem(writer.doc, 'live-1')!.setAttribute('checked', true as unknown as string)
		);
		await until(
			async () => (await actionOf(documentId, 'live-1'))?.status === 'done',
			5000,
			'done'
		);
		// Edited in the notes: the same action, retitled.
		writer.doc.transact(() => {
			const text = findItem(writer.doc, 'live-1')!.get(0) as Y.XmlElement;
			(text.get(0) as Y.XmlText).insert(0, 'Vite : ');
		});
		await until(
			async () => (await actionOf(documentId, 'live-1'))?.title.startsWith('Vite : ') === true,
			5000,
			'retitled'
		);
		expect(
			(await db.select().from(actionsTable).where(eq(actionsTable.documentId, documentId))).length
		).toBe(1);
	});

	it('marks the action detached when the line is deleted in the notes', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		writeTask(writer.doc, 'bye', ['Ligne à supprimer']);
		await until(async () => !!(await actionOf(documentId, 'bye')), 5000, 'the action');
		const fragment = writer.doc.getXmlFragment('default');
		writer.doc.transact(() => fragment.delete(0, fragment.length));
		await until(
			async () => (await actionOf(documentId, 'bye'))?.detachedAt != null,
			5000,
			'detached'
		);
		const action = (await actionOf(documentId, 'bye'))!;
		expect(await eventKinds(action.id)).toEqual(['created', 'detached']);
		// Changed on the board afterwards: nothing to tick, nothing breaks.
		expect((await actionItems.update(member, action.id, { status: 'done' })).status).toBe('done');
	});
});

describe('board → notes', () => {
	it('ticks and unticks the task item live for everyone who has the notes open', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		const reader = await client(lead.id, documentId);
		writeTask(writer.doc, 'tick', ['Réserver la salle']);
		await until(async () => !!(await actionOf(documentId, 'tick')), 5000, 'the action');
		await until(() => findItem(reader.doc, 'tick') !== null, 5000, 'the item at the reader');
		const { id } = (await actionOf(documentId, 'tick'))!;

		await actionItems.update(marie, id, { status: 'done' });
		await until(
			() => checkedIn(writer.doc, 'tick') && checkedIn(reader.doc, 'tick'),
			5000,
			'ticked'
		);

		await actionItems.update(marie, id, { status: 'open' });
		await until(
			() => !checkedIn(writer.doc, 'tick') && !checkedIn(reader.doc, 'tick'),
			5000,
			'unticked'
		);
		expect(findItem(writer.doc, 'tick')!.getAttribute('checked') as unknown).toBe(false);

		const ticked = Date.now();
		await actionItems.update(lead, id, { status: 'cancelled' });
		await until(
			() => checkedIn(writer.doc, 'tick') && checkedIn(reader.doc, 'tick'),
			5000,
			'cancelled'
		);
		// The notes, read back after the tick, leave the cancelled action as it is: no echo.
		const derivedAt = async () =>
			(await db.select().from(documentsTable).where(eq(documentsTable.id, documentId)))[0]
				.derivedAt;
		await until(
			async () => ((await derivedAt())?.getTime() ?? 0) > ticked,
			5000,
			'the notes read back after the tick'
		);
		const action = (await actionOf(documentId, 'tick'))!;
		expect(action.status).toBe('cancelled');
		expect(await eventKinds(id)).toEqual(['created', 'updated', 'updated', 'updated']);
		// A status that is still open work leaves the box empty.
		await actionItems.update(lead, id, { status: 'in_progress' });
		await until(() => !checkedIn(writer.doc, 'tick'), 5000, 'unticked for in progress');
	});

	it('keeps a board change made while the notes were being read', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		writeTask(writer.doc, 'race', ['Relancer le transporteur']);
		await until(async () => !!(await actionOf(documentId, 'race')), 5000, 'the action');
		const { id } = (await actionOf(documentId, 'race'))!;
		await until(async () => (await eventKinds(id)).length === 1, 5000, 'the first reading');

		// The board closes it; the reading that follows takes the ticked notes and is held there.
		const reading = holdNextReading();
		await actionItems.update(marie, id, { status: 'done' });
		await reading.held;
		// Meanwhile the board opens it again, then the reading goes on with the notes it took.
		const reopened = actionItems.update(marie, id, { status: 'open' });
		await new Promise((resolve) => setTimeout(resolve, 100));
		reading.release();
		await reopened;
		await until(() => !checkedIn(writer.doc, 'race'), 5000, 'unticked');
		// The held reading stored the ticked item before the board could reopen it; the reading of
		// the untick stores it unticked, then follows it on the board under the lock.
		await until(
			async () => {
				const [row] = await db
					.select({ tasks: documentsTable.tasks })
					.from(documentsTable)
					.where(eq(documentsTable.id, documentId));
				return row.tasks?.find((t) => t.id === 'race')?.checked === false;
			},
			5000,
			'the notes read back after the untick'
		);
		await withNotesLock(documentId, async () => {});
		expect((await actionOf(documentId, 'race'))!.status).toBe('open');
		expect(await eventKinds(id)).toEqual(['created', 'updated', 'updated']);
	});

	it('ticks the item in stored notes that nobody has open', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		writeTask(writer.doc, 'closed', ['Personne ne regarde']);
		await until(async () => !!(await actionOf(documentId, 'closed')), 5000, 'the action');
		await until(() => writer.saves.saved, 5000, 'saved');
		writer.destroy();
		const { id } = (await actionOf(documentId, 'closed'))!;
		await actionItems.update(member, id, { status: 'done' });
		await running.collab.writer.flush();
		const stored = await loadDoc(documentId);
		expect(checkedIn(stored, 'closed')).toBe(true);
		stored.destroy();
		const later = await client(lead.id, documentId);
		expect(checkedIn(later.doc, 'closed')).toBe(true);
	});

	it('changes the date chip live when the due date changes on the board, and removes it when cleared', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		const reader = await client(lead.id, documentId);
		writeTask(writer.doc, 'chip', [
			'Envoyer le devis ',
			{ mention: marie },
			' ',
			{ date: '2027-03-15' }
		]);
		await until(
			async () => (await actionOf(documentId, 'chip'))?.dueDate === '2027-03-15',
			5000,
			'the action with the chip’s date'
		);
		await until(() => chipsIn(reader.doc, 'chip').length === 1, 5000, 'the chip at the reader');
		const { id } = (await actionOf(documentId, 'chip'))!;
		const derivedAt = async () =>
			(await db.select().from(documentsTable).where(eq(documentsTable.id, documentId)))[0]
				.derivedAt;
		// Let the derivations of the writing settle first: one still under way would read the notes
		// as they were before the board's change (seen on a loaded CI machine).
		for (let previous = -1; ;) {
			await new Promise((resolve) => setTimeout(resolve, 400));
			const now = (await derivedAt())?.getTime() ?? 0;
			if (now === previous) break;
			previous = now;
		}

		// The action may have been created with its date or updated to it, depending on when the
		// first derivation ran; what matters is what the board's change adds to its history.
		const eventsBefore = await eventsOf(id);
		const changed = Date.now();
		await actionItems.update(marie, id, { dueDate: '2027-04-01' });
		await until(
			() =>
				chipsIn(writer.doc, 'chip')[0] === '2027-04-01' &&
				chipsIn(reader.doc, 'chip')[0] === '2027-04-01',
			5000,
			'the chip changed for everyone'
		);
		// Read back after the change, the notes agree with the board: the title takes the chip's new
		// text (it is written in the title as in the notes), and nothing echoes the old date back.
		await until(
			async () => (await actionOf(documentId, 'chip'))?.title === 'Envoyer le devis 01/04/2027',
			5000,
			'the title read back from the notes'
		);
		await until(
			async () => ((await derivedAt())?.getTime() ?? 0) > changed,
			5000,
			'the notes read back after the change'
		);
		const after = (await actionOf(documentId, 'chip'))!;
		expect(after.dueDate).toBe('2027-04-01');
		const changes = (await eventsOf(id)).slice(eventsBefore.length).map((e) => e.changes);
		expect(changes).toHaveLength(2);
		expect(changes).toEqual(
			expect.arrayContaining([
				{ dueDate: ['2027-03-15', '2027-04-01'] },
				{ title: ['Envoyer le devis 15/03/2027', 'Envoyer le devis 01/04/2027'] }
			])
		);
		expect(textIn(writer.doc, 'chip')).toBe('Envoyer le devis | ');

		const cleared = Date.now();
		await actionItems.update(marie, id, { dueDate: null });
		await until(
			() => chipsIn(writer.doc, 'chip').length === 0 && chipsIn(reader.doc, 'chip').length === 0,
			5000,
			'the chip removed'
		);
		expect(textIn(writer.doc, 'chip')).toBe('Envoyer le devis | ');
		await until(
			async () => ((await derivedAt())?.getTime() ?? 0) > cleared,
			5000,
			'the notes read back after the removal'
		);
		expect((await actionOf(documentId, 'chip'))!.dueDate).toBeNull();
	});

	it('leaves the text of an item without a chip as it was written', async () => {
		const documentId = await newNotes();
		const writer = await client(member.id, documentId);
		writeTask(writer.doc, 'typed', ['Réserver la salle avant le 15/03']);
		await until(async () => !!(await actionOf(documentId, 'typed')), 5000, 'the action');
		const before = Y.encodeStateVector(writer.doc);
		const { id } = (await actionOf(documentId, 'typed'))!;
		await actionItems.update(member, id, { dueDate: '2027-04-01' });
		await running.collab.writer.flush();
		const stored = await loadDoc(documentId);
		expect(textIn(stored, 'typed')).toBe('Réserver la salle avant le 15/03');
		expect(chipsIn(stored, 'typed')).toEqual([]);
		stored.destroy();
		// Nothing was sent to the open notes either.
		expect(Y.encodeStateVector(writer.doc)).toEqual(before);
		expect((await actionOf(documentId, 'typed'))!.dueDate).toBe('2027-04-01');
	});
});

import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentTasks } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import { syncNotesToActions, titleOf } from '$lib/server/actions/notes';
import type { SessionUser } from '$lib/server/auth/session';
import { deriveViews } from '$lib/server/live-documents/derive';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { actionEvents, actions, documents as documentsTable, users } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import * as meetings from '$lib/server/meetings';
import { notifyAssigned } from '$lib/server/actions/assignments';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

let lead: SessionUser;
let marie: SessionUser;
let paul: SessionUser;
let gone: SessionUser;
let groupId: string;
let marieOrg: string;

// Written in November: "15/03" means next March.
const november = new Date('2026-11-18T10:00:00Z');

beforeAll(async () => {
	lead = await buildUser();
	marieOrg = (await buildOrganisation({ name: 'Alsace Bois' })).id;
	marie = await buildUser({ name: 'Marie Keller', organisationId: marieOrg, role: 'partner' });
	paul = await buildUser({ name: 'Paul Weber' });
	gone = await buildUser({ name: 'Ancien Membre' });
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
	groupId = (
		await buildGroup({}, [
			{ user: lead, role: 'lead' },
			{ user: marie, role: 'member' },
			{ user: paul, role: 'member' }
		])
	).id;
});

const text = (value: string): RichNode => ({ type: 'text', text: value });
const mention = (person: { id: string; name: string }): RichNode => ({
	type: 'mention',
	attrs: { id: person.id, label: person.name }
});
function item(taskId: string | null, parts: (string | RichNode)[], checked = false): RichNode {
	return {
		type: 'taskItem',
		attrs: { checked, ...(taskId ? { taskId } : {}) },
		content: [
			{
				type: 'paragraph',
				content: parts.map((p) => (typeof p === 'string' ? text(p) : p))
			}
		]
	};
}
const doc = (...items: RichNode[]): RichNode => ({
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [text('Actions')] },
		{ type: 'taskList', content: items }
	]
});

async function newDocument(title = 'Notes') {
	return (await documents.create(lead, groupId, { title, tags: [] })).id;
}

/** The notes as the derive step reads them, brought into the actions. */
const sync = (documentId: string, content: RichNode, reference = november) =>
	syncNotesToActions(documentId, documentTasks(content), lead.id, reference);

const actionsOf = (documentId: string) =>
	db
		.select()
		.from(actions)
		.where(eq(actions.documentId, documentId))
		.orderBy(asc(actions.createdAt), asc(actions.taskId));

const eventsOf = (actionId: string) =>
	db
		.select()
		.from(actionEvents)
		.where(eq(actionEvents.actionId, actionId))
		.orderBy(asc(actionEvents.createdAt));

describe('a task item written in notes', () => {
	it('becomes an action: mention → owner and organisation, typed date → due, text → title', async () => {
		const id = await newDocument();
		await sync(id, doc(item('t1', ['Envoyer le devis ', mention(marie), ' avant le 15/03'])));
		const [action] = await actionsOf(id);
		expect(action).toMatchObject({
			groupId,
			title: 'Envoyer le devis avant le 15/03',
			ownerId: marie.id,
			ownerOrganisationId: marieOrg,
			dueDate: '2027-03-15',
			status: 'open',
			taskId: 't1',
			documentId: id,
			meetingId: null,
			detachedAt: null,
			createdById: lead.id
		});
		const events = await eventsOf(action.id);
		expect(events.map((e) => [e.kind, e.actorId])).toEqual([['created', lead.id]]);
	});

	it('gives no owner, and sends nothing, to someone who may not read the group', async () => {
		// A closed group: an outsider mentioned by id in a crafted task item is not a reader.
		const closed = (
			await buildGroup({ joinPolicy: 'closed' }, [
				{ user: lead, role: 'lead' },
				{ user: marie, role: 'member' }
			])
		).id;
		const outsider = await buildUser({ name: 'Hors Groupe', role: 'partner' });
		const id = (await documents.create(lead, closed, { title: 'Notes', tags: [] })).id;
		const given = await syncNotesToActions(
			id,
			documentTasks(doc(item('t', ['Virement urgent ', mention(outsider)]))),
			marie.id,
			november
		);
		const [action] = await actionsOf(id);
		expect(action.ownerId).toBeNull();
		expect(given).toEqual([]);
		await notifyAssigned(marie.id, given);
		expect(await mailsTo(outsider.email)).toEqual([]);
		// A reader of the group mentioned the same way does get it.
		await sync(id, doc(item('t', ['Virement urgent ', mention(marie)])));
		expect((await actionsOf(id))[0].ownerId).toBe(marie.id);
	});

	it.each([
		['Réserver la salle pour le 3 décembre', '2026-12-03'],
		['Appeler la CCI avant le 15 mars', '2027-03-15'],
		['Send the minutes by March 15', '2027-03-15'],
		['Signer la convention le 15/03/2027', '2027-03-15'],
		['Relancer le fournisseur', null]
	])('reads the due date of %j', async (words, due) => {
		const id = await newDocument();
		await sync(id, doc(item('t', [words])));
		const [action] = await actionsOf(id);
		expect(action.dueDate).toBe(due);
		expect(action.title).toBe(words);
	});

	it('reads "vendredi prochain" as the Friday after the notes were written', async () => {
		const id = await newDocument();
		await sync(id, doc(item('t', ['Envoyer le planning vendredi prochain'])));
		const [action] = await actionsOf(id);
		expect(new Date(`${action.dueDate}T12:00:00Z`).getUTCDay()).toBe(5);
		expect(action.dueDate! > '2026-11-18' && action.dueDate! <= '2026-12-02').toBe(true);
	});

	it('is done when ticked, and open again when unticked', async () => {
		const id = await newDocument();
		await sync(id, doc(item('t', ['Commander les badges'], true)));
		const [done] = await actionsOf(id);
		expect(done.status).toBe('done');
		expect(done.closedAt).not.toBeNull();
		await sync(id, doc(item('t', ['Commander les badges'], false)));
		const [reopened] = await actionsOf(id);
		expect(reopened.status).toBe('open');
		expect(reopened.closedAt).toBeNull();
		const [, change] = await eventsOf(done.id);
		expect(change).toMatchObject({ kind: 'updated', changes: { status: ['done', 'open'] } });
	});

	it('takes its title without the mention, whatever the spacing', () => {
		expect(
			titleOf({
				id: 'x',
				text: '  @Marie Keller   relancer   la mairie ',
				checked: false,
				mentions: [{ id: marie.id, label: 'Marie Keller' }]
			})
		).toBe('relancer la mairie');
		expect(titleOf({ id: 'x', text: 'a'.repeat(400), checked: false })).toHaveLength(300);
	});

	it('gets the meeting when written in the notes of a meeting', async () => {
		const meeting = await meetings.create(
			lead,
			groupId,
			meetings.meetingSchema.parse({
				title: 'Comité de mars',
				startsAt: '2027-03-02T14:00',
				endsAt: '2027-03-02T16:00',
				placeKind: 'address',
				placeText: 'Mairie'
			}),
			[],
			'fr'
		);
		await sync(meeting.notesDocumentId!, doc(item('m1', ['Préparer le budget ', mention(paul)])));
		const [action] = await actionsOf(meeting.notesDocumentId!);
		expect(action.meetingId).toBe(meeting.id);
		expect(action.ownerId).toBe(paul.id);
	});
});

describe('ids keep an action in step with its item', () => {
	it('updates the same action when the text changes, with its history', async () => {
		const id = await newDocument();
		await sync(id, doc(item('t1', ['Envoyer le devis avant le 15/03'])));
		const [before] = await actionsOf(id);
		await sync(id, doc(item('t1', ['Envoyer le devis signé ', mention(paul), ' avant le 20/03'])));
		const after = await actionsOf(id);
		expect(after).toHaveLength(1);
		expect(after[0]).toMatchObject({
			id: before.id,
			title: 'Envoyer le devis signé avant le 20/03',
			dueDate: '2027-03-20',
			ownerId: paul.id
		});
		const [, change] = await eventsOf(before.id);
		expect(change.kind).toBe('updated');
		expect(change.actorId).toBe(lead.id);
		expect(change.changes).toEqual({
			title: ['Envoyer le devis avant le 15/03', 'Envoyer le devis signé avant le 20/03'],
			dueDate: ['2027-03-15', '2027-03-20'],
			ownerId: [null, paul.id]
		});
	});

	it('does not move a date without a year when the notes are read again later', async () => {
		const id = await newDocument();
		await sync(id, doc(item('t1', ['Rendre le dossier avant le 15/03'])));
		const [action] = await actionsOf(id);
		// As if written years ago: the next 15 March after that day is long past now.
		await db
			.update(actions)
			.set({ createdAt: new Date('2020-11-18T10:00:00Z'), dueDate: '2021-03-15' })
			.where(eq(actions.id, action.id));
		// Read again today, unchanged: nothing happens.
		await syncNotesToActions(
			id,
			documentTasks(doc(item('t1', ['Rendre le dossier avant le 15/03']))),
			lead.id
		);
		expect((await actionsOf(id))[0].dueDate).toBe('2021-03-15');
		// Edited today: the date is still read from when the action was written.
		await syncNotesToActions(
			id,
			documentTasks(doc(item('t1', ['Rendre le dossier complet avant le 15/03']))),
			lead.id
		);
		const [edited] = await actionsOf(id);
		expect(edited.title).toBe('Rendre le dossier complet avant le 15/03');
		expect(edited.dueDate).toBe('2021-03-15');
		expect(await eventsOf(action.id)).toHaveLength(2);
	});

	it('gives two actions for the same text copied twice with two ids', async () => {
		const id = await newDocument();
		await sync(
			id,
			doc(
				item('a', ['Relancer la mairie', mention(marie)]),
				item('b', ['Relancer la mairie', mention(marie)])
			)
		);
		const rows = await actionsOf(id);
		expect(rows.map((r) => [r.taskId, r.title, r.ownerId])).toEqual([
			['a', 'Relancer la mairie', marie.id],
			['b', 'Relancer la mairie', marie.id]
		]);
	});

	it('gives one action for the same id twice in one document', async () => {
		const id = await newDocument();
		await sync(id, doc(item('dup', ['Première copie']), item('dup', ['Seconde copie'], true)));
		const rows = await actionsOf(id);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ taskId: 'dup', title: 'Première copie', status: 'open' });
		// Read again: still one, and unchanged.
		await sync(id, doc(item('dup', ['Première copie']), item('dup', ['Seconde copie'], true)));
		expect(await actionsOf(id)).toHaveLength(1);
		expect(await eventsOf(rows[0].id)).toHaveLength(1);
	});

	it('keeps the action of a removed item, detached, and takes it back when it returns', async () => {
		const id = await newDocument();
		const kept = item('keep', ['Garder celle-ci']);
		const removed = item('gone', ['Supprimer la ligne ', mention(marie), ' avant le 15/03']);
		await sync(id, doc(kept, removed));
		await sync(id, doc(kept));
		const rows = await actionsOf(id);
		expect(rows).toHaveLength(2);
		const detached = rows.find((r) => r.taskId === 'gone')!;
		expect(detached.detachedAt).not.toBeNull();
		expect(detached).toMatchObject({
			title: 'Supprimer la ligne avant le 15/03',
			ownerId: marie.id,
			dueDate: '2027-03-15',
			status: 'open'
		});
		expect(rows.find((r) => r.taskId === 'keep')!.detachedAt).toBeNull();
		expect((await eventsOf(detached.id)).map((e) => e.kind)).toEqual(['created', 'detached']);
		// Read again without it: detached once only.
		await sync(id, doc(kept));
		expect((await eventsOf(detached.id)).map((e) => e.kind)).toEqual(['created', 'detached']);

		await sync(id, doc(kept, removed));
		const [back] = (await actionsOf(id)).filter((r) => r.taskId === 'gone');
		expect(back.id).toBe(detached.id);
		expect(back.detachedAt).toBeNull();
		expect((await eventsOf(detached.id)).map((e) => e.kind)).toEqual([
			'created',
			'detached',
			'reattached'
		]);
	});

	it('leaves alone the actions of other documents and those made on the board', async () => {
		const first = await newDocument();
		const second = await newDocument();
		await sync(first, doc(item('same', ['Dans le premier'])));
		await sync(second, doc(item('same', ['Dans le second'])));
		await sync(second, doc());
		expect((await actionsOf(first))[0].detachedAt).toBeNull();
		expect((await actionsOf(second))[0].detachedAt).not.toBeNull();
	});
});

describe('a date chip in a task item', () => {
	const chip = (date: unknown): RichNode => ({ type: 'dateChip', attrs: { date } });

	it('sets the due date, and its date is written in the title as in the notes', async () => {
		const id = await newDocument();
		await sync(
			id,
			doc(item('c1', ['Envoyer le devis ', mention(marie), ' pour le ', chip('2027-04-02')]))
		);
		const [action] = await actionsOf(id);
		expect(action).toMatchObject({
			title: 'Envoyer le devis pour le 02/04/2027',
			ownerId: marie.id,
			dueDate: '2027-04-02'
		});
	});

	it('wins over a date typed in the text, when written and when either changes', async () => {
		const id = await newDocument();
		await sync(
			id,
			doc(item('c2', ['Appeler la CCI avant le 15/03, au plus tard ', chip('2027-05-20')]))
		);
		const [action] = await actionsOf(id);
		expect(action.dueDate).toBe('2027-05-20');
		// Text retyped: the chip still says when.
		await sync(
			id,
			doc(item('c2', ['Appeler la CCI avant le 18/03, au plus tard ', chip('2027-05-20')]))
		);
		expect((await actionsOf(id))[0].dueDate).toBe('2027-05-20');
		// The chip changed: the same action, a new due date, in its history.
		await sync(
			id,
			doc(item('c2', ['Appeler la CCI avant le 18/03, au plus tard ', chip('2027-06-01')]))
		);
		const [changed] = await actionsOf(id);
		expect(changed).toMatchObject({ id: action.id, dueDate: '2027-06-01' });
		const last = (await eventsOf(action.id)).at(-1)!;
		expect(last.changes).toMatchObject({ dueDate: ['2027-05-20', '2027-06-01'] });
		// Without the chip, what is typed counts again when the text changes.
		await sync(id, doc(item('c2', ['Appeler la CCI avant le 19/03'])));
		expect((await actionsOf(id))[0].dueDate?.endsWith('-03-19')).toBe(true);
	});

	it('is ignored when its date is not one, never breaking the notes or the board', async () => {
		const id = await newDocument();
		const content = doc(
			item('typed', ['Réserver la salle avant le 15/03 ', chip('pas une date')]),
			item('none', ['Relancer le fournisseur ', chip(42)]),
			item('impossible', ['Signer la convention ', chip('2027-02-30')]),
			item('bare', ['Imprimer les badges ', { type: 'dateChip' }]),
			item('nested', ['Préparer le salon ', { type: 'dateChip', attrs: { date: { y: 2027 } } }])
		);
		await expect(sync(id, content)).resolves.toEqual([]);
		const byTask = Object.fromEntries((await actionsOf(id)).map((r) => [r.taskId, r]));
		expect(byTask.typed).toMatchObject({
			title: 'Réserver la salle avant le 15/03',
			dueDate: '2027-03-15'
		});
		expect(byTask.none).toMatchObject({ title: 'Relancer le fournisseur', dueDate: null });
		expect(byTask.impossible.dueDate).toBeNull();
		expect(byTask.bare.dueDate).toBeNull();
		expect(byTask.nested.dueDate).toBeNull();
	});

	it('read from a live Yjs document through the derive step', async () => {
		const id = await newDocument();
		const ydoc = new Y.Doc();
		const list = new Y.XmlElement('taskList');
		const task = new Y.XmlElement('taskItem');
		task.setAttribute('taskId', 'live');
		const paragraph = new Y.XmlElement('paragraph');
		const good = new Y.XmlElement('dateChip');
		good.setAttribute('date', '2027-10-05');
		const bad = new Y.XmlElement('dateChip');
		bad.setAttribute('date', { oops: true } as unknown as string);
		paragraph.insert(0, [new Y.XmlText('Rendre le bilan '), bad, good]);
		task.insert(0, [paragraph]);
		list.insert(0, [task]);
		ydoc.transact(() => ydoc.getXmlFragment('default').insert(0, [list]));
		await deriveViews(id, ydoc, lead.id);
		const [action] = await actionsOf(id);
		expect(action).toMatchObject({ title: 'Rendre le bilan 05/10/2027', dueDate: '2027-10-05' });
		const [stored] = await db.select().from(documentsTable).where(eq(documentsTable.id, id));
		expect(stored.html).toContain(
			'<time class="date-chip" datetime="2027-10-05">05/10/2027</time>'
		);
		expect(stored.tasks[0].dueDate).toBe('2027-10-05');
		ydoc.destroy();
	});
});

describe('what the board changed stays', () => {
	const chip = (date: string): RichNode => ({ type: 'dateChip', attrs: { date } });
	/** The notes read again, knowing what the last reading found. */
	const resync = (documentId: string, content: RichNode, last: RichNode) =>
		syncNotesToActions(documentId, documentTasks(content), lead.id, november, documentTasks(last));
	const boardSets = (actionId: string, values: Partial<typeof actions.$inferInsert>) =>
		db.update(actions).set(values).where(eq(actions.id, actionId));

	it('when a reading of the notes taken before the board’s change finishes after it', async () => {
		const id = await newDocument();
		const notes = doc(item('r1', ['Réserver la salle ', mention(marie), ' ', chip('2027-04-02')]));
		await sync(id, notes);
		const [action] = await actionsOf(id);
		// The board moves the date and marks it done (and edits the notes, read again later)...
		await boardSets(action.id, { dueDate: '2027-04-20', status: 'done', closedAt: new Date() });
		// ...while a reading of the notes as they were before is still under way.
		await resync(id, notes, notes);
		expect((await actionsOf(id))[0]).toMatchObject({ dueDate: '2027-04-20', status: 'done' });
		// The board's edit of the notes, read next, agrees with it.
		const edited = doc(
			item('r1', ['Réserver la salle ', mention(marie), ' ', chip('2027-04-20')], true)
		);
		await resync(id, edited, notes);
		expect((await actionsOf(id))[0]).toMatchObject({ dueDate: '2027-04-20', status: 'done' });
	});

	it('when another line of the notes is edited, and follows the notes where they change', async () => {
		const id = await newDocument();
		const first = doc(
			item('r2', ['Relancer le transporteur ', mention(marie), ' ', chip('2027-05-02')]),
			item('r3', ['Autre chose'])
		);
		await sync(id, first);
		const [action] = await actionsOf(id);
		await boardSets(action.id, { ownerId: paul.id, title: 'Relancer Trans-Alsace' });
		// Another line changes: the board's owner and title stay.
		const second = doc(
			item('r2', ['Relancer le transporteur ', mention(marie), ' ', chip('2027-05-02')]),
			item('r3', ['Autre chose, précisée'])
		);
		await resync(id, second, first);
		expect((await actionsOf(id))[0]).toMatchObject({
			ownerId: paul.id,
			title: 'Relancer Trans-Alsace',
			dueDate: '2027-05-02'
		});
		// This line's own mention, text and chip change: the notes win again, each part.
		const third = doc(
			item('r2', ['Relancer le transporteur vite ', mention(lead), ' ', chip('2027-05-09')], true),
			item('r3', ['Autre chose, précisée'])
		);
		await resync(id, third, second);
		expect((await actionsOf(id))[0]).toMatchObject({
			ownerId: lead.id,
			title: 'Relancer le transporteur vite 09/05/2027',
			dueDate: '2027-05-09',
			status: 'done'
		});
	});
});

describe('malformed items', () => {
	it('skip what cannot be an action and keep the others, never throwing', async () => {
		const id = await newDocument();
		const content = doc(
			item(null, ['Sans identifiant']),
			item('empty', []),
			item('blank', ['   ']),
			item('short', ['x']),
			item('only-mention', [mention(marie)]),
			item('ghost', [
				'Relancer ',
				{ type: 'mention', attrs: { id: crypto.randomUUID(), label: 'Fantôme' } }
			]),
			item('not-uuid', [
				'Appeler ',
				{ type: 'mention', attrs: { id: 'pas-un-id', label: 'Quelqu’un' } }
			]),
			item('disabled', ['Rendre les clés ', mention(gone)]),
			item('no-label', ['Voir ', { type: 'mention', attrs: { id: paul.id } }, ' demain']),
			{ type: 'taskItem', attrs: { taskId: 42, checked: 'yes' }, content: [] },
			{ type: 'taskItem', attrs: { taskId: 'no-content', checked: true } },
			{
				type: 'taskItem',
				attrs: { taskId: 'weird', checked: 'true' },
				content: [{ type: 'unknown', content: [text('Nœud inconnu')] }]
			},
			item('good', ['Une vraie action ', mention(paul), ' avant le 15/03'])
		);
		await expect(sync(id, content)).resolves.toBeInstanceOf(Array);
		const rows = await actionsOf(id);
		const byTask = Object.fromEntries(rows.map((r) => [r.taskId, r]));
		expect(Object.keys(byTask).sort()).toEqual(
			['disabled', 'ghost', 'good', 'no-label', 'not-uuid', 'weird'].sort()
		);
		expect(byTask.good).toMatchObject({ ownerId: paul.id, dueDate: '2027-03-15' });
		expect(byTask.ghost.ownerId).toBeNull();
		expect(byTask['not-uuid'].ownerId).toBeNull();
		expect(byTask.disabled.ownerId).toBeNull();
		expect(byTask['no-label'].ownerId).toBe(paul.id);
		expect(byTask.weird).toMatchObject({ title: 'Nœud inconnu', status: 'open' });
	});

	it('in a live document written by hand never break deriving the others', async () => {
		const id = await newDocument();
		const ydoc = new Y.Doc();
		const fragment = ydoc.getXmlFragment('default');
		const paragraph = (...children: (Y.XmlText | Y.XmlElement)[]) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, children);
			return p;
		};
		const task = (attrs: Record<string, unknown>, ...children: Y.XmlElement[]) => {
			const el = new Y.XmlElement('taskItem');
			for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
			el.insert(0, children);
			return el;
		};
		const weirdMention = new Y.XmlElement('mention');
		weirdMention.setAttribute('id', { nested: true } as unknown as string);
		const list = new Y.XmlElement('taskList');
		list.insert(0, [
			task({ taskId: 7, checked: 'oui' }, paragraph(new Y.XmlText('Identifiant numérique'))),
			task({ checked: true }, paragraph(new Y.XmlText('Sans identifiant'))),
			task({ taskId: 'odd' }, paragraph(new Y.XmlText('Mention bizarre '), weirdMention)),
			task({ taskId: 'empty' }),
			task({ taskId: 'fine', checked: true }, paragraph(new Y.XmlText('Celle-ci compte')))
		]);
		ydoc.transact(() => fragment.insert(0, [list, new Y.XmlText('texte nu')]));
		await expect(deriveViews(id, ydoc, lead.id)).resolves.toBeUndefined();
		const rows = await actionsOf(id);
		expect(rows.map((r) => [r.taskId, r.status, r.ownerId])).toEqual([
			['fine', 'done', null],
			['odd', 'open', null]
		]);
		expect(rows[0].title).toBe('Celle-ci compte');
		expect(rows[1].title.startsWith('Mention bizarre')).toBe(true);
		const [stored] = await db.select().from(documentsTable).where(eq(documentsTable.id, id));
		expect(stored.derivedAt).not.toBeNull();
		expect(stored.plainText).toContain('Celle-ci compte');
		ydoc.destroy();
	});
});

describe('from a document created with content, through the derive step', () => {
	it('turns the task items of the stored notes into actions', async () => {
		const content = doc(
			item('e1', ['Envoyer le devis ', mention(marie), ' avant le 15/03']),
			item('e2', ['Réserver la salle'], true),
			// The server's schema knows date chips: stored and read back, not dropped.
			item('e3', ['Rendre le bilan ', { type: 'dateChip', attrs: { date: '2027-10-05' } }])
		);
		const created = await documents.create(
			lead,
			groupId,
			{ title: 'Avec contenu', tags: [] },
			{ content }
		);
		// Creating stores the content; the actions come with the derive step, as after an edit.
		expect(await actionsOf(created.id)).toEqual([]);
		const stored = await loadDoc(created.id);
		await deriveViews(created.id, stored, lead.id);
		stored.destroy();
		const rows = await actionsOf(created.id);
		expect(rows.map((r) => [r.taskId, r.title, r.ownerId, r.status])).toEqual([
			['e1', 'Envoyer le devis avant le 15/03', marie.id, 'open'],
			['e2', 'Réserver la salle', null, 'done'],
			['e3', 'Rendre le bilan 05/10/2027', null, 'open']
		]);
		expect(rows[2].dueDate).toBe('2027-10-05');
		const [e1] = rows;
		// Written now (late November 2026 or later): the next 15 March after today.
		const today = new Date().toISOString().slice(0, 10);
		expect(e1.dueDate! > today).toBe(true);
		expect(e1.dueDate!.endsWith('-03-15')).toBe(true);
		expect(e1.ownerOrganisationId).toBe(marieOrg);
		const [row] = await db
			.select({ tasks: documentsTable.tasks })
			.from(documentsTable)
			.where(and(eq(documentsTable.id, created.id)));
		expect(row.tasks.map((t) => t.id)).toEqual(['e1', 'e2', 'e3']);
	});
});

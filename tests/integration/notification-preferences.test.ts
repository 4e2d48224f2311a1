import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RichDoc, RichNode } from '$lib/richtext/types';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { deriveViews } from '$lib/server/live-documents/derive';
import { addDays, todayInParis } from '$lib/server/dates';
import { db } from '$lib/server/db';
import { notifications as notificationsTable, type Delivery } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import * as meetings from '$lib/server/meetings';
import * as notifications from '$lib/server/threads/notifications';
import * as preferences from '$lib/server/preferences';
import * as reminders from '$lib/server/actions/reminders';
import * as threads from '$lib/server/threads';
import { startCollab, type RunningCollab } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

// Each immediate e-mail goes only to the people who want it right away: the others read it in
// their digest or chose not to hear about it, and keep their in-app notifications.

await createTestDb();

const ORIGIN = 'https://maillage.test';
let running: RunningCollab;
let lead: SessionUser;
/** One person per choice, the same choice for every topic ('immediate' is the default, unset). */
const people = {} as Record<Delivery, SessionUser>;
let groupId: string;
const choices = ['immediate', 'daily', 'weekly', 'off'] as const;

beforeAll(async () => {
	running = await startCollab();
	lead = await buildUser({ name: 'Léa Pilote' });
	for (const choice of choices) people[choice] = await buildUser({ name: `Personne ${choice}` });
	groupId = (
		await buildGroup({ name: 'Mobilité' }, [
			{ user: lead, role: 'lead' },
			...choices.map((c) => ({ user: people[c], role: 'member' as const }))
		])
	).id;
	for (const choice of ['daily', 'weekly', 'off'] as const) {
		await preferences.save(people[choice], {
			mention: choice,
			assignment: choice,
			due: choice,
			minutes: choice,
			reply: choice,
			check_in: choice
		});
	}
});
afterAll(() => running.stop());

/** How many e-mails of this kind each person got, by their choice. */
async function counts(kind: string) {
	return Object.fromEntries(
		await Promise.all(
			choices.map(async (c) => [c, (await mailsTo(people[c].email, kind)).length] as const)
		)
	);
}
const onlyImmediate = (n: number) => ({ immediate: n, daily: 0, weekly: 0, off: 0 });

const body = (...nodes: RichNode[]): RichDoc => ({
	type: 'doc',
	content: [{ type: 'paragraph', content: nodes }]
});
const mention = (p: SessionUser): RichNode => ({
	type: 'mention',
	attrs: { id: p.id, label: p.name }
});
const open = (title: string, doc: RichDoc) =>
	threads.create(
		lead,
		groupId,
		threads.threadSchema.parse({ title, body: JSON.stringify(doc) }),
		ORIGIN
	);
async function inApp(person: SessionUser, threadId: string) {
	return (
		await db
			.select({ kind: notificationsTable.kind })
			.from(notificationsTable)
			.where(
				and(eq(notificationsTable.userId, person.id), eq(notificationsTable.threadId, threadId))
			)
	).map((n) => n.kind);
}

describe('the preference a person reads back', () => {
	it('is the default until they choose, then their choice, topic by topic', async () => {
		expect(await preferences.deliveryOf(people.immediate.id, 'minutes')).toBe('immediate');
		expect(await preferences.deliveryOf(people.weekly.id, 'minutes')).toBe('weekly');
		expect(await preferences.shouldEmailNow(people.immediate.id, 'check_in')).toBe(true);
		for (const c of ['daily', 'weekly', 'off'] as const) {
			expect(await preferences.shouldEmailNow(people[c].id, 'check_in')).toBe(false);
		}
	});
});

describe('thread e-mails', () => {
	it('mail a mention only to whoever wants it now; everyone keeps the notification', async () => {
		const { thread } = await open(
			'Navette du matin',
			body(...choices.flatMap((c) => [mention(people[c]), { type: 'text', text: ' ' }]))
		);
		expect(await counts('thread_mention')).toEqual(onlyImmediate(1));
		for (const c of choices) expect(await inApp(people[c], thread.id)).toEqual(['mention']);
	});

	it('mail a reply in a followed thread only to whoever wants it now', async () => {
		const { thread } = await open('Covoiturage', body({ type: 'text', text: 'Qui vient ?' }));
		await notifications.autoFollow(
			thread.id,
			choices.map((c) => people[c].id)
		);
		await threads.post(
			lead,
			thread.id,
			{ body: body({ type: 'text', text: 'Moi' }), parentId: '' },
			ORIGIN
		);
		expect(await counts('thread_reply')).toEqual(onlyImmediate(1));
		for (const c of choices) expect(await inApp(people[c], thread.id)).toEqual(['reply']);
	});
});

describe('minutes', () => {
	it('are mailed at publication only to the invitees who want them now', async () => {
		const meeting = await meetings.create(
			lead,
			groupId,
			meetings.meetingSchema.parse({
				title: 'Comité',
				startsAt: '2027-03-02T14:00',
				endsAt: '2027-03-02T16:00',
				placeKind: 'address',
				placeText: 'Sélestat',
				agenda: []
			}),
			[],
			'fr'
		);
		await meetings.publish(lead, meeting.id, 'fr', ORIGIN);
		expect(await counts('minutes')).toEqual(onlyImmediate(1));
		expect((await mailsTo(lead.email, 'minutes')).length).toBe(1);
	});
});

describe('actions', () => {
	const create = (title: string, ownerId: string, dueDate = '') =>
		actionItems.create(lead, groupId, actionItems.actionSchema.parse({ title, ownerId, dueDate }));

	it('mail the new owner of an action when it is created for them, not its creator', async () => {
		for (const c of choices) await create(`Réserver le car (${c})`, people[c].id, '2027-04-01');
		expect(await counts('assignment')).toEqual(onlyImmediate(1));
		const [mail] = await mailsTo(people.immediate.email, 'assignment');
		expect(mail.subject).toBe('Une action vous est confiée : Réserver le car (immediate)');
		expect(mail.text).toContain('Léa Pilote vous a confié cette action :');
		expect(mail.text).toContain(
			'• Réserver le car (immediate) — Mobilité — échéance le 1 avril 2027'
		);
		expect(mail.text).toMatch(/\n {2}https?:\/\/\S+\/actions\/[0-9a-f-]{36}\n/);

		await create('Pour moi-même', lead.id);
		expect(await mailsTo(lead.email, 'assignment')).toEqual([]);
	});

	it('mail the new owner when the owner changes, once for several actions changed together', async () => {
		const a = await create('Appeler la CCI', lead.id);
		await actionItems.update(lead, a.id, { ownerId: people.immediate.id });
		expect(await counts('assignment')).toEqual(onlyImmediate(2));
		// Changing something else does not mail the owner again.
		await actionItems.update(lead, a.id, { title: 'Appeler la CCI de Colmar' });
		expect(await counts('assignment')).toEqual(onlyImmediate(2));

		const b = await create('Imprimer les badges', lead.id);
		const c = await create('Commander le buffet', lead.id);
		await actionItems.bulkUpdate(lead, [b.id, c.id], { ownerId: people.immediate.id });
		const mails = await mailsTo(people.immediate.email, 'assignment');
		expect(mails).toHaveLength(3);
		expect(mails[2].subject).toBe('2 actions vous sont confiées');
		expect(mails[2].text).toContain('Imprimer les badges');
		expect(mails[2].text).toContain('Commander le buffet');
		// A person who gives an action to themself is not mailed about it.
		await actionItems.update(people.immediate, b.id, { ownerId: people.immediate.id });
		await actionItems.update(lead, b.id, { ownerId: lead.id });
		await actionItems.update(people.immediate, b.id, { ownerId: people.immediate.id });
		expect(await mailsTo(people.immediate.email, 'assignment')).toHaveLength(3);
	});

	it('mail the people a task item in notes is given to', async () => {
		const documentId = (await documents.create(lead, groupId, { title: 'Notes', tags: [] })).id;
		const ydoc = new Y.Doc();
		const list = new Y.XmlElement('taskList');
		const items = choices.map((c) => {
			const item = new Y.XmlElement('taskItem');
			item.setAttribute('taskId', `task-${c}`);
			const paragraph = new Y.XmlElement('paragraph');
			const who = new Y.XmlElement('mention');
			who.setAttribute('id', people[c].id);
			who.setAttribute('label', people[c].name);
			paragraph.insert(0, [new Y.XmlText('Préparer le salon '), who]);
			item.insert(0, [paragraph]);
			return item;
		});
		list.insert(0, items);
		ydoc.transact(() => ydoc.getXmlFragment('default').insert(0, [list]));
		const before = await counts('assignment');
		await deriveViews(documentId, ydoc, lead.id);
		const after = await counts('assignment');
		expect(after.immediate - before.immediate).toBe(1);
		expect(after).toMatchObject({ daily: 0, weekly: 0, off: 0 });
		const last = (await mailsTo(people.immediate.email, 'assignment')).at(-1)!;
		expect(last.text).toContain('Préparer le salon');
		// Derived again without a change, the notes give nothing new.
		await deriveViews(documentId, ydoc, lead.id);
		expect(await counts('assignment')).toEqual(after);
		ydoc.destroy();
	});

	it('remind due dates each morning only to the owners who want it now', async () => {
		const soon = addDays(todayInParis(), 1);
		for (const c of choices) await create(`Rendre le bilan (${c})`, people[c].id, soon);
		await reminders.sendDaily(ORIGIN);
		expect(await counts('reminder')).toEqual(onlyImmediate(1));
	});
});

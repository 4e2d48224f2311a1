import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { jsonFromDoc } from '$lib/richtext/content';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import {
	documents,
	documentVersions,
	meetingAttendees,
	meetings as meetingsTable,
	users
} from '$lib/server/db/schema';
import { translate } from '$lib/i18n';
import * as meetings from '$lib/server/meetings';
import type { RichNode } from '$lib/richtext/types';
import { startCollab, type RunningCollab } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

let running: RunningCollab;
let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let outsider: SessionUser;
let guest: SessionUser;
let groupId: string;

beforeAll(async () => {
	running = await startCollab();
	coordinator = await buildUser({ role: 'coordinator' });
	director = await buildUser({ role: 'director' });
	[lead, member, observer, outsider, guest] = await Promise.all(
		[1, 2, 3, 4, 5].map((n) => buildUser({ name: `Personne ${n}` }))
	);
	groupId = (
		await buildGroup({ joinPolicy: 'closed' }, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' },
			{ user: observer, role: 'observer' }
		])
	).id;
});
afterAll(() => running.stop());

type Overrides = Record<string, string | Record<string, string>[]>;
const form = (overrides: Overrides = {}) => ({
	title: 'Comité de pilotage',
	startsAt: '2027-03-02T14:00',
	endsAt: '2027-03-02T16:00',
	placeKind: 'address',
	placeText: '12 rue du Moulin, Sélestat',
	agenda: [{ title: ' Tour de table ', minutes: '10' }, { title: 'Budget 2027' }],
	...overrides
});
const input = (overrides: Overrides = {}) => meetings.meetingSchema.parse(form(overrides));
const schedule = (
	actor: SessionUser,
	overrides: Overrides = {},
	extra: string[] = [],
	group = groupId
) => meetings.create(actor, group, input(overrides), extra, 'fr');

async function invitees(meetingId: string) {
	return db.select().from(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
}
async function stored(meetingId: string) {
	const [row] = await db.select().from(meetingsTable).where(eq(meetingsTable.id, meetingId));
	return row;
}

/** The blocks of the notes as the editor sees them: [type, text]. */
async function notesBlocks(documentId: string): Promise<[string, string][]> {
	const doc = await loadDoc(documentId);
	const json = jsonFromDoc(doc);
	doc.destroy();
	const textOf = (node: RichNode): string =>
		node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(textOf).join('|');
	return (json.content ?? []).map((node) => [
		node.type === 'heading' ? `h${node.attrs?.level}` : node.type,
		textOf(node)
	]);
}

describe('meetingSchema', () => {
	const issues = (values: Overrides) =>
		meetings.meetingSchema
			.safeParse(form(values))
			.error?.issues.map((i) => [i.path.join('.'), i.message]);

	it('reads Paris times and the agenda', () => {
		const parsed = input();
		expect(parsed.startsAt.toISOString()).toBe('2027-03-02T13:00:00.000Z');
		expect(parsed.endsAt.toISOString()).toBe('2027-03-02T15:00:00.000Z');
		expect(parsed.agenda).toEqual([
			{ title: 'Tour de table', minutes: 10, ownerId: null },
			{ title: 'Budget 2027', minutes: null, ownerId: null }
		]);
	});

	it('refuses an end before or at the start', () => {
		expect(issues({ endsAt: '2027-03-02T13:00' })).toEqual([
			['endsAt', 'meeting.end_before_start']
		]);
		expect(issues({ endsAt: '2027-03-02T14:00' })).toEqual([
			['endsAt', 'meeting.end_before_start']
		]);
	});

	it('refuses an online meeting without a link, or with a link that is not https', () => {
		expect(issues({ placeKind: 'online', onlineUrl: '' })).toEqual([
			['onlineUrl', 'meeting.online_url_invalid']
		]);
		expect(issues({ placeKind: 'online', onlineUrl: 'javascript:alert(1)' })).toEqual([
			['onlineUrl', 'meeting.online_url_invalid']
		]);
		expect(issues({ placeKind: 'online', onlineUrl: 'https://visio.test/abc' })).toBeUndefined();
	});

	it('refuses a host organisation left empty, a date that is not one, an unknown place kind', () => {
		expect(issues({ placeKind: 'organisation' })).toEqual([
			['placeOrganisationId', 'validation.choose']
		]);
		expect(issues({ startsAt: 'demain' })?.[0]).toEqual(['startsAt', 'validation.date']);
		expect(issues({ startsAt: '2027-02-31T10:00' })?.[0]).toEqual(['startsAt', 'validation.date']);
		expect(issues({ placeKind: 'grotte' })?.[0]).toEqual(['placeKind', 'validation.choose']);
	});

	it('refuses an agenda item without a title, with a duration or an owner that is not one', () => {
		expect(
			issues({
				agenda: [
					{ title: 'Budget', minutes: '0' },
					{ title: '', minutes: '20' },
					{ title: 'Tour de table', ownerId: 'pas-un-id' },
					{ title: 'Long', minutes: '20 min' },
					{ title: 'Trop long', minutes: '601' }
				]
			})
		).toEqual([
			['agenda.0.minutes', 'meeting.agenda_minutes_invalid'],
			['agenda.1.title', 'meeting.agenda_title_missing'],
			['agenda.2.ownerId', 'action.owner_unknown'],
			['agenda.3.minutes', 'meeting.agenda_minutes_invalid'],
			['agenda.4.minutes', 'meeting.agenda_minutes_invalid']
		]);
		const many = Array.from({ length: 41 }, (_, i) => ({ title: `Point ${i}` }));
		expect(issues({ agenda: many })).toEqual([['agenda', 'meeting.agenda_too_many']]);
	});
});

describe('create', () => {
	it('schedules a meeting, invites the group and the extra people, and writes its notes', async () => {
		const soon = await actionItems.create(
			lead,
			groupId,
			actionItems.actionSchema.parse({
				title: 'Relancer la mairie',
				ownerId: member.id,
				dueDate: '2027-02-20'
			})
		);
		await actionItems.create(
			lead,
			groupId,
			actionItems.actionSchema.parse({
				title: 'Action close',
				ownerId: '',
				dueDate: '',
				status: 'done'
			})
		);
		const agenda: Record<string, string>[] = [
			{ title: 'Tour de table', minutes: '10' },
			{ title: 'Budget 2027', ownerId: member.id, minutes: '20' },
			{ title: 'Invité', ownerId: guest.id }
		];
		const meeting = await schedule(lead, { agenda }, [guest.id, member.id]);
		expect(meeting).toMatchObject({ groupId, status: 'planned', createdById: lead.id });
		expect((await stored(meeting.id)).agenda).toEqual([
			{ title: 'Tour de table', ownerId: null, minutes: 10 },
			{ title: 'Budget 2027', ownerId: member.id, minutes: 20 },
			{ title: 'Invité', ownerId: guest.id, minutes: null }
		]);
		expect((await invitees(meeting.id)).map((i) => i.userId).sort()).toEqual(
			[lead.id, member.id, observer.id, guest.id].sort()
		);
		expect((await invitees(meeting.id)).every((i) => i.response === 'pending')).toBe(true);

		const [notes] = await db
			.select()
			.from(documents)
			.where(eq(documents.id, meeting.notesDocumentId!));
		expect(notes).toMatchObject({ groupId, kind: 'notes' });
		expect(notes.title).toBe('Notes de la réunion — Comité de pilotage — 02/03/2027');
		const blocks = await notesBlocks(notes.id);
		expect(blocks.map(([type]) => type)).toEqual([
			'h1',
			'h2',
			'paragraph',
			'h2',
			'paragraph',
			'h2',
			'paragraph',
			'h2',
			'bulletList',
			'h2',
			'paragraph',
			'h2',
			'taskList',
			'paragraph'
		]);
		expect(blocks.filter(([type]) => type.startsWith('h')).map(([, text]) => text)).toEqual([
			'Comité de pilotage',
			'Tour de table (10 min)',
			'Budget 2027 — Personne 2 (20 min)',
			'Invité — Personne 5',
			'Suivi des actions',
			'Décisions',
			'Actions'
		]);
		// The open actions carried forward, not the closed ones.
		const followUp = blocks[8][1];
		expect(followUp).toContain(`Relancer la mairie — ${member.name} — 20/02/2027`);
		expect(followUp).not.toContain('Action close');
		expect(soon.status).toBe('open');
	});

	it('says so when the group has no open action', async () => {
		const group = (await buildGroup({}, [{ user: lead, role: 'lead' }])).id;
		const meeting = await schedule(lead, { agenda: [] }, [], group);
		const blocks = await notesBlocks(meeting.notesDocumentId!);
		expect(blocks.slice(1, 3)).toEqual([
			['h2', 'Suivi des actions'],
			['paragraph', 'Aucune action ouverte dans le groupe.']
		]);
		expect((await invitees(meeting.id)).map((i) => i.userId)).toEqual([lead.id]);
	});

	it('lets the coordination schedule in any group', async () => {
		const meeting = await schedule(coordinator);
		expect(meeting.groupId).toBe(groupId);
	});

	it('refuses members, observers and directors, hides the group from outsiders, writes nothing', async () => {
		const count = async () => ({
			meetings: (await db.select().from(meetingsTable)).length,
			documents: (await db.select().from(documents)).length
		});
		const before = await count();
		for (const person of [member, observer, director]) {
			expect((await refusal(schedule(person))).kind).toBe('forbidden');
		}
		expect((await refusal(schedule(outsider))).kind).toBe('not_found');
		const unknown = await refusal(schedule(lead, {}, [crypto.randomUUID()]));
		expect(unknown).toMatchObject({ kind: 'invalid', field: 'invitees' });
		const archived = (await buildGroup({ status: 'archived' }, [{ user: lead, role: 'lead' }])).id;
		expect((await refusal(schedule(lead, {}, [], archived))).kind).toBe('forbidden');
		expect(await count()).toEqual(before);
	});

	it('refuses to invite a disabled account, in French and in English, and writes nothing', async () => {
		const gone = await buildUser({ name: 'Compte fermé' });
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
		const count = async () => ({
			meetings: (await db.select().from(meetingsTable)).length,
			documents: (await db.select().from(documents)).length
		});
		const before = await count();
		const refused = await refusal(schedule(lead, {}, [guest.id, gone.id]));
		expect(refused).toMatchObject({
			kind: 'invalid',
			field: 'invitees',
			messageKey: 'meeting.invitee_disabled'
		});
		expect(translate('fr', refused.messageKey)).toMatch(/désactivé/);
		expect(translate('en', refused.messageKey)).toMatch(/disabled/);
		expect(await count()).toEqual(before);
	});
});

describe('answers and attendance', () => {
	it('lets invitees answer, and only them', async () => {
		const meeting = await schedule(lead, {}, [guest.id]);
		// Invited from outside the closed group: they see the meeting, and may not run it.
		const seen = await meetings.details(guest, meeting.id);
		expect(seen.canManage).toBe(false);
		expect(seen.attendees.map((a) => a.userId)).toContain(guest.id);
		expect((await refusal(meetings.recordAttendance(guest, meeting.id, {}))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(meetings.details(outsider, meeting.id))).kind).toBe('not_found');
		await meetings.respond(member, meeting.id, 'attending');
		await meetings.respond(guest, meeting.id, 'maybe');
		const answers = Object.fromEntries((await invitees(meeting.id)).map((i) => [i.userId, i]));
		expect(answers[member.id].response).toBe('attending');
		expect(answers[member.id].respondedAt).not.toBeNull();
		expect(answers[guest.id].response).toBe('maybe');
		expect(answers[observer.id].response).toBe('pending');
		expect(await refusal(meetings.respond(coordinator, meeting.id, 'attending'))).toMatchObject({
			kind: 'invalid',
			messageKey: 'meeting.not_invited'
		});
		expect((await refusal(meetings.respond(outsider, meeting.id, 'attending'))).kind).toBe(
			'not_found'
		);
	});

	it('lets the lead record who came, which marks the meeting held', async () => {
		// A meeting already over: only a begun meeting becomes held.
		const meeting = await schedule(lead, {
			startsAt: '2026-03-02T14:00',
			endsAt: '2026-03-02T16:00'
		});
		const refused = await refusal(
			meetings.recordAttendance(member, meeting.id, { [member.id]: 'present' })
		);
		expect(refused.kind).toBe('forbidden');
		expect((await stored(meeting.id)).status).toBe('planned');
		await meetings.recordAttendance(lead, meeting.id, {
			[lead.id]: 'present',
			[member.id]: 'excused',
			[observer.id]: 'absent'
		});
		const attendance = Object.fromEntries(
			(await invitees(meeting.id)).map((i) => [i.userId, i.attendance])
		);
		expect(attendance).toEqual({
			[lead.id]: 'present',
			[member.id]: 'excused',
			[observer.id]: 'absent'
		});
		expect((await stored(meeting.id)).status).toBe('held');
	});
});

describe('publish', () => {
	it('freezes the notes as the minutes and mails every invitee who did not decline', async () => {
		const meeting = await schedule(lead, { title: 'Réunion à publier' }, [guest.id]);
		await meetings.respond(observer, meeting.id, 'not_attending');
		await meetings.respond(guest, meeting.id, 'attending');
		expect((await refusal(meetings.publish(member, meeting.id, 'fr', 'https://m.test'))).kind).toBe(
			'forbidden'
		);
		const mailsBefore = await Promise.all(
			[lead, member, observer, guest].map((p) => mailsTo(p.email))
		);

		await meetings.publish(lead, meeting.id, 'fr', 'https://m.test');
		const after = await stored(meeting.id);
		expect(after.status).toBe('published');
		expect(after.publishedAt).not.toBeNull();
		const [version] = await db
			.select()
			.from(documentVersions)
			.where(eq(documentVersions.id, after.minutesVersionId!));
		expect(version).toMatchObject({ documentId: meeting.notesDocumentId, name: 'Compte rendu' });
		expect(version.html).toContain('<h1>Réunion à publier</h1>');
		expect(version.html).toContain('<h2>Décisions</h2>');
		const details = await meetings.details(member, meeting.id);
		expect(details.minutes?.html).toBe(version.html);

		const link = `https://m.test/groupes/`;
		for (const [i, person] of [lead, member, observer, guest].entries()) {
			const fresh = (await mailsTo(person.email)).slice(mailsBefore[i].length);
			if (person === observer) {
				expect(fresh).toEqual([]);
				continue;
			}
			expect(fresh).toHaveLength(1);
			expect(fresh[0]).toMatchObject({
				kind: 'minutes',
				subject: 'Compte rendu publié : Réunion à publier'
			});
			expect(fresh[0].text).toContain(`${link}`);
			expect(fresh[0].text).toContain(`/reunions/${meeting.id}`);
			expect(fresh[0].text).toContain(person.name);
		}
	});
});

describe('upcomingFor', () => {
	it('lists the person’s coming meetings, soonest first, with their answer', async () => {
		const person = await buildUser();
		const group = (
			await buildGroup({}, [
				{ user: lead, role: 'lead' },
				{ user: person, role: 'member' }
			])
		).id;
		const year = new Date().getUTCFullYear();
		const later = await schedule(
			lead,
			{
				title: 'Plus tard',
				startsAt: `${year + 2}-05-01T10:00`,
				endsAt: `${year + 2}-05-01T12:00`
			},
			[],
			group
		);
		const sooner = await schedule(
			lead,
			{ title: 'Bientôt', startsAt: `${year + 1}-05-01T10:00`, endsAt: `${year + 1}-05-01T12:00` },
			[],
			group
		);
		await schedule(
			lead,
			{ title: 'Passée', startsAt: `${year - 1}-05-01T10:00`, endsAt: `${year - 1}-05-01T12:00` },
			[],
			group
		);
		const cancelled = await schedule(
			lead,
			{ title: 'Annulée', startsAt: `${year + 1}-06-01T10:00`, endsAt: `${year + 1}-06-01T12:00` },
			[],
			group
		);
		await meetings.setStatus(lead, cancelled.id, 'cancelled');
		await meetings.respond(person, later.id, 'attending');
		// Invited to a meeting of a group they are not in.
		const elsewhere = await schedule(
			lead,
			{ title: 'Invité', startsAt: `${year + 3}-01-01T10:00`, endsAt: `${year + 3}-01-01T12:00` },
			[person.id]
		);
		const upcoming = await meetings.upcomingFor(person.id);
		expect(upcoming.map((m) => [m.id, m.response])).toEqual([
			[sooner.id, 'pending'],
			[later.id, 'attending'],
			[elsewhere.id, 'pending']
		]);
		expect(await meetings.upcomingFor(outsider.id)).toEqual([]);
	});
});

import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import * as calendar from '$lib/server/meetings/calendar';
import { db } from '$lib/server/db';
import { calendarFeeds, meetingAttendees, meetings, users } from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

const origin = 'https://maillage.test';
const day = 24 * 3600 * 1000;

let person: SessionUser;
let other: SessionUser;
let lead: SessionUser;
let mine: { id: string; name: string; slug: string };
let theirs: { id: string; name: string; slug: string };
const ids: Record<string, string> = {};

async function meeting(key: string, groupId: string, startsInDays: number, extra = {}) {
	const startsAt = new Date(Date.now() + startsInDays * day);
	const [row] = await db
		.insert(meetings)
		.values({
			groupId,
			title: key,
			startsAt,
			endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000),
			placeText: 'Salle du conseil, 2e étage',
			...extra
		})
		.returning();
	ids[key] = row.id;
	return row;
}

async function action(key: string, groupId: string, fields: Record<string, string>) {
	const input = actionItems.actionSchema.parse({ title: key, ownerId: '', dueDate: '', ...fields });
	ids[key] = (await actionItems.create(lead, groupId, input)).id;
}

beforeAll(async () => {
	const org = await buildOrganisation({ name: 'Alsace Bois', town: 'Sélestat' });
	person = await buildUser({ name: 'Hélène Muller' });
	other = await buildUser();
	lead = await buildUser();
	mine = await buildGroup({ name: 'Mobilité' }, [
		{ user: person, role: 'member' },
		{ user: lead, role: 'lead' }
	]);
	theirs = await buildGroup({ name: 'Énergie' }, [
		{ user: other, role: 'member' },
		{ user: lead, role: 'lead' }
	]);
	await meeting('Comité de mobilité', mine.id, 10, {
		placeKind: 'organisation',
		placeOrganisationId: org.id,
		agenda: [
			{ title: 'Budget; devis, planning', minutes: 20, ownerId: person.id },
			{ title: 'Tour de table', minutes: null, ownerId: null }
		]
	});
	await meeting('Réunion récente', mine.id, -20);
	await meeting('Réunion ancienne', mine.id, -200);
	await meeting('Réunion de l’énergie', theirs.id, 5);
	const invited = await meeting('Invitée à l’énergie', theirs.id, 15);
	await db.insert(meetingAttendees).values({ meetingId: invited.id, userId: person.id });
	await action('Envoyer le devis', mine.id, { ownerId: person.id, dueDate: '2027-03-15' });
	await action('Action dans un autre groupe', theirs.id, {
		ownerId: person.id,
		dueDate: '2027-04-01'
	});
	await action('Action sans date', mine.id, { ownerId: person.id });
	await action('Action faite', mine.id, {
		ownerId: person.id,
		dueDate: '2027-03-16',
		status: 'done'
	});
	await action('Action de quelqu’un d’autre', mine.id, {
		ownerId: other.id,
		dueDate: '2027-03-17'
	});
	await action('Action sans responsable', mine.id, { dueDate: '2027-03-18' });
});

function events(text: string) {
	const root = new ICAL.Component(ICAL.parse(text));
	return root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('feed', () => {
	it('answers nothing to an unknown token', async () => {
		expect(await calendar.feed('pas-un-jeton', origin)).toBeUndefined();
		expect(await calendar.feed('', origin)).toBeUndefined();
	});

	it('holds the meetings of the person’s groups and the due dates of their open actions', async () => {
		const token = await calendar.createFeed(person);
		const text = await calendar.feed(token, origin);
		expect(text).toBeDefined();
		const root = new ICAL.Component(ICAL.parse(text!));
		expect(root.name).toBe('vcalendar');
		const found = events(text!);
		const byUid = Object.fromEntries(found.map((e) => [e.uid, e]));
		expect(Object.keys(byUid).sort()).toEqual(
			[
				`meeting-${ids['Comité de mobilité']}@maillage`,
				`meeting-${ids['Réunion récente']}@maillage`,
				`meeting-${ids['Invitée à l’énergie']}@maillage`,
				`action-${ids['Envoyer le devis']}@maillage`,
				`action-${ids['Action dans un autre groupe']}@maillage`
			].sort()
		);

		const committee = byUid[`meeting-${ids['Comité de mobilité']}@maillage`];
		expect(committee.summary).toBe('Mobilité — Comité de mobilité');
		expect(committee.location).toBe('Alsace Bois, Sélestat, Salle du conseil, 2e étage');
		expect(committee.description).toBe(
			'• Budget; devis, planning — Hélène Muller (20 min)\n• Tour de table'
		);
		expect(committee.startDate.isDate).toBe(false);
		const [stored] = await db
			.select()
			.from(meetings)
			.where(eq(meetings.id, ids['Comité de mobilité']));
		expect(committee.startDate.toJSDate().getTime()).toBe(
			Math.floor(stored.startsAt.getTime() / 1000) * 1000
		);

		const due = byUid[`action-${ids['Envoyer le devis']}@maillage`];
		// Open, so not marked with a tick (which reads as done): a to-do, and its day in words.
		expect(due.summary).toBe('À faire : Envoyer le devis');
		expect(due.description).toBe('Mobilité — à faire pour le 15 mars 2027');
		expect(due.startDate.isDate).toBe(true);
		expect(due.startDate.toString()).toBe('2027-03-15');
		expect(due.endDate.toString()).toBe('2027-03-16');
		expect(due.component.getFirstPropertyValue('url')).toBe(
			`${origin}/actions/${ids['Envoyer le devis']}`
		);
	});

	it('shows other people only their own things', async () => {
		const text = await calendar.feed(await calendar.createFeed(other), origin);
		const summaries = events(text!).map((e) => e.summary);
		expect(summaries.sort()).toEqual(
			[
				'Énergie — Réunion de l’énergie',
				'Énergie — Invitée à l’énergie',
				'À faire : Action de quelqu’un d’autre'
			].sort()
		);
	});

	it('stops working once revoked', async () => {
		const token = await calendar.createFeed(person);
		expect(await calendar.feedStatus(person)).not.toBeNull();
		await calendar.revokeFeed(person);
		expect(await calendar.feed(token, origin)).toBeUndefined();
		expect(await calendar.feedStatus(person)).toBeNull();
	});

	it('keeps only the newest address when a new one is made', async () => {
		const first = await calendar.createFeed(person);
		const second = await calendar.createFeed(person);
		expect(second).not.toBe(first);
		expect(await calendar.feed(first, origin)).toBeUndefined();
		expect(await calendar.feed(second, origin)).toContain('BEGIN:VCALENDAR');
		// Only a hash of the token is stored.
		const rows = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, person.id));
		expect(rows).toHaveLength(1);
		expect(rows[0].tokenHash).not.toContain(second);
	});

	it('answers nothing for a disabled account', async () => {
		const leaving = await buildUser();
		const token = await calendar.createFeed(leaving);
		expect(await calendar.feed(token, origin)).toBeDefined();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, leaving.id));
		expect(await calendar.feed(token, origin)).toBeUndefined();
	});

	it('is an empty but valid calendar for someone in no group', async () => {
		const alone = await buildUser({ name: 'Personne, seule; vraiment' });
		const text = await calendar.feed(await calendar.createFeed(alone), origin);
		expect(events(text!)).toEqual([]);
		expect(text).toContain('X-WR-CALNAME:Maillage — Personne\\, seule\\; vraiment');
	});
});

import { isRedirect } from '@sveltejs/kit';
import { and, asc, count, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	activity,
	documents,
	meetingAttendees,
	meetings,
	meetingSeries as seriesTable,
	type Meeting
} from '$lib/server/db/schema';
import { addDays, dateToParisLocal, todayInParis } from '$lib/server/dates';
import * as meetingInvitations from '$lib/server/meetings/invitations';
import * as meetingSeries from '$lib/server/meetings/series';
import * as meetingService from '$lib/server/meetings';
import { seriesLabel } from '$lib/recurrence-labels';
import * as listPage from '../../src/routes/(app)/groupes/[slug]/reunions/+page.server';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import type { PageServerData as MeetingData } from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/$types';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, meetingRequest, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

// Meetings that repeat: the dates a rule gives (summer time, month ends), a series scheduled from
// the form (one meeting per date, each with its notes and invitees), its invitations sent as the
// dates come near, edits of one meeting or of the following ones, cancellations mailed, rights.

await createTestDb();

let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let outsider: SessionUser;
let group: { id: string; slug: string };

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator', name: 'Claire Coordination' });
	lead = await buildUser({ name: 'Luc Pilote' });
	member = await buildUser({ name: 'Marie Membre' });
	outsider = await buildUser({ name: 'Olivier Dehors' });
	group = await buildGroup({ name: 'Mobilité', joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' }
	]);
	await buildGroup({ name: 'Énergie' }, [{ user: outsider, role: 'lead' }]);
});

const inDays = (n: number) => addDays(todayInParis(), n);

/** The `n`th weekday (0 is Sunday; n = -1 for the last) of the month `monthsAhead` from now. */
function weekdayOf(monthsAhead: number, weekday: number, n: number): string {
	const today = new Date(`${todayInParis()}T12:00:00Z`);
	const year = today.getUTCFullYear();
	const month = today.getUTCMonth() + monthsAhead;
	if (n === -1) {
		const end = new Date(Date.UTC(year, month + 1, 0));
		end.setUTCDate(end.getUTCDate() - ((end.getUTCDay() - weekday + 7) % 7));
		return end.toISOString().slice(0, 10);
	}
	const first = new Date(Date.UTC(year, month, 1));
	first.setUTCDate(1 + ((weekday - first.getUTCDay() + 7) % 7) + 7 * (n - 1));
	return first.toISOString().slice(0, 10);
}

const input = (startsAt: string, endsAt: string, title = 'Comité mobilité') =>
	meetingService.meetingSchema.parse({
		title,
		startsAt,
		endsAt,
		placeKind: 'address',
		placeText: 'Mairie de Sélestat',
		agenda: [{ title: 'Covoiturage' }]
	});

/** Schedules a series through the service, as the lead; its meetings in order. */
const series = (
	startsAt: string,
	endsAt: string,
	repeat: meetingSeries.Repeat,
	title = 'Comité mobilité'
) => meetingSeries.create(lead, group.id, input(startsAt, endsAt, title), repeat, [], 'fr');

/** The meetings of a meeting's series (whichever part of it they are in now), by date. */
async function sameTitle(title: string): Promise<Meeting[]> {
	return db
		.select()
		.from(meetings)
		.where(eq(meetings.title, title))
		.orderBy(asc(meetings.startsAt));
}

async function stored(id: string) {
	const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
	return row;
}

const local = (m: { startsAt: Date; endsAt: Date }) =>
	`${dateToParisLocal(m.startsAt)}–${dateToParisLocal(m.endsAt).slice(11)}`;

const counts = async () => ({
	meetings: (await db.select({ n: count() }).from(meetings))[0].n,
	series: (await db.select({ n: count() }).from(seriesTable))[0].n,
	documents: (await db.select({ n: count() }).from(documents))[0].n
});

const scheduleForm = (user: SessionUser, form: Record<string, string>) =>
	run(listPage.actions.create, {
		path: `/groupes/${group.slug}/reunions?/create`,
		params: { slug: group.slug },
		user,
		form: {
			startsAt: '2027-03-09T14:00',
			endsAt: '2027-03-09T16:00',
			placeKind: 'address',
			placeText: 'Mairie de Sélestat',
			'agenda.0.title': 'Tour de table',
			...form
		}
	});

const at = (user: SessionUser, id: string, action?: string, form?: Record<string, string>) =>
	meetingRequest(group.slug, user, id, action, form);

/** The form's fields of a meeting as it is, for an edit. */
const editForm = (m: Meeting, changes: Record<string, string>) => ({
	title: m.title,
	startsAt: dateToParisLocal(m.startsAt),
	endsAt: dateToParisLocal(m.endsAt),
	placeKind: m.placeKind,
	placeText: m.placeText,
	...changes
});

function ics(content: string) {
	const calendar = new ICAL.Component(ICAL.parse(content));
	const event = calendar.getFirstSubcomponent('vevent')!;
	return {
		method: calendar.getFirstPropertyValue('method'),
		uid: event.getFirstPropertyValue('uid'),
		sequence: event.getFirstPropertyValue('sequence')
	};
}

describe('the dates of a series', () => {
	it('keeps 14:00 in Paris across both changes of summer time', async () => {
		const spring = await series(
			'2027-03-16T14:00',
			'2027-03-16T16:00',
			{ rule: 'weekly', end: { count: 3 } },
			'Printemps'
		);
		expect(spring.map((m) => m.startsAt.toISOString())).toEqual([
			'2027-03-16T13:00:00.000Z',
			'2027-03-23T13:00:00.000Z',
			// Summer time from 28 March: 14:00 in Paris is 12:00 UTC.
			'2027-03-30T12:00:00.000Z'
		]);
		expect(spring.map(local)).toEqual([
			'2027-03-16T14:00–16:00',
			'2027-03-23T14:00–16:00',
			'2027-03-30T14:00–16:00'
		]);
		const autumn = await series(
			'2027-10-26T14:00',
			'2027-10-26T15:30',
			{ rule: 'weekly', end: { count: 2 } },
			'Automne'
		);
		expect(autumn.map((m) => m.startsAt.toISOString())).toEqual([
			'2027-10-26T12:00:00.000Z',
			'2027-11-02T13:00:00.000Z'
		]);
		expect(autumn.map(local)).toEqual(['2027-10-26T14:00–15:30', '2027-11-02T14:00–15:30']);
	});

	it('moves a start the clock skips (02:30 the night summer time begins) an hour later', () => {
		const planned = meetingSeries.plan(input('2027-03-21T02:30', '2027-03-21T03:30'), {
			rule: 'weekly',
			end: { count: 3 }
		});
		if (!planned.ok) throw new Error(planned.message);
		expect(planned.occurrences.map(local)).toEqual([
			'2027-03-21T02:30–03:30',
			'2027-03-28T03:30–04:30',
			'2027-04-04T02:30–03:30'
		]);
		// It still lasts an hour.
		expect(planned.occurrences[1].startsAt.toISOString()).toBe('2027-03-28T01:30:00.000Z');
		expect(planned.occurrences[1].endsAt.toISOString()).toBe('2027-03-28T02:30:00.000Z');
	});

	it('falls on the last day of shorter months, and on the last weekday for a fifth one', () => {
		const monthEnd = meetingSeries.plan(input('2027-01-31T18:00', '2027-01-31T19:00'), {
			rule: 'monthly_day',
			end: { until: '2027-05-31' }
		});
		if (!monthEnd.ok) throw new Error(monthEnd.message);
		expect(monthEnd.occurrences.map((o) => dateToParisLocal(o.startsAt))).toEqual([
			'2027-01-31T18:00',
			'2027-02-28T18:00',
			'2027-03-31T18:00',
			'2027-04-30T18:00',
			'2027-05-31T18:00'
		]);
		// 30 March 2027 is the fifth Tuesday of March: the series is on the last Tuesday.
		const fifth = meetingSeries.plan(input('2027-03-30T09:00', '2027-03-30T10:00'), {
			rule: 'monthly_weekday',
			end: { count: 3 }
		});
		if (!fifth.ok) throw new Error(fifth.message);
		expect(fifth.rule).toBe('monthly_last_weekday');
		expect(fifth.occurrences.map((o) => dateToParisLocal(o.startsAt).slice(0, 10))).toEqual([
			'2027-03-30',
			'2027-04-27',
			'2027-05-25'
		]);
	});
});

describe('scheduling a series from the form', () => {
	it('makes one meeting per date, each with its own notes and invitees, logged once', async () => {
		const before = await counts();
		const { thrown } = await scheduleForm(lead, {
			title: 'Comité mensuel',
			repeat: 'monthly_weekday',
			repeatEnd: 'count',
			repeatCount: '4'
		});
		expect(isRedirect(thrown), String(thrown)).toBe(true);
		const firstId = /reunions\/([0-9a-f-]{36})\?planifiee$/.exec(
			(thrown as { location: string }).location
		)![1];
		const made = await sameTitle('Comité mensuel');
		expect(made.map((m) => dateToParisLocal(m.startsAt))).toEqual([
			'2027-03-09T14:00',
			'2027-04-13T14:00',
			'2027-05-11T14:00',
			'2027-06-08T14:00'
		]);
		expect(made[0].id).toBe(firstId);
		expect(made.map((m) => m.seriesIndex)).toEqual([0, 1, 2, 3]);
		expect(new Set(made.map((m) => m.seriesId)).size).toBe(1);
		expect(new Set(made.map((m) => m.notesDocumentId)).size).toBe(4);
		expect(made.every((m) => m.agenda[0]?.title === 'Tour de table')).toBe(true);
		expect(await counts()).toEqual({
			meetings: before.meetings + 4,
			series: before.series + 1,
			documents: before.documents + 4
		});
		for (const m of made) {
			const people = await db
				.select({ userId: meetingAttendees.userId })
				.from(meetingAttendees)
				.where(eq(meetingAttendees.meetingId, m.id));
			expect(people.map((p) => p.userId).sort()).toEqual([lead.id, member.id].sort());
		}
		const logged = await db
			.select()
			.from(activity)
			.where(and(eq(activity.groupId, group.id), eq(activity.subjectId, firstId)));
		expect(logged.map((e) => [e.verb, e.after])).toEqual([
			['series_created', { count: 4, rule: 'monthly_weekday' }]
		]);

		// Each meeting's page says which series it belongs to and where it stands.
		const page = (await run(meetingPage.load, at(member, made[1].id))).result as MeetingData;
		expect(page.series).toMatchObject({
			rule: 'monthly_weekday',
			position: 2,
			total: 4,
			previous: made[0].id,
			next: made[2].id
		});
		expect(seriesLabel('fr', page.series!.rule, page.series!.anchor)).toBe(
			'Réunion mensuelle, 2e mardi'
		);
	});

	it('ends on the field filled in when the other end was left chosen (no script to switch)', async () => {
		const { thrown } = await scheduleForm(lead, {
			title: 'Sans script',
			repeat: 'biweekly',
			repeatEnd: 'count',
			repeatCount: '',
			repeatUntil: '2027-04-06'
		});
		expect(isRedirect(thrown), String(thrown)).toBe(true);
		expect((await sameTitle('Sans script')).map((m) => dateToParisLocal(m.startsAt))).toEqual([
			'2027-03-09T14:00',
			'2027-03-23T14:00',
			'2027-04-06T14:00'
		]);
	});

	it('refuses bad repetitions with a localised error, keeps what was typed, writes nothing', async () => {
		const before = await counts();
		const cases: [Record<string, string>, string, string][] = [
			[{ repeat: 'yearly', repeatCount: '3' }, 'repeat', 'repeat.unknown'],
			[{ repeat: 'weekly' }, 'repeatCount', 'repeat.end_missing'],
			[{ repeat: 'weekly', repeatCount: '60' }, 'repeatCount', 'repeat.count_invalid'],
			[{ repeat: 'weekly', repeatCount: '1' }, 'repeatCount', 'repeat.count_invalid'],
			[{ repeat: 'weekly', repeatCount: 'douze' }, 'repeatCount', 'repeat.count_invalid'],
			[
				{ repeat: 'weekly', repeatEnd: 'until', repeatUntil: '2027-03-01' },
				'repeatUntil',
				'repeat.until_before_start'
			],
			[
				{ repeat: 'monthly_day', repeatEnd: 'until', repeatUntil: '2028-04-01' },
				'repeatUntil',
				'repeat.until_too_far'
			],
			// Weekly for a whole year is 53 meetings.
			[
				{ repeat: 'weekly', repeatEnd: 'until', repeatUntil: '2028-03-09' },
				'repeatUntil',
				'repeat.too_many'
			],
			[
				{ repeat: 'monthly_day', repeatEnd: 'until', repeatUntil: '2027-03-20' },
				'repeatUntil',
				'repeat.too_few'
			],
			[
				{ repeat: 'weekly', repeatEnd: 'until', repeatUntil: '31/12/2027' },
				'repeatUntil',
				'validation.date'
			],
			// 9 March 2027 is the second Tuesday, not the last.
			[{ repeat: 'monthly_last_weekday', repeatCount: '3' }, 'repeat', 'repeat.not_last']
		];
		for (const [fields, field, message] of cases) {
			const { result } = await scheduleForm(lead, { title: 'Série refusée', ...fields });
			const failure = expectFailure(result);
			expect(failure.errors[field], JSON.stringify(fields)).toBe(message);
			expect(failure.values).toMatchObject({ title: 'Série refusée', ...fields });
			expect(failure.values['agenda.0.title']).toBe('Tour de table');
		}
		expect(await counts()).toEqual(before);
	});

	it('lets only those who run the group’s meetings schedule a series', async () => {
		const before = await counts();
		const fields = { title: 'Série interdite', repeat: 'weekly', repeatCount: '3' };
		expectHttpError((await scheduleForm(member, fields)).thrown, 403);
		expectHttpError((await scheduleForm(outsider, fields)).thrown, 404);
		expect(
			(
				await refusal(
					meetingSeries.create(
						member,
						group.id,
						input('2027-03-09T14:00', '2027-03-09T15:00'),
						{ rule: 'weekly', end: { count: 3 } },
						[],
						'fr'
					)
				)
			).kind
		).toBe('forbidden');
		expect(await counts()).toEqual(before);
		// The coordination may, in any group.
		const made = await meetingSeries.create(
			coordinator,
			group.id,
			input('2027-03-09T14:00', '2027-03-09T15:00', 'Série de la coordination'),
			{ rule: 'biweekly', end: { count: 2 } },
			[],
			'fr'
		);
		expect(made).toHaveLength(2);
	});
});

describe('the invitations of a series', () => {
	it('invites to the first meeting at once, to the others 30 days before each', async () => {
		const title = 'Série invitée';
		// A monthly series three days from now: its second meeting is 31 or 38 days away.
		const made = await series(
			`${inDays(3)}T14:00`,
			`${inDays(3)}T15:00`,
			{ rule: 'monthly_weekday', end: { count: 3 } },
			title
		);
		const invited = async () =>
			(await mailsTo(member.email, 'meeting_invitation'))
				.filter((m) => m.subject.includes(title))
				.map((m) => made.findIndex((x) => m.text.includes(x.id)));
		expect(await invited()).toEqual([0]);
		// Catching up now changes nothing; ten days later the second one is near enough.
		await meetingInvitations.syncComing();
		expect(await invited()).toEqual([0]);
		await meetingInvitations.syncComing(new Date(Date.now() + 10 * 86_400_000));
		expect(await invited()).toEqual([0, 1]);
		// Once, however often the job runs.
		await meetingInvitations.syncComing(new Date(Date.now() + 10 * 86_400_000));
		expect(await invited()).toEqual([0, 1]);
	});
});

describe('editing a meeting of a series', () => {
	it('changes this meeting only, when asked so', async () => {
		const made = await series(
			'2027-05-04T14:00',
			'2027-05-04T16:00',
			{ rule: 'weekly', end: { count: 3 } },
			'Une seule'
		);
		const { result } = await run(
			meetingPage.actions.update,
			at(
				lead,
				made[1].id,
				'update',
				editForm(made[1], {
					title: 'Une seule, déplacée',
					scope: 'one',
					startsAt: '2027-05-12T09:00',
					endsAt: '2027-05-12T10:00'
				})
			)
		);
		expect(result).toEqual({ done: 'meeting.saved' });
		expect((await stored(made[0].id)).title).toBe('Une seule');
		expect((await stored(made[2].id)).title).toBe('Une seule');
		expect(local(await stored(made[1].id))).toBe('2027-05-12T09:00–10:00');
		expect(local(await stored(made[2].id))).toBe('2027-05-18T14:00–16:00');
	});

	it('changes the following ones too, never past, held or cancelled ones', async () => {
		// Weekly, from fifteen days ago: two past meetings (the first held), three to come.
		const made = await series(
			`${inDays(-15)}T14:00`,
			`${inDays(-15)}T16:00`,
			{ rule: 'weekly', end: { count: 5 } },
			'Hebdo'
		);
		await meetingService.setStatus(lead, made[0].id, 'held');
		await meetingService.setStatus(lead, made[3].id, 'cancelled');
		const { result } = await run(
			meetingPage.actions.update,
			at(
				lead,
				made[0].id,
				'update',
				editForm(made[0], {
					title: 'Hebdo mobilité',
					placeText: 'Salle du conseil',
					'agenda.0.title': 'Covoiturage',
					'agenda.1.title': 'Navettes',
					scope: 'following'
				})
			)
		);
		expect(result).toEqual({ done: 'series.saved_following' });
		const after = await Promise.all(made.map((m) => stored(m.id)));
		expect(after.map((m) => m.title)).toEqual([
			'Hebdo mobilité',
			'Hebdo',
			'Hebdo',
			'Hebdo',
			'Hebdo mobilité'
		]);
		expect(after[4].placeText).toBe('Salle du conseil');
		expect(after[4].agenda.map((i) => i.title)).toEqual(['Covoiturage', 'Navettes']);
		expect(after.map((m) => m.status)).toEqual([
			'held',
			'planned',
			'planned',
			'cancelled',
			'planned'
		]);
		// The dates did not change, so they stay.
		expect(after.map(local)).toEqual(made.map(local));
	});

	it('moves the following ones by the rule when the date or time changes, and mails updates', async () => {
		// Weekly from two days ahead: all four are within 30 days, so all are invited.
		const made = await series(
			`${inDays(2)}T14:00`,
			`${inDays(2)}T16:00`,
			{ rule: 'weekly', end: { count: 4 } },
			'Décalée'
		);
		const updates = async () =>
			(await mailsTo(member.email, 'meeting_update'))
				.filter((m) => m.subject.includes('Décalée'))
				.map((m) => made.findIndex((x) => m.text.includes(x.id)))
				.sort();
		expect(await updates()).toEqual([]);
		// The second one moves a day later, from 14:00 to 9:30, for an hour.
		const day = addDays(dateToParisLocal(made[1].startsAt).slice(0, 10), 1);
		const { result } = await run(
			meetingPage.actions.update,
			at(
				lead,
				made[1].id,
				'update',
				editForm(made[1], { startsAt: `${day}T09:30`, endsAt: `${day}T10:30`, scope: 'following' })
			)
		);
		expect(result).toEqual({ done: 'series.saved_following' });
		const after = await Promise.all(made.map((m) => stored(m.id)));
		expect(after.map(local)).toEqual([
			local(made[0]),
			`${day}T09:30–10:30`,
			`${addDays(day, 7)}T09:30–10:30`,
			`${addDays(day, 14)}T09:30–10:30`
		]);
		// The first keeps the old rule; the others follow the new one, in a series of their own.
		expect(after[0].seriesId).toBe(made[0].seriesId);
		expect(new Set(after.slice(1).map((m) => m.seriesId)).size).toBe(1);
		expect(after[1].seriesId).not.toBe(made[0].seriesId);
		expect(after.slice(1).map((m) => m.seriesIndex)).toEqual([0, 1, 2]);
		expect(after.map((m) => m.sequence)).toEqual([0, 1, 1, 1]);
		expect(await updates()).toEqual([1, 2, 3]);
		const [mail] = (await mailsTo(member.email, 'meeting_update')).filter((m) =>
			m.text.includes(made[2].id)
		);
		expect(ics(mail.attachments[0].content)).toEqual({
			method: 'REQUEST',
			uid: `meeting-${made[2].id}@maillage`,
			sequence: 1
		});
	});

	it('keeps a monthly rule on its weekday: the second Tuesday becomes the second Thursday', async () => {
		// Months to come, so that the meetings are still ahead whenever this runs.
		const tuesday = weekdayOf(2, 2, 2);
		const made = await series(
			`${tuesday}T14:00`,
			`${tuesday}T16:00`,
			{ rule: 'monthly_weekday', end: { count: 4 } },
			'Mensuelle'
		);
		const thursday = weekdayOf(3, 4, 2);
		await meetingSeries.updateFollowing(
			lead,
			made[1].id,
			input(`${thursday}T10:00`, `${thursday}T12:00`, 'Mensuelle')
		);
		const after = await sameTitle('Mensuelle');
		expect(after.map(local)).toEqual([
			`${tuesday}T14:00–16:00`,
			`${thursday}T10:00–12:00`,
			`${weekdayOf(4, 4, 2)}T10:00–12:00`,
			`${weekdayOf(5, 4, 2)}T10:00–12:00`
		]);
		const page = (await run(meetingPage.load, at(lead, made[2].id))).result as MeetingData;
		expect(seriesLabel('fr', page.series!.rule, page.series!.anchor)).toBe(
			'Réunion mensuelle, 2e jeudi'
		);
		expect(page.series).toMatchObject({ position: 2, total: 3 });
	});

	it('refuses to move a "last Tuesday" series to a day that is not one, changing nothing', async () => {
		const last = weekdayOf(2, 2, -1);
		const made = await series(
			`${last}T14:00`,
			`${last}T16:00`,
			{ rule: 'monthly_last_weekday', end: { count: 3 } },
			'Dernier mardi'
		);
		// The third Tuesday of the next month is never its last.
		const third = weekdayOf(3, 2, 3);
		const moved = { startsAt: `${third}T14:00`, endsAt: `${third}T16:00` };
		const { result } = await run(
			meetingPage.actions.update,
			at(lead, made[1].id, 'update', editForm(made[1], { ...moved, scope: 'following' }))
		);
		const failure = expectFailure(result);
		expect(failure.errors).toEqual({ startsAt: 'series.not_last' });
		expect(failure.values.startsAt).toBe(moved.startsAt);
		expect((await sameTitle('Dernier mardi')).map(local)).toEqual(made.map(local));
		// This one alone may move there.
		const alone = await run(
			meetingPage.actions.update,
			at(lead, made[1].id, 'update', editForm(made[1], moved))
		);
		expect(alone.result).toEqual({ done: 'meeting.saved' });
		expect(local(await stored(made[1].id))).toBe(`${third}T14:00–16:00`);
	});

	it('refuses an unknown scope, keeping what was typed', async () => {
		const made = await series(
			'2027-06-01T14:00',
			'2027-06-01T15:00',
			{ rule: 'weekly', end: { count: 2 } },
			'Portée'
		);
		const { result } = await run(
			meetingPage.actions.update,
			at(lead, made[0].id, 'update', editForm(made[0], { title: 'Portée changée', scope: 'all' }))
		);
		const failure = expectFailure(result);
		expect(failure.errors).toEqual({ scope: 'validation.choose' });
		expect(failure.values.title).toBe('Portée changée');
		expect((await stored(made[0].id)).title).toBe('Portée');
	});

	it('lets only those who run the meetings change the following ones', async () => {
		const made = await series(
			'2027-06-08T14:00',
			'2027-06-08T15:00',
			{ rule: 'weekly', end: { count: 2 } },
			'Protégée'
		);
		const form = editForm(made[0], { title: 'Piratée', scope: 'following' });
		expectHttpError(
			(await run(meetingPage.actions.update, at(member, made[0].id, 'update', form))).thrown,
			403
		);
		expectHttpError(
			(await run(meetingPage.actions.update, at(outsider, made[0].id, 'update', form))).thrown,
			404
		);
		expect(
			(
				await refusal(
					meetingSeries.updateFollowing(
						member,
						made[0].id,
						input('2027-06-08T14:00', '2027-06-08T15:00', 'Piratée')
					)
				)
			).kind
		).toBe('forbidden');
		expect((await refusal(meetingSeries.cancelFollowing(outsider, made[0].id))).kind).toBe(
			'not_found'
		);
		expect((await sameTitle('Protégée')).map((m) => m.status)).toEqual(['planned', 'planned']);
	});
});

describe('cancelling a series', () => {
	it('cancels this one and the following, mailing those who had their invitation', async () => {
		// Weekly from three days ahead: the first four are within 30 days, the fifth is not.
		const made = await series(
			`${inDays(3)}T14:00`,
			`${inDays(3)}T16:00`,
			{ rule: 'weekly', end: { count: 5 } },
			'Annulée'
		);
		const invitations = (await mailsTo(member.email, 'meeting_invitation')).filter((m) =>
			m.subject.includes('Annulée')
		);
		expect(invitations).toHaveLength(4);

		const asked = await run(meetingPage.actions.cancel, at(lead, made[1].id, 'cancel', {}));
		expect(asked.result).toEqual({ confirmCancel: true });
		expect((await stored(made[1].id)).status).toBe('planned');

		expectHttpError(
			(
				await run(
					meetingPage.actions.cancel,
					at(member, made[1].id, 'cancel', { confirm: '1', scope: 'following' })
				)
			).thrown,
			403
		);
		const wrong = await run(
			meetingPage.actions.cancel,
			at(lead, made[1].id, 'cancel', { confirm: '1', scope: 'all' })
		);
		expect(expectFailure(wrong.result).errors).toEqual({ form: 'validation.choose' });

		const confirmed = await run(
			meetingPage.actions.cancel,
			at(lead, made[1].id, 'cancel', { confirm: '1', scope: 'following' })
		);
		expect(confirmed.result).toEqual({ done: 'series.cancelled_following' });
		const after = await Promise.all(made.map((m) => stored(m.id)));
		expect(after.map((m) => m.status)).toEqual([
			'planned',
			'cancelled',
			'cancelled',
			'cancelled',
			'cancelled'
		]);
		const cancels = (await mailsTo(member.email, 'meeting_cancel')).filter((m) =>
			m.subject.includes('Annulée')
		);
		// The fifth was never announced: nothing to take back.
		const files = cancels.map((m) => ics(m.attachments[0].content));
		const uid = (m: Meeting) => `meeting-${m.id}@maillage`;
		expect(files.map((f) => made.findIndex((m) => uid(m) === f.uid)).sort()).toEqual([1, 2, 3]);
		for (const file of files) {
			expect(file.method).toBe('CANCEL');
			expect(file.sequence).toBe(1);
		}
		// And the hourly job does not announce the fifth later on.
		await meetingInvitations.syncComing(new Date(Date.now() + 10 * 86_400_000));
		expect((await mailsTo(member.email)).filter((m) => m.text.includes(made[4].id))).toHaveLength(
			0
		);
	});

	it('cancels this one only, when asked so', async () => {
		const made = await series(
			`${inDays(4)}T10:00`,
			`${inDays(4)}T11:00`,
			{ rule: 'weekly', end: { count: 3 } },
			'Une annulée'
		);
		const { result } = await run(
			meetingPage.actions.cancel,
			at(lead, made[1].id, 'cancel', { confirm: '1', scope: 'one' })
		);
		expect(result).toEqual({ done: 'meeting.status_changed' });
		expect((await Promise.all(made.map((m) => stored(m.id)))).map((m) => m.status)).toEqual([
			'planned',
			'cancelled',
			'planned'
		]);
	});
});

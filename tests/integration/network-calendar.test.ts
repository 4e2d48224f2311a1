import { isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import * as calendar from '$lib/server/meetings/calendar';
import { todayInParis } from '$lib/server/dates';
import { db } from '$lib/server/db';
import {
	meetingAttendees,
	meetings,
	users,
	type MeetingResponse,
	type NetworkRole
} from '$lib/server/db/schema';
import * as networkCalendar from '$lib/server/meetings/network-calendar';
import { actions, load } from '../../src/routes/(app)/agenda/+page.server';
import type { AgendaQuery } from '../../src/routes/(app)/agenda/agenda-query';
import { GET } from '../../src/routes/agenda/[token]/+server';
import { createTestDb } from '../helpers/db';
import { expectHttpError, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

const origin = 'https://maillage.test';
const MONTH = '2031-03';

const people = {} as Record<NetworkRole | 'outsider' | 'invitee', SessionUser>;
const ids: Record<string, string> = {};

/** A meeting at a Paris wall-clock time, with invitees and their answers. */
async function meeting(
	title: string,
	groupId: string,
	startsAt: Date,
	answers: [SessionUser, MeetingResponse][] = [],
	extra: Partial<typeof meetings.$inferInsert> = {}
) {
	const [row] = await db
		.insert(meetings)
		.values({
			groupId,
			title,
			startsAt,
			endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000),
			placeText: 'Salle du conseil',
			...extra
		})
		.returning();
	if (answers.length) {
		await db
			.insert(meetingAttendees)
			.values(
				answers.map(([user, response]) => ({ meetingId: row.id, userId: user.id, response }))
			);
	}
	ids[title] = row.id;
}

beforeAll(async () => {
	const org = await buildOrganisation({ name: 'Alsace Bois', town: 'Sélestat' });
	for (const role of ['admin', 'coordinator', 'director', 'member', 'partner'] as const) {
		people[role] = await buildUser({ role, organisationId: org.id });
	}
	people.outsider = await buildUser({ role: 'member' });
	people.invitee = await buildUser({ role: 'member' });
	const closed = await buildGroup({ name: 'Mobilité', slug: 'mobilite', joinPolicy: 'closed' }, [
		{ user: people.member, role: 'member' },
		{ user: people.partner, role: 'member' }
	]);
	const open = await buildGroup({ name: 'Énergie', slug: 'energie', joinPolicy: 'open' });
	const secret = await buildGroup({ name: 'Bureau', slug: 'bureau', joinPolicy: 'closed' });

	// 10 March 2031, 14:00 in Paris (UTC+1).
	await meeting('Comité mobilité', closed.id, new Date(Date.UTC(2031, 2, 10, 13)), [
		[people.member, 'attending'],
		[people.partner, 'attending'],
		[people.director, 'not_attending'],
		[people.admin, 'maybe'],
		[people.coordinator, 'pending'],
		[people.outsider, 'pending']
	]);
	await meeting('Achats d’énergie', open.id, new Date(Date.UTC(2031, 2, 12, 8)), [
		[people.member, 'maybe']
	]);
	// The secret group's meeting, to which an outsider of the group is invited.
	await meeting('Bureau de mars', secret.id, new Date(Date.UTC(2031, 2, 20, 9)), [
		[people.invitee, 'attending']
	]);
	// 1 March 00:30 in Paris is still 28 February in UTC; 31 March 23:30 is 1 April's eve in UTC.
	await meeting('Petit matin', open.id, new Date(Date.UTC(2031, 1, 28, 23, 30)));
	await meeting('Tard le soir', open.id, new Date(Date.UTC(2031, 2, 31, 21, 30)));
	// Out of the month, on both sides in Paris.
	await meeting('Veille de mars', open.id, new Date(Date.UTC(2031, 1, 28, 22, 30)));
	await meeting('Avril', open.id, new Date(Date.UTC(2031, 2, 31, 22, 30)));
	await meeting('Annulée', closed.id, new Date(Date.UTC(2031, 2, 18, 13)), [], {
		status: 'cancelled'
	});
});

interface PageData {
	network: boolean;
	query: AgendaQuery;
	previous: string;
	next: string;
	groups: { slug: string; name: string; status: string }[];
	meetings: networkCalendar.CalendarMeeting[];
	feed: { createdAt: Date; url: string | null } | null;
}
const page = async (user: SessionUser | null, search = `?mois=${MONTH}`) => {
	const { result, thrown } = await run(load as never, { user, path: `/agenda${search}` });
	if (thrown) throw thrown;
	return result as PageData;
};
const titles = (data: PageData) => data.meetings.map((m) => m.title);

describe('the network calendar page', () => {
	it('sends a visitor without a session to the login page', async () => {
		const { thrown } = await run(load as never, { user: null, path: `/agenda?mois=${MONTH}` });
		expect(isRedirect(thrown)).toBe(true);
	});

	it.each(['admin', 'coordinator', 'director'] as const)(
		'shows %s every meeting of the month across groups, in Paris time, soonest first',
		async (role) => {
			const data = await page(people[role]);
			expect(data.network).toBe(true);
			expect(titles(data)).toEqual([
				'Petit matin',
				'Comité mobilité',
				'Achats d’énergie',
				'Annulée',
				'Bureau de mars',
				'Tard le soir'
			]);
			expect(data.meetings[0].day).toBe('2031-03-01');
			expect(data.meetings.at(-1)!.day).toBe('2031-03-31');
			expect(data.groups.map((g) => g.name)).toEqual(['Bureau', 'Énergie', 'Mobilité']);
		}
	);

	it('counts each meeting’s answers', async () => {
		const data = await page(people.coordinator);
		const committee = data.meetings.find((m) => m.title === 'Comité mobilité')!;
		expect(committee.answers).toEqual({ attending: 2, not_attending: 1, maybe: 1, pending: 2 });
		expect(committee.group).toMatchObject({ slug: 'mobilite', name: 'Mobilité' });
		expect(committee.place).toBe('Salle du conseil');
		const none = data.meetings.find((m) => m.title === 'Petit matin')!;
		expect(none.answers).toEqual({ attending: 0, not_attending: 0, maybe: 0, pending: 0 });
		expect(data.meetings.find((m) => m.title === 'Annulée')!.status).toBe('cancelled');
	});

	it('shows a member only the groups they may read: theirs and the open ones', async () => {
		const data = await page(people.member);
		expect(data.network).toBe(false);
		expect(data.feed).toBeNull();
		expect(titles(data)).not.toContain('Bureau de mars');
		expect(titles(data)).toEqual(
			expect.arrayContaining(['Comité mobilité', 'Achats d’énergie', 'Petit matin'])
		);
		expect(data.groups.map((g) => g.slug)).toEqual(['energie', 'mobilite']);
	});

	it('shows a partner only their own groups, and an invitee not the group they are outside', async () => {
		expect(titles(await page(people.partner))).toEqual(['Comité mobilité', 'Annulée']);
		// Invited to a meeting of a closed group: the meeting page opens for them, the calendar of
		// groups does not list what the group does.
		const invited = await page(people.invitee);
		expect(titles(invited)).not.toContain('Bureau de mars');
		expect(invited.groups.map((g) => g.slug)).toEqual(['energie']);
	});

	it('filters by group', async () => {
		const data = await page(people.coordinator, `?mois=${MONTH}&groupe=mobilite`);
		expect(data.query).toMatchObject({ group: 'mobilite', problems: [] });
		expect(titles(data)).toEqual(['Comité mobilité', 'Annulée']);
		expect((await page(people.director, `?mois=${MONTH}&groupe=bureau`)).meetings).toHaveLength(1);
	});

	it('treats a group the person may not read like one that does not exist', async () => {
		for (const slug of ['bureau', 'nulle-part']) {
			const data = await page(people.member, `?mois=${MONTH}&groupe=${slug}`);
			expect(data.query.problems).toEqual(['agenda.group_unknown']);
			expect(data.query.group).toBeNull();
			expect(titles(data)).not.toContain('Bureau de mars');
			expect(titles(data)).toContain('Comité mobilité');
		}
	});

	it('falls back to the current month and the month view on a bad address, and says so', async () => {
		const current = todayInParis().slice(0, 7);
		for (const month of ['2031-13', 'mars', '1999-12', '2031-3', "'; drop table meetings; --"]) {
			const data = await page(people.coordinator, `?mois=${encodeURIComponent(month)}`);
			expect(data.query).toMatchObject({ month: current, problems: ['agenda.month_invalid'] });
		}
		const bad = await page(people.coordinator, `?mois=${MONTH}&vue=semaine&groupe=%00`);
		expect(bad.query).toMatchObject({
			month: MONTH,
			view: 'month',
			group: null,
			problems: ['agenda.view_invalid', 'agenda.group_unknown']
		});
		const list = await page(people.coordinator, `?mois=${MONTH}&vue=liste`);
		expect(list.query).toMatchObject({ view: 'list', problems: [] });
		expect(list).toMatchObject({ previous: '2031-02', next: '2031-04' });
		expect((await page(people.coordinator, '')).query).toMatchObject({
			month: current,
			view: 'month',
			problems: []
		});
	});
});

/** The token at the end of a feed address. */
const tokenOf = (url: string) => url.split('/agenda/')[1].replace(/\.ics$/, '');

async function feedAction(user: SessionUser, action: 'createFeed' | 'revokeFeed', form = {}) {
	return run(actions[action] as never, { user, path: `/agenda?/${action}`, form });
}

function events(text: string) {
	const root = new ICAL.Component(ICAL.parse(text));
	return root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('the network feed', () => {
	it('is refused to those who may not see the whole network', async () => {
		for (const user of [people.member, people.partner]) {
			for (const action of ['createFeed', 'revokeFeed'] as const) {
				expectHttpError((await feedAction(user, action)).thrown, 403);
			}
			expect(await calendar.feedStatus(user, 'network')).toBeNull();
		}
	});

	it('holds every meeting of the network with its answers, and is read again on the page', async () => {
		const made = (await feedAction(people.coordinator, 'createFeed')).result as {
			feedUrl: string;
		};
		const token = tokenOf(made.feedUrl);
		expect((await page(people.coordinator)).feed?.url).toBe(made.feedUrl);

		const text = await networkCalendar.feed(token, origin);
		expect(text).toContain('BEGIN:VCALENDAR');
		const found = events(text!);
		const byTitle = Object.fromEntries(found.map((e) => [e.summary, e]));
		expect(Object.keys(byTitle)).toEqual(
			expect.arrayContaining([
				'Mobilité — Comité mobilité',
				'Bureau — Bureau de mars',
				'Énergie — Achats d’énergie',
				'Énergie — Avril'
			])
		);
		const committee = byTitle['Mobilité — Comité mobilité'];
		expect(committee.uid).toBe(`meeting-${ids['Comité mobilité']}@maillage`);
		expect(committee.description).toBe('Réponses : 2 oui, 1 non, 1 peut-être, 2 sans réponse');
		expect(committee.component.getFirstPropertyValue('url')).toBe(
			`${origin}/groupes/mobilite/reunions/${ids['Comité mobilité']}`
		);
		expect(byTitle['Mobilité — Annulée'].component.getFirstPropertyValue('status')).toBe(
			'CANCELLED'
		);
	});

	it('is served at the feed address without a session; unknown addresses are a 404', async () => {
		const token = await calendar.createFeed(people.director, 'network');
		const response = await GET({ params: { token: `${token}.ics` } } as never);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/calendar');
		expect(await response.text()).toContain('Bureau de mars');
		const unknown = await run(GET as never, { params: { token: 'inconnu.ics' } });
		expectHttpError(unknown.thrown, 404);
	});

	it('keeps the personal and the network addresses apart', async () => {
		const personal = await calendar.createFeed(people.admin);
		const network = await calendar.createFeed(people.admin, 'network');
		expect(await networkCalendar.feed(personal, origin)).toBeUndefined();
		expect(await calendar.feed(network, origin)).toBeUndefined();
		// The admin is in no group: their own calendar holds the one meeting they are invited to.
		expect(events((await calendar.feed(personal, origin))!).map((e) => e.summary)).toEqual([
			'Mobilité — Comité mobilité'
		]);
		expect(events((await networkCalendar.feed(network, origin))!).length).toBeGreaterThan(5);
		// Revoking one leaves the other.
		await calendar.revokeFeed(people.admin, 'network');
		expect(await networkCalendar.feed(network, origin)).toBeUndefined();
		expect(await calendar.feed(personal, origin)).toBeDefined();
	});

	it('is replaced only once confirmed; the old address then stops working', async () => {
		const user = await buildUser({ role: 'coordinator' });
		const first = (await feedAction(user, 'createFeed')).result as { feedUrl: string };
		const again = await feedAction(user, 'createFeed');
		expect(again.result).toMatchObject({ status: 400, data: { confirmRenew: true } });
		expect(await networkCalendar.feed(tokenOf(first.feedUrl), origin)).toBeDefined();

		const renewed = (await feedAction(user, 'createFeed', { confirm: '1' })).result as {
			feedUrl: string;
		};
		expect(renewed.feedUrl).not.toBe(first.feedUrl);
		expect(await networkCalendar.feed(tokenOf(first.feedUrl), origin)).toBeUndefined();
		expect(await networkCalendar.feed(tokenOf(renewed.feedUrl), origin)).toBeDefined();

		expect((await feedAction(user, 'revokeFeed')).result).toEqual({
			done: 'agenda.feed.revoked'
		});
		expect(await networkCalendar.feed(tokenOf(renewed.feedUrl), origin)).toBeUndefined();
		expect((await page(user)).feed).toBeNull();
	});

	it('stops working when its owner loses the right to the network calendar', async () => {
		const user = await buildUser({ role: 'coordinator' });
		const token = await calendar.createFeed(user, 'network');
		expect(await networkCalendar.feed(token, origin)).toBeDefined();
		await db.update(users).set({ role: 'member' }).where(eq(users.id, user.id));
		expect(await networkCalendar.feed(token, origin)).toBeUndefined();
		expectHttpError((await run(GET as never, { params: { token } })).thrown, 404);
		// The right back, the same address works again: it was never the address that was wrong.
		await db.update(users).set({ role: 'director' }).where(eq(users.id, user.id));
		expect(await networkCalendar.feed(token, origin)).toBeDefined();
	});

	it('stops working when its owner’s account is disabled', async () => {
		const user = await buildUser({ role: 'admin' });
		const token = await calendar.createFeed(user, 'network');
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
		expect(await networkCalendar.feed(token, origin)).toBeUndefined();
	});
});

import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { meetingAttendees, users } from '$lib/server/db/schema';
import * as meetingService from '$lib/server/meetings';
import { LISTED_PEOPLE } from '$lib/server/name-search';
import * as listPage from '../../src/routes/(app)/groupes/[slug]/reunions/+page.server';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import * as searchRoute from '../../src/routes/(app)/groupes/[slug]/reunions/personnes/+server';
import type { PageServerData as ListData } from '../../src/routes/(app)/groupes/[slug]/reunions/$types';
import type { PageServerData as MeetingData } from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/$types';
import { createTestDb } from '../helpers/db';
import { expectFailure, expectHttpError, fakeEvent, meetingRequest, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// The meeting forms' people pickers (invitees, agenda owners): a list while the network is small,
// a search by name past LISTED_PEOPLE people, which finds anyone, the last one created included,
// and only for those who run the group's meetings.

await createTestDb();

let lead: SessionUser;
let member: SessionUser;
let outsider: SessionUser;
let group: { id: string; slug: string };
let meetingId: string;

beforeAll(async () => {
	lead = await buildUser({ name: 'Luc Pilote' });
	member = await buildUser({ name: 'Marie Membre' });
	outsider = await buildUser({ name: 'Olivier Dehors' });
	group = await buildGroup({ name: 'Mobilité', joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' }
	]);
	meetingId = (
		await meetingService.create(
			lead,
			group.id,
			meetingService.meetingSchema.parse({
				title: 'Comité',
				startsAt: '2027-03-02T14:00',
				endsAt: '2027-03-02T16:00',
				placeKind: 'address',
				placeText: 'Sélestat'
			}),
			[],
			'fr'
		)
	).id;
});

const listAs = async (user: SessionUser) =>
	(
		await run(listPage.load, {
			path: `/groupes/${group.slug}/reunions`,
			params: { slug: group.slug },
			user
		})
	).result as ListData;

const meetingAs = async (user: SessionUser) =>
	(await run(meetingPage.load, meetingRequest(group.slug, user, meetingId))).result as MeetingData;

async function search(user: SessionUser | null, q: string) {
	const { event } = fakeEvent<Parameters<typeof searchRoute.GET>[0]>({
		path: `/groupes/${group.slug}/reunions/personnes?q=${encodeURIComponent(q)}`,
		params: { slug: group.slug },
		user
	});
	return searchRoute.GET(event);
}

/** Adds people (with the same organisation) until the network has `total` active people. */
async function growTo(total: number) {
	const active = await db.select({ id: users.id }).from(users);
	const org = await buildOrganisation({ name: 'Fonderie Kientzheim' });
	const missing = total - active.length;
	await db.insert(users).values(
		Array.from({ length: missing }, (_, i) => ({
			name: `Salarié ${String(i).padStart(3, '0')}`,
			email: `salarie${i}@fonderie.test`,
			role: 'member' as const,
			organisationId: org.id,
			passwordHash: 'not-a-hash'
		}))
	);
}

describe('a small network', () => {
	it('lists everyone in the pickers, and does not search', async () => {
		const list = await listAs(lead);
		expect(list.schedule?.search).toBeNull();
		expect(list.schedule?.others.map((p) => p.name)).toContain('Olivier Dehors');
		const page = await meetingAs(lead);
		expect(page.invite?.search).toBeNull();
		expect(page.invite?.people.map((p) => p.name)).toEqual(['Olivier Dehors']);
	});
});

describe(`a network of more than ${LISTED_PEOPLE} people`, () => {
	let last: SessionUser;

	beforeAll(async () => {
		await growTo(LISTED_PEOPLE + 5);
		// The last one in, with an accent, beyond any list of LISTED_PEOPLE.
		last = await buildUser({ name: 'Élodie Herrmann' });
	});

	it('sends nobody with the pages, and searches by name instead', async () => {
		const list = await listAs(lead);
		expect(list.schedule?.search).toBe(`/groupes/${group.slug}/reunions/personnes`);
		expect(list.schedule?.others).toEqual([]);
		expect(list.schedule?.people).toEqual([]);
		const page = await meetingAs(lead);
		expect(page.invite).toEqual({
			people: [],
			search: `/groupes/${group.slug}/reunions/personnes`
		});
		expect(page.edit?.people).toEqual([]);
		expect(page.edit?.search).toBe(`/groupes/${group.slug}/reunions/personnes`);
	});

	it('finds anyone by a part of their name, accents and case aside', async () => {
		const response = await search(lead, 'elodie');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		const { people } = await response.json();
		expect(people).toEqual([
			{ id: last.id, name: 'Élodie Herrmann', organisation: expect.any(String) }
		]);
		const many = await (await search(lead, 'salarié 29')).json();
		expect(many.people.map((p: { name: string }) => p.name)).toEqual(
			Array.from({ length: 10 }, (_, i) => `Salarié 29${i}`)
		);
		expect((await (await search(lead, 'x')).json()).people.length).toBe(0);
		expect((await (await search(lead, '')).json()).people).toEqual([]);
	});

	it('invites someone found so, from the meeting page and when scheduling', async () => {
		const { result } = await run(
			meetingPage.actions.invite,
			meetingRequest(group.slug, lead, meetingId, 'invite', { invitees: last.id })
		);
		expect(result).toEqual({ done: 'meeting.invited' });
		const [row] = await db
			.select()
			.from(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, last.id)));
		expect(row?.response).toBe('pending');

		// A refused schedule names the people chosen, so that the picker shows them again.
		const refused = await run(listPage.actions.create, {
			path: `/groupes/${group.slug}/reunions?/create`,
			params: { slug: group.slug },
			user: lead,
			form: {
				title: 'Sans fin',
				startsAt: '2027-03-09T14:00',
				endsAt: '2027-03-09T13:00',
				placeKind: 'address',
				invitees: last.id,
				'agenda.0.title': 'Budget',
				'agenda.0.ownerId': outsider.id
			}
		});
		const failure = expectFailure(refused.result) as ReturnType<typeof expectFailure> & {
			known: { id: string; name: string }[];
		};
		expect(failure.errors.endsAt).toBe('meeting.end_before_start');
		expect(failure.known.map((p) => p.name).sort()).toEqual(['Olivier Dehors', 'Élodie Herrmann']);
	});

	it('answers only those who run the group’s meetings', async () => {
		expectHttpError(await search(member, 'elodie').catch((e: unknown) => e), 403);
		expectHttpError(await search(outsider, 'elodie').catch((e: unknown) => e), 404);
		expectHttpError(await search(null, 'elodie').catch((e: unknown) => e), 401);
	});
});

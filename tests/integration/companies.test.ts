import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import * as companies from '$lib/server/progress/companies';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import * as homePage from '../../src/routes/(app)/+page.server';
import * as organisationPage from '../../src/routes/(app)/annuaire/organisations/[id=uuid]/+page.server';
import type { PageServerData } from '../../src/routes/(app)/annuaire/organisations/[id=uuid]/$types';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { buildAction, buildMeeting } from '../helpers/progress';

await createTestDb();

// A Wednesday: attendance counts from 2025-11-18, actions due before today are overdue.
const TODAY = '2026-11-18';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let fonderie: { id: string };
let scierie: { id: string };
let director: SessionUser;
let coordinator: SessionUser;
let member: SessionUser;
let alice: SessionUser;
let bruno: SessionUser;
let zoe: SessionUser;
let carl: SessionUser;
let mobilite: { id: string };
let recrutement: { id: string };
let ancien: { id: string };

beforeAll(async () => {
	fonderie = await buildOrganisation({ name: 'Fonderie' });
	scierie = await buildOrganisation({ name: 'Scierie' });
	director = await buildUser({ role: 'director', organisationId: fonderie.id });
	coordinator = await buildUser({ role: 'coordinator' });
	alice = await buildUser({ name: 'Alice', organisationId: fonderie.id });
	member = alice;
	bruno = await buildUser({ name: 'Bruno', organisationId: fonderie.id });
	zoe = await buildUser({ name: 'Zoé', organisationId: fonderie.id });
	carl = await buildUser({ name: 'Carl', organisationId: scierie.id });
	mobilite = await buildGroup({ name: 'Mobilité' }, [
		{ user: alice, role: 'lead' },
		{ user: bruno, role: 'member' },
		{ user: zoe, role: 'member' },
		{ user: carl, role: 'member' }
	]);
	recrutement = await buildGroup({ name: 'Recrutement' }, [{ user: bruno, role: 'lead' }]);
	// Nobody of the Fonderie is in it any more, but its people did attend and act there.
	ancien = await buildGroup({ name: 'Ancien salon', status: 'archived' });
	// Zoé has left the company since: her attendance still counts, her account does not.
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, zoe.id));

	await buildMeeting(mobilite.id, '2026-10-05T08:00:00Z', 'held', [
		[alice, 'present'],
		[bruno, 'excused'],
		[carl, 'present']
	]);
	await buildMeeting(mobilite.id, '2026-06-10T08:00:00Z', 'published', [
		[alice, 'present'],
		[bruno, 'absent'],
		[carl, 'absent']
	]);
	// Not counted: planned, more than a year ago, cancelled, attendance not recorded.
	await buildMeeting(mobilite.id, '2026-11-25T08:00:00Z', 'planned', [[alice, null]]);
	await buildMeeting(mobilite.id, '2025-11-17T08:00:00Z', 'held', [[alice, 'present']]);
	await buildMeeting(recrutement.id, '2026-09-01T08:00:00Z', 'cancelled', [[bruno, 'present']]);
	await buildMeeting(recrutement.id, '2026-09-15T08:00:00Z', 'held', [
		[bruno, 'present'],
		[director, null]
	]);
	await buildMeeting(ancien.id, '2026-03-01T08:00:00Z', 'held', [[zoe, 'present']]);

	await buildAction(mobilite.id, alice, 'open', { dueDate: '2026-11-01' });
	await buildAction(mobilite.id, bruno, 'in_progress', { dueDate: '2026-12-01' });
	await buildAction(mobilite.id, alice, 'done');
	await buildAction(mobilite.id, bruno, 'cancelled', { dueDate: '2026-01-01' });
	// Due today is not late yet.
	await buildAction(mobilite.id, alice, 'open', { dueDate: TODAY });
	// Given to Carl when he worked at the Fonderie: it stays the Fonderie's.
	await buildAction(mobilite.id, carl, 'done', { organisationId: fonderie.id });
	await buildAction(recrutement.id, bruno, 'blocked', { dueDate: '2026-11-17' });
	await buildAction(recrutement.id, bruno, 'open');
	await buildAction(ancien.id, alice, 'done');
	await buildAction(mobilite.id, carl, 'open', { dueDate: '2026-10-01' });
});

describe('a company’s participation', () => {
	it('is for directors, the coordination and admins', async () => {
		expect((await refusal(companies.participation(member, fonderie.id, TODAY))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(companies.overview(null, TODAY))).kind).toBe('forbidden');
		expect((await refusal(companies.participation(director, UNKNOWN_ID, TODAY))).kind).toBe(
			'not_found'
		);
	});

	it('counts attendance over a year and the actions given to its people', async () => {
		const p = await companies.participation(director, fonderie.id, TODAY);
		expect(p.since).toBe('2025-11-18');
		// Alice 2 present, Bruno 1 excused, 1 absent, 1 present, Zoé 1 present.
		expect(p.attendance).toEqual({ present: 4, excused: 1, absent: 1 });
		expect(p.actions).toEqual({ owned: 8, done: 3, open: 5, overdue: 2 });
	});

	it('gives the same figures group by group, including groups it no longer sits in', async () => {
		const p = await companies.participation(coordinator, fonderie.id, TODAY);
		expect(
			p.groups.map((g) => [g.name, g.status, g.people, g.leads, g.attendance, g.actions])
		).toEqual([
			[
				'Ancien salon',
				'archived',
				0,
				0,
				{ present: 1, excused: 0, absent: 0 },
				{ owned: 1, done: 1, open: 0, overdue: 0 }
			],
			[
				'Mobilité',
				'active',
				2,
				1,
				{ present: 2, excused: 1, absent: 1 },
				{ owned: 5, done: 2, open: 3, overdue: 1 }
			],
			[
				'Recrutement',
				'active',
				1,
				1,
				{ present: 1, excused: 0, absent: 0 },
				{ owned: 2, done: 0, open: 2, overdue: 1 }
			]
		]);
	});

	it('compares every organisation in one pass', async () => {
		const all = await companies.overview(director, TODAY);
		expect(all.get(fonderie.id)).toEqual({
			attendance: { present: 4, excused: 1, absent: 1 },
			actions: { owned: 8, done: 3, open: 5, overdue: 2 }
		});
		expect(all.get(scierie.id)).toEqual({
			attendance: { present: 1, excused: 0, absent: 1 },
			actions: { owned: 1, done: 0, open: 1, overdue: 1 }
		});
		// An organisation that does nothing yet has no entry.
		expect(all.has(coordinator.organisationId)).toBe(false);
	});
});

describe('the company page', () => {
	const open = async (user: SessionUser, id: string) => {
		const { result, thrown } = await run(organisationPage.load, {
			path: `/annuaire/organisations/${id}`,
			params: { id },
			user
		});
		if (thrown) throw thrown;
		return result as PageServerData;
	};

	it('shows the participation to a director, and only the directory to a member', async () => {
		const seen = await open(director, fonderie.id);
		expect(seen.own).toBe(true);
		expect(seen.participation?.actions).toMatchObject({ owned: 8, done: 3, open: 5 });
		expect(seen.people.map((p) => p.name)).toContain('Alice');
		const other = await open(member, fonderie.id);
		expect(other.participation).toBeNull();
		expect(other.groups.map((g) => g.id).sort()).toEqual([mobilite.id, recrutement.id].sort());
	});

	it('is reached from a director’s home page', async () => {
		const home = async (user: SessionUser) => {
			const { result, thrown } = await run(homePage.load, { path: '/', user });
			if (thrown) throw thrown;
			return result as Exclude<Awaited<ReturnType<typeof homePage.load>>, void>;
		};
		expect((await home(director)).myCompany).toBe(fonderie.id);
		expect((await home(member)).myCompany).toBeNull();
		expect((await home(coordinator)).myCompany).toBeNull();
	});
});

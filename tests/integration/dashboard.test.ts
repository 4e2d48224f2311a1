import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import * as dashboard from '$lib/server/progress/dashboard';
import { db } from '$lib/server/db';
import {
	actions,
	checkIns,
	decisions,
	meetingAttendees,
	meetings,
	objectives
} from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

// A small network whose figures are computed by hand below: group A is busy and slipping,
// group B is new and silent, group C is archived (never shown), and "0 Calme", first by name,
// is on track and active: it needs no attention, so it comes last.

const NOW = new Date('2026-11-20T12:00:00Z');
let director: SessionUser;
let member: SessionUser;
let one: SessionUser;
let two: SessionUser;
let orgOne: string;
let orgTwo: string;
let a: string;
let b: string;
let calm: string;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
	director = await buildUser({ role: 'director' });
	member = await buildUser();
	orgOne = (await buildOrganisation({ name: 'Aciéries Une' })).id;
	orgTwo = (await buildOrganisation({ name: 'Bois Deux' })).id;
	one = await buildUser({ organisationId: orgOne });
	two = await buildUser({ organisationId: orgTwo });
	const three = await buildUser();
	a = (
		await buildGroup({ name: 'A groupe', theme: 'Mobilité' }, [
			{ user: one, role: 'lead' },
			{ user: two, role: 'member' }
		])
	).id;
	b = (await buildGroup({ name: 'B groupe', theme: 'Emploi' }, [{ user: three, role: 'lead' }])).id;
	await buildGroup({ name: 'C groupe', status: 'archived' });
	calm = (await buildGroup({ name: '0 Calme', theme: 'Mobilité' })).id;
	await db.insert(actions).values({
		groupId: calm,
		title: 'Faite hier',
		status: 'done',
		createdAt: at('2026-11-02T10:00:00Z'),
		closedAt: at('2026-11-19T10:00:00Z'),
		updatedAt: at('2026-11-19T10:00:00Z')
	});
	await db.insert(checkIns).values({ groupId: calm, period: '2026-11', weather: 'on_track' });

	await db.insert(objectives).values([
		{ groupId: a, title: 'Atteint', status: 'achieved' },
		{ groupId: a, title: 'En cours', status: 'in_progress' },
		{ groupId: a, title: 'Abandonné', status: 'dropped' }
	]);
	const action = (over: Partial<typeof actions.$inferInsert>) => ({
		groupId: a,
		title: 'Action',
		createdAt: at('2026-10-02T10:00:00Z'),
		updatedAt: at('2026-11-18T10:00:00Z'),
		...over
	});
	await db.insert(actions).values([
		action({
			status: 'done',
			closedAt: at('2026-11-05T10:00:00Z'),
			ownerId: one.id,
			ownerOrganisationId: orgOne
		}),
		action({
			status: 'done',
			closedAt: at('2026-10-10T10:00:00Z'),
			createdAt: at('2026-11-03T10:00:00Z'),
			ownerId: one.id,
			ownerOrganisationId: orgOne
		}),
		action({ status: 'open', dueDate: '2026-11-01', ownerId: two.id, ownerOrganisationId: orgTwo }),
		action({ status: 'in_progress', dueDate: '2026-12-01' }),
		action({ status: 'cancelled', closedAt: at('2026-11-06T10:00:00Z') })
	]);
	const meeting = async (
		startsAt: string,
		status: 'held' | 'published' | 'planned' | 'cancelled'
	) => {
		const [row] = await db
			.insert(meetings)
			.values({
				groupId: a,
				title: 'Réunion',
				startsAt: at(startsAt),
				endsAt: at(startsAt),
				status
			})
			.returning();
		return row.id;
	};
	const november = await meeting('2026-11-10T09:00:00Z', 'held');
	const october = await meeting('2026-10-15T09:00:00Z', 'published');
	await meeting('2026-12-05T09:00:00Z', 'planned');
	await meeting('2026-11-12T09:00:00Z', 'cancelled');
	await db.insert(meetingAttendees).values([
		{ meetingId: november, userId: one.id, attendance: 'present' },
		{ meetingId: november, userId: two.id, attendance: 'absent' },
		{ meetingId: october, userId: one.id, attendance: 'present' },
		{ meetingId: october, userId: two.id, attendance: 'present' }
	]);
	await db.insert(checkIns).values([
		{ groupId: a, period: '2026-10', weather: 'at_risk' },
		{ groupId: a, period: '2026-11', weather: 'off_track' }
	]);
});

const filters = (over: Partial<dashboard.DashboardFilters> = {}): dashboard.DashboardFilters => ({
	month: '2026-11',
	theme: null,
	organisationId: null,
	sort: 'attention',
	...over
});

describe('the network dashboard', () => {
	it('is for directors, the coordination and admins only', async () => {
		expect((await refusal(dashboard.overview(member, filters(), NOW))).kind).toBe('forbidden');
		expect((await refusal(dashboard.charts(member, filters(), [a]))).kind).toBe('forbidden');
	});

	it('gives each group that is not archived its figures, those needing attention first', async () => {
		// Decisions of the month count; one of the month before does not.
		await db.insert(decisions).values([
			{ groupId: a, title: 'Décidé en novembre', decidedOn: '2026-11-10' },
			{ groupId: a, title: 'Décidé en octobre', decidedOn: '2026-10-31' }
		]);
		const { groups, months } = await dashboard.overview(director, filters(), NOW);
		expect(months[0]).toBe('2025-12');
		expect(months.at(-1)).toBe('2026-11');
		expect(groups.map((g) => g.name)).toEqual(['A groupe', 'B groupe', '0 Calme']);
		const [first, second, third] = groups;
		expect(first).toMatchObject({
			weather: 'off_track',
			weatherPeriod: '2026-11',
			objectives: { achieved: 1, total: 2 },
			actions: { done: 2, open: 2, overdue: 1 },
			meetingsHeld: 1,
			decisions: 1,
			daysSinceActivity: 2,
			needsAttention: true
		});
		expect(first.nextMeeting?.toISOString()).toBe('2026-12-05T09:00:00.000Z');
		expect(first.trend).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
		expect(first.reasons).toEqual([{ key: 'weather' }, { key: 'overdue', count: 1 }]);
		expect(second).toMatchObject({
			weather: null,
			objectives: { achieved: 0, total: 0 },
			actions: { done: 0, open: 0, overdue: 0 },
			meetingsHeld: 0,
			decisions: 0,
			nextMeeting: null,
			lastActivity: null,
			needsAttention: true
		});
		expect(second.reasons).toEqual([{ key: 'no_check_in' }, { key: 'quiet' }]);
		expect(third).toMatchObject({
			weather: 'on_track',
			daysSinceActivity: 1,
			reasons: [],
			attention: 0,
			needsAttention: false
		});
	});

	it('looks at another month, and filters by theme and organisation', async () => {
		const october = await dashboard.overview(director, filters({ month: '2026-10' }), NOW);
		const a10 = october.groups.find((g) => g.id === a)!;
		expect(a10).toMatchObject({ weather: 'at_risk', weatherPeriod: '2026-10', meetingsHeld: 1 });
		expect(a10.trend.at(-1)).toBe(1);

		const emploi = await dashboard.overview(director, filters({ theme: 'Emploi' }), NOW);
		expect(emploi.groups.map((g) => g.id)).toEqual([b]);
		const withOrg = await dashboard.overview(director, filters({ organisationId: orgTwo }), NOW);
		expect(withOrg.groups.map((g) => g.id)).toEqual([a]);
		const byName = await dashboard.overview(director, filters({ sort: 'name' }), NOW);
		expect(byName.groups.map((g) => g.name)).toEqual(['0 Calme', 'A groupe', 'B groupe']);
		const byActivity = await dashboard.overview(director, filters({ sort: 'activity' }), NOW);
		expect(byActivity.groups.map((g) => g.name)).toEqual(['0 Calme', 'A groupe', 'B groupe']);
		const mobilite = await dashboard.overview(director, filters({ theme: 'Mobilité' }), NOW);
		expect(mobilite.groups.map((g) => g.id)).toEqual([a, calm]);
	});

	it('counts the network per month for the charts', async () => {
		const charts = await dashboard.charts(director, filters(), [a, b]);
		const month = (m: string) => charts.months.indexOf(m);
		expect(charts.opened[month('2026-10')]).toBe(4);
		expect(charts.opened[month('2026-11')]).toBe(1);
		expect(charts.closed[month('2026-10')]).toBe(1);
		expect(charts.closed[month('2026-11')]).toBe(1);
		expect(charts.meetings[month('2026-10')]).toBe(1);
		expect(charts.meetings[month('2026-11')]).toBe(1);
		expect(charts.attendance[month('2026-10')]).toBe(100);
		expect(charts.attendance[month('2026-11')]).toBe(50);
		expect(charts.attendance[month('2026-09')]).toBeNull();
		expect(charts.organisations).toEqual([
			{ id: orgOne, name: 'Aciéries Une', attended: 2, owned: 2 },
			{ id: orgTwo, name: 'Bois Deux', attended: 1, owned: 1 }
		]);
	});

	it('reads the URL’s filters, reporting what it cannot read', () => {
		const read = (query: string) => dashboard.parseFilters(new URLSearchParams(query), NOW);
		expect(read('')).toEqual({
			filters: { month: '2026-11', theme: null, organisationId: null, sort: 'attention' },
			invalid: []
		});
		expect(read('mois=2026-10&tri=nom&theme=Emploi').filters).toMatchObject({
			month: '2026-10',
			sort: 'name',
			theme: 'Emploi'
		});
		const bad = read('mois=2026-13&organisation=x&tri=%27;drop');
		expect(bad.invalid).toEqual(['mois', 'organisation', 'tri']);
		expect(bad.filters).toMatchObject({
			month: '2026-11',
			organisationId: null,
			sort: 'attention'
		});
		// A month to come shows the current one.
		expect(read('mois=2027-05').filters.month).toBe('2026-11');
	});
});

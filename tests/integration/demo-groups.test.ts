import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { groups as groupsTable, users } from '$lib/server/db/schema';
import { seedDemo } from '$lib/server/demo/seed';
import * as directory from '$lib/server/directory';
import * as groups from '$lib/server/groups';
import { can } from '$lib/server/policy';
import * as home from '../../src/routes/(app)/+page.server';
import type { PageServerData as HomeData } from '../../src/routes/(app)/$types';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { run } from '../helpers/events';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

async function demoUser(local: string): Promise<SessionUser> {
	const [row] = await db
		.select()
		.from(users)
		.where(eq(users.email, `${local}@maillage.test`));
	const { passwordHash: _, ...user } = row;
	return user;
}

let member: SessionUser;
let partner: SessionUser;
let director: SessionUser;
let coordinator: SessionUser;

beforeAll(async () => {
	await seedDemo();
	[member, partner, director, coordinator] = await Promise.all(
		['membre', 'partenaire', 'direction', 'coordination'].map(demoUser)
	);
});

const slugsOf = (rows: { group: { slug: string } }[]) => rows.map((r) => r.group.slug).sort();

describe('the demo groups, as each demo account sees them', () => {
	it('makes membre@ the lead of the pooling group', async () => {
		const visible = await groups.listVisible(member);
		expect(visible.find((r) => r.group.slug === 'mutualisation')).toMatchObject({
			membership: 'lead',
			canView: true
		});
		expect(visible.map((r) => [r.group.slug, r.membership, r.canView])).toEqual(
			expect.arrayContaining([
				['mobilites', 'member', true],
				['recrutement-competences', 'member', true],
				['attractivite', null, true],
				['usines-ouvertes', null, true]
			])
		);
		// The archived, closed group is not theirs: not even listed.
		expect(slugsOf(visible)).not.toContain('salon-emploi-2025');
	});

	it('shows partenaire@ exactly their two groups', async () => {
		expect(slugsOf(await groups.listVisible(partner))).toEqual([
			'mobilites',
			'recrutement-competences'
		]);
		const [pooling] = await db
			.select()
			.from(groupsTable)
			.where(eq(groupsTable.slug, 'mutualisation'));
		expect((await refusal(groups.access(partner, pooling.id))).kind).toBe('not_found');
		expect((await refusal(directory.listOrganisations(partner))).kind).toBe('forbidden');
	});

	it('lets direction@ read every group and change none', async () => {
		const all = await db.select().from(groupsTable);
		expect(all).toHaveLength(6);
		const visible = await groups.listVisible(director);
		expect(visible.every((r) => r.canView)).toBe(true);
		expect(slugsOf(visible)).toEqual(all.map((g) => g.slug).sort());
		for (const group of all) {
			const { context } = await groups.access(director, group.id);
			for (const verb of [
				'group.edit',
				'group.change_status',
				'group.manage_members',
				'group.contribute'
			] as const) {
				expect(can(director, verb, context), `${verb} ${group.slug}`).toBe(false);
			}
		}
	});

	it('tells the director which organisations take part in the groups', async () => {
		const orgs = await directory.listOrganisations(director);
		const taking = orgs.filter((o) => o.groups.length > 0);
		expect(taking.length).toBeGreaterThanOrEqual(5);
		for (const slug of ['mobilites', 'recrutement-competences', 'mutualisation']) {
			const companies = taking.filter((o) => o.groups.some((g) => g.slug === slug));
			expect(companies.length, slug).toBeGreaterThanOrEqual(2);
		}
	});

	it('gives membre@ a home page with their three groups and news in them', async () => {
		const result = (await run(home.load, { path: '/', user: member })).result as HomeData;
		const mine = result.myGroups;
		expect(mine.map((g) => g.slug).sort()).toEqual([
			'mobilites',
			'mutualisation',
			'recrutement-competences'
		]);
		expect(mine.find((g) => g.slug === 'mobilites')!.news).toBeGreaterThan(0);
		expect(result.showDashboard).toBe(false);
	});

	it('gives coordination@ the overview of the five live groups', async () => {
		const result = (await run(home.load, { path: '/', user: coordinator })).result as HomeData;
		expect(result.overview.map((g) => g.slug).sort()).toEqual([
			'attractivite',
			'mobilites',
			'mutualisation',
			'recrutement-competences',
			'usines-ouvertes'
		]);
		for (const row of result.overview) {
			expect(row.members, row.slug).toBeGreaterThan(0);
			expect(row.lastActivity, row.slug).toBeInstanceOf(Date);
		}
	});
});

import { describe, expect, it } from 'vitest';
import * as memberships from '$lib/server/memberships';
import * as home from '../../src/routes/(app)/+page.server';
import type { PageServerData } from '../../src/routes/(app)/$types';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const load = async (user: Awaited<ReturnType<typeof buildUser>>) => {
	const { result, thrown } = await run(home.load, { path: '/', user });
	if (thrown) throw thrown;
	return result as PageServerData;
};

const tick = () => new Promise((wait) => setTimeout(wait, 5));

describe('the home page', () => {
	it('lists the person’s groups, those with news first, with what is new', async () => {
		const person = await buildUser({ role: 'member' });
		const lead = await buildUser();
		const quiet = await buildGroup({ name: 'A calme' }, [{ user: person, role: 'lead' }]);
		const busy = await buildGroup({ name: 'B animé', joinPolicy: 'open' }, [
			{ user: person, role: 'member' },
			{ user: lead, role: 'lead' }
		]);
		await buildGroup({ name: 'C pas le mien' }, [{ user: lead, role: 'lead' }]);
		await tick();
		await memberships.add(lead, busy.id, (await buildUser()).id, 'member');
		await memberships.add(lead, busy.id, (await buildUser()).id, 'observer');
		// The person's own doing is not news to them.
		await memberships.add(person, quiet.id, (await buildUser()).id, 'member');

		const data = await load(person);
		expect(data.myGroups.map((g) => [g.name, g.membership, g.news, g.members])).toEqual([
			['B animé', 'member', 2, 4],
			['A calme', 'lead', 0, 2]
		]);
		expect(data.myGroups[0]).toMatchObject({
			id: busy.id,
			slug: busy.slug,
			canView: true,
			status: 'active',
			joinPolicy: 'open'
		});
		expect(data.overview).toEqual([]);
		expect(data.showDashboard).toBe(false);

		// Opening the group page clears its news.
		await memberships.markSeen(person.id, busy.id);
		expect((await load(person)).myGroups[0].news).toBe(0);
	});

	it('puts the groups with news before the quiet ones, then sorts by name', async () => {
		const person = await buildUser({ role: 'partner' });
		const lead = await buildUser();
		const groups = [];
		for (const name of ['Zèbre', 'Abeille', 'Ours']) {
			groups.push(
				await buildGroup({ name: `${name} ${person.id}` }, [
					{ user: person, role: 'member' },
					{ user: lead, role: 'lead' }
				])
			);
		}
		await tick();
		await memberships.add(lead, groups[0].id, (await buildUser()).id, 'member');
		const data = await load(person);
		expect(data.myGroups.map((g) => [g.name.split(' ')[0], g.news])).toEqual([
			['Zèbre', 1],
			['Abeille', 0],
			['Ours', 0]
		]);
	});

	it('gives the coordination an overview of every group but the archived ones', async () => {
		const coordinator = await buildUser({ role: 'coordinator' });
		const lead = await buildUser();
		const followed = await buildGroup({ name: 'Suivi', joinPolicy: 'closed' }, [
			{ user: lead, role: 'lead' }
		]);
		const archived = await buildGroup({ name: 'Fini', status: 'archived' });
		await memberships.add(lead, followed.id, (await buildUser()).id, 'member');
		const data = await load(coordinator);
		expect(data.myGroups).toEqual([]);
		expect(data.showDashboard).toBe(true);
		const row = data.overview.find((g) => g.slug === followed.slug);
		expect(row).toMatchObject({ name: 'Suivi', status: 'active', members: 2 });
		expect(row!.lastActivity).toBeInstanceOf(Date);
		expect(Date.now() - row!.lastActivity!.getTime()).toBeLessThan(60_000);
		expect(data.overview.some((g) => g.slug === archived.slug)).toBe(false);
		const quiet = await buildGroup({ name: 'Sans nouvelles' });
		expect((await load(coordinator)).overview.find((g) => g.slug === quiet.slug)).toMatchObject({
			members: 0,
			lastActivity: null
		});
	});

	it('links a director to the dashboard without the coordination overview', async () => {
		const director = await buildUser({ role: 'director' });
		await buildGroup();
		const data = await load(director);
		expect(data.showDashboard).toBe(true);
		expect(data.overview).toEqual([]);
		expect(data.myGroups).toEqual([]);
	});
});

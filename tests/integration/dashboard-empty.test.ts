import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/(app)/tableau-de-bord/+page.server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

type Data = { groups: unknown[]; anyGroup: boolean; canCreateGroup: boolean };
const dashboardFor = async (
	user: Awaited<ReturnType<typeof buildUser>>,
	path = '/tableau-de-bord'
) => (await run(load as never, { user, path })).result as Data;

describe('the dashboard of a new network', () => {
	it('says there is no group yet, and offers the coordination to create one', async () => {
		const coordinator = await buildUser({ role: 'coordinator' });
		const director = await buildUser({ role: 'director' });
		expect(await dashboardFor(coordinator)).toMatchObject({
			groups: [],
			anyGroup: false,
			canCreateGroup: true
		});
		expect(await dashboardFor(director)).toMatchObject({ anyGroup: false, canCreateGroup: false });
	});

	it('says that no group matches the filters once there are groups', async () => {
		const coordinator = await buildUser({ role: 'coordinator' });
		await buildGroup({ theme: 'mobility' });
		const filtered = await dashboardFor(coordinator, '/tableau-de-bord?theme=events');
		expect(filtered).toMatchObject({ groups: [], anyGroup: true });
	});
});

import { describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import { invitations, meetings } from '$lib/server/db/schema';
import * as onboarding from '$lib/server/onboarding';
import { actions as home, load } from '../../src/routes/(app)/+page.server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

const state = (steps: onboarding.Step[] | null) =>
	steps && Object.fromEntries(steps.map((s) => [s.key, s.done]));

describe('the first steps of a new network', () => {
	it('are shown to the admin and the coordination, ticked as the network does them', async () => {
		const admin = await buildUser({ role: 'admin' });
		const coordinator = await buildUser({ role: 'coordinator' });
		const member = await buildUser({ role: 'member' });
		// Three people already: inviting is counted done; a single organisation is not.
		await db.delete(invitations);
		expect(state(await onboarding.checklist(admin))).toMatchObject({
			network: true,
			invitations: true,
			group: false,
			meeting: false
		});
		expect(await onboarding.checklist(member)).toBeNull();
		// Each links to where it is done, for those who may do it there.
		const forAdmin = await onboarding.checklist(admin);
		const forCoordinator = await onboarding.checklist(coordinator);
		expect(forAdmin!.find((s) => s.key === 'network')!.href).toBe('/admin/reglages');
		expect(forCoordinator!.find((s) => s.key === 'network')!.href).toBeNull();
		expect(forCoordinator!.find((s) => s.key === 'group')!.href).toBe('/groupes/nouveau');

		const group = await buildGroup({ slug: 'mobilite' });
		await buildOrganisation({ name: 'Seconde' });
		await buildOrganisation({ name: 'Troisième' });
		const afterGroup = await onboarding.checklist(admin);
		expect(state(afterGroup)).toMatchObject({ organisations: true, group: true, meeting: false });
		expect(afterGroup!.find((s) => s.key === 'meeting')!.href).toBe('/groupes/mobilite/reunions');

		await db.insert(meetings).values({
			groupId: group.id,
			title: 'Première réunion',
			startsAt: new Date(Date.now() + 86_400_000),
			endsAt: new Date(Date.now() + 90_000_000)
		});
		// All done: the list goes away by itself.
		expect(await onboarding.checklist(admin)).toBeNull();
	});

	it('can be dismissed by one person, from the home page, for good', async () => {
		await db.delete(meetings);
		const coordinator = await buildUser({ role: 'coordinator' });
		const other = await buildUser({ role: 'coordinator' });
		const before = (await run(load as never, { user: coordinator })).result as {
			checklist: unknown;
		};
		expect(before.checklist).not.toBeNull();
		await run(home.dismissChecklist, { user: coordinator, form: {} });
		const after = (await run(load as never, { user: coordinator })).result as {
			checklist: unknown;
		};
		expect(after.checklist).toBeNull();
		expect(await onboarding.checklist(other)).not.toBeNull();
	});
});

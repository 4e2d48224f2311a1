// Owner pickers on a large network: past a few hundred people they search by name instead of
// listing everyone (the board's create and bulk forms), and what they find follows the same
// rights as the lists they replace.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { LISTED_PEOPLE } from '$lib/server/name-search';
import { searchPeople } from '$lib/server/people-search';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

let coordinator: SessionUser;
let partner: SessionUser;
let colleague: SessionUser;
let stranger: SessionUser;
let groupId: string;
let otherGroupId: string;

beforeAll(async () => {
	const org = await buildOrganisation({ name: 'Tôlerie Muller' });
	coordinator = await buildUser({ role: 'coordinator', name: 'Claire Coordination' });
	partner = await buildUser({ role: 'partner', name: 'Paul Partenaire' });
	colleague = await buildUser({ name: 'Émilie Schaller', organisationId: org.id });
	stranger = await buildUser({ name: 'Émile Strauss' });
	const gone = await buildUser({ name: 'Émilien Parti' });
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
	groupId = (
		await buildGroup({ name: 'Mobilité' }, [
			{ user: partner, role: 'member' },
			{ user: colleague, role: 'member' }
		])
	).id;
	otherGroupId = (await buildGroup({ name: 'Énergie' }, [{ user: stranger, role: 'member' }])).id;
});

const names = async (actor: SessionUser, text: string) =>
	(await searchPeople(actor, { among: 'assignees' }, text)).map((p) => p.name);

describe('searching owners by name', () => {
	it('finds anyone active in the network for those who read the directory', async () => {
		expect(await names(coordinator, 'emil')).toEqual(['Émile Strauss', 'Émilie Schaller']);
		expect(await names(coordinator, 'SCHAL')).toEqual(['Émilie Schaller']);
		expect((await searchPeople(coordinator, { among: 'assignees' }, 'schaller'))[0]).toMatchObject({
			id: colleague.id,
			organisation: 'Tôlerie Muller'
		});
	});

	it('puts names that start with the text first', async () => {
		// "Paul Partenaire" starts with "pa"; "Émilie Schaller" does not hold it, "Émilien Parti" is disabled.
		expect(await names(coordinator, 'pa')).toEqual(['Paul Partenaire']);
		// Neither starts with "au": French order, accents aside (É between D and F).
		expect(await names(coordinator, 'au')).toEqual(['Émile Strauss', 'Paul Partenaire']);
	});

	it('finds only the people of their own groups for partners', async () => {
		expect(await names(partner, 'emil')).toEqual(['Émilie Schaller']);
		expect(await names(partner, 'strauss')).toEqual([]);
	});

	it('never finds a disabled person, and takes wildcards as letters', async () => {
		expect(await names(coordinator, 'parti')).toEqual([]);
		expect(await names(coordinator, '%')).toEqual([]);
		expect(await names(coordinator, '_')).toEqual([]);
		expect(await names(coordinator, '  ')).toEqual([]);
	});
});

describe('lists of owners', () => {
	it('reads one past `max` people, so that the picker knows to search', async () => {
		const all = await actionItems.ownerChoices(partner, [groupId, otherGroupId]);
		expect(all.map((p) => p.name)).toEqual(['Émile Strauss', 'Émilie Schaller', 'Paul Partenaire']);
		expect(await actionItems.ownerChoices(partner, [groupId, otherGroupId], 1)).toHaveLength(2);
		expect(actionItems.searchesOwners(LISTED_PEOPLE)).toBe(false);
		expect(actionItems.searchesOwners(LISTED_PEOPLE + 1)).toBe(true);
	});

	it('reads the contexts of many groups at once', async () => {
		const contexts = await actionItems.contextsFor(partner, [groupId, otherGroupId]);
		expect(contexts.get(groupId)).toMatchObject({ membership: 'member' });
		expect(contexts.get(otherGroupId)).toMatchObject({ membership: null });
	});
});

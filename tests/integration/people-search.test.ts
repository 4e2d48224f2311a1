// The one people search behind every picker that searches as one types (the board's owner
// filter, the owner pickers of actions, the meeting forms' invitees and agenda owners): each
// scope finds only whom the list it replaces would show the person asking.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as actions from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { ServiceError } from '$lib/server/errors';
import { searchPeople, type PeopleScope } from '$lib/server/people-search';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let coordinator: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let partner: SessionUser;
let outsider: SessionUser;
let groupId: string;
let closedId: string;

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator', name: 'Claire Coordination' });
	lead = await buildUser({ name: 'Léa Pilote' });
	member = await buildUser({ name: 'Marc Membre' });
	partner = await buildUser({ role: 'partner', name: 'Paul Partenaire' });
	outsider = await buildUser({ name: 'Olga Ailleurs' });
	const left = await buildUser({ name: 'Olivier Parti' });
	groupId = (
		await buildGroup({ name: 'Mobilité' }, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' },
			{ user: partner, role: 'member' }
		])
	).id;
	closedId = (
		await buildGroup({ name: 'Direction', joinPolicy: 'closed' }, [
			{ user: outsider, role: 'member' },
			{ user: left, role: 'member' }
		])
	).id;
	const give = async (group: string, title: string, ownerId: string) =>
		actions.create(
			coordinator,
			group,
			actions.actionSchema.parse({ title, ownerId, dueDate: '' }),
			{}
		);
	await give(groupId, 'Covoiturage', member.id);
	await give(closedId, 'Budget', outsider.id);
	await give(groupId, 'Ancien dossier', left.id);
	// Olivier leaves the network after being given an action: he still owns it.
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, left.id));
});

const names = async (actor: SessionUser, scope: PeopleScope, text: string) =>
	(await searchPeople(actor, scope, text)).map((p) => p.name);

describe('owners (the board filter)', () => {
	const owners: PeopleScope = { among: 'owners' };

	it('finds the owners of the actions the person may see, and only them', async () => {
		expect(await names(coordinator, owners, 'a')).toEqual([
			'Marc Membre',
			'Olga Ailleurs',
			'Olivier Parti'
		]);
		// Olga's only action is in a closed group the partner is not part of.
		expect(await names(partner, owners, 'olga')).toEqual([]);
		// Léa owns nothing: she is nobody to filter on.
		expect(await names(coordinator, owners, 'lea')).toEqual([]);
	});

	it('still finds an owner who has left the network', async () => {
		expect(await names(member, owners, 'olivier')).toEqual(['Olivier Parti']);
	});
});

describe('assignees (owner pickers of actions)', () => {
	const assignees: PeopleScope = { among: 'assignees' };

	it('finds anyone active for those who read the directory', async () => {
		expect(await names(member, assignees, 'ol')).toEqual(['Olga Ailleurs']);
		expect(await names(member, assignees, 'lea')).toEqual(['Léa Pilote']);
	});

	it('finds only the people of their own groups for partners', async () => {
		expect(await names(partner, assignees, 'olga')).toEqual([]);
		expect(await names(partner, assignees, 'marc')).toEqual(['Marc Membre']);
	});
});

describe('invitees (the meeting forms)', () => {
	const invitees = (): PeopleScope => ({ among: 'invitees', groupId });

	it('finds anyone active in the network, for those who run the meetings', async () => {
		expect(await names(lead, invitees(), 'ol')).toEqual(['Olga Ailleurs']);
		expect(await names(coordinator, invitees(), 'paul')).toEqual(['Paul Partenaire']);
	});

	it('refuses the others, even with nothing typed', async () => {
		await expect(searchPeople(member, invitees(), 'olga')).rejects.toBeInstanceOf(ServiceError);
		await expect(searchPeople(partner, invitees(), '')).rejects.toBeInstanceOf(ServiceError);
		await expect(
			searchPeople(lead, { among: 'invitees', groupId: closedId }, 'olga')
		).rejects.toBeInstanceOf(ServiceError);
	});
});

it('finds nobody for nothing typed, and no more than asked', async () => {
	expect(await names(coordinator, { among: 'assignees' }, '  ')).toEqual([]);
	expect(await searchPeople(coordinator, { among: 'assignees' }, 'a', 2)).toHaveLength(2);
});

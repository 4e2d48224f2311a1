import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { meetingAttendees, meetings } from '$lib/server/db/schema';
import * as dashboard from '$lib/server/progress/dashboard';
import * as directory from '$lib/server/directory';
import * as meetingService from '$lib/server/meetings';
import * as memberships from '$lib/server/memberships';
import * as organisations from '$lib/server/organisations';
import * as people from '$lib/server/people';
import * as search from '$lib/server/search';
import { searchPeople } from '$lib/server/people-search';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

// In code-point order ("C"), accented capitals come after "Z": Ange, Yannick, Zoé, Élodie, émile,
// Œdipe.
const FRENCH = [
	'Ange Martin',
	'Élodie Herrmann',
	'émile Zola',
	'Œdipe Roi',
	'Yannick Marchal',
	'Zoé Adam'
];
const typed = [
	'Yannick Marchal',
	'Élodie Herrmann',
	'émile Zola',
	'Zoé Adam',
	'Œdipe Roi',
	'Ange Martin'
];
/** The names of the list that are the test's, in the list's order. */
const ours = (names: string[]) => names.filter((name) => FRENCH.includes(name));

let admin: SessionUser;
let meetingId: string;
let groupId: string;

beforeAll(async () => {
	admin = await buildUser({
		role: 'admin',
		name: 'Bob Durand',
		organisationId: (await buildOrganisation({ name: 'Réseau' })).id
	});
	const persons: SessionUser[] = [];
	for (const name of typed) {
		const org = await buildOrganisation({ name });
		persons.push(await buildUser({ name, organisationId: org.id }));
		await buildGroup({ name }, [{ user: admin, role: 'member' }]);
	}
	const group = await buildGroup({ name: 'Mobilités' }, [
		{ user: admin, role: 'lead' },
		...persons.map((user) => ({ user, role: 'member' as const }))
	]);
	groupId = group.id;
	const [meeting] = await db
		.insert(meetings)
		.values({
			groupId,
			title: 'Comité',
			startsAt: new Date('2026-03-10T09:00:00Z'),
			endsAt: new Date('2026-03-10T11:00:00Z')
		})
		.returning();
	meetingId = meeting.id;
	await db.insert(meetingAttendees).values(persons.map((p) => ({ meetingId, userId: p.id })));
});

describe('lists of people and organisations in French order', () => {
	it('the admin’s people and organisations', async () => {
		expect(ours((await people.list(admin)).map((p) => p.name))).toEqual(FRENCH);
		expect(ours((await organisations.list(admin)).map((o) => o.name))).toEqual(FRENCH);
		expect(ours((await organisations.listActive()).map((o) => o.name))).toEqual(FRENCH);
	});

	it('the directory and the people pickers', async () => {
		expect(ours((await directory.listPeople(admin)).map((p) => p.name))).toEqual(FRENCH);
		expect(ours((await directory.listOrganisations(admin)).map((o) => o.name))).toEqual(FRENCH);
		expect(ours((await directory.peopleForPicker()).map((p) => p.name))).toEqual(FRENCH);
		expect(ours((await memberships.list(groupId)).map((m) => m.name))).toEqual(FRENCH);
	});

	it('the invitees of a meeting', async () => {
		const { attendees } = await meetingService.details(admin, meetingId);
		expect(attendees.map((a) => a.name)).toEqual(FRENCH);
	});

	it('a name search that stops at its limit keeps the first names in French order', async () => {
		// "i" is in every name but Zoé Adam's (and Bob Durand's), at the start of none.
		const found = await searchPeople(admin, { among: 'assignees' }, 'i', 2);
		expect(found.map((p) => p.name)).toEqual(['Ange Martin', 'Élodie Herrmann']);
	});

	it('the filters of search and of the dashboard', async () => {
		const choices = await search.filterChoices(admin);
		expect(ours(choices.groups.map((g) => g.name))).toEqual(FRENCH);
		expect(ours(choices.authors.map((a) => a.name))).toEqual(FRENCH);
		const { organisations: orgs } = await dashboard.filterChoices();
		expect(ours(orgs.map((o) => o.name))).toEqual(FRENCH);
	});
});

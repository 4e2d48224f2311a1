import { beforeAll, describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import * as board from '$lib/server/actions/board';
import { db } from '$lib/server/db';
import { meetings } from '$lib/server/db/schema';
import { searchPeople } from '$lib/server/people-search';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

await createTestDb();

// The board is looked at on 10 March 2027, Paris time.
const now = new Date('2027-03-10T10:00:00Z');

let coordinator: SessionUser;
let director: SessionUser;
let member: SessionUser;
let partner: SessionUser;
let colleague: SessionUser;
let orgA: string;
let orgB: string;
let mobility: { id: string; slug: string };
let energy: { id: string; slug: string };
let openGroup: { id: string; slug: string };
let hidden: { id: string; slug: string };
let meetingId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	director = await buildUser({ role: 'director' });
	orgA = (await buildOrganisation({ name: 'Alsace Bois' })).id;
	orgB = (await buildOrganisation({ name: 'Bretzel & Co' })).id;
	member = await buildUser({ name: 'Anne Bauer', organisationId: orgA });
	colleague = await buildUser({ name: 'Marc Zimmer', organisationId: orgB });
	partner = await buildUser({ name: 'Paula Klein', role: 'partner', organisationId: orgB });
	mobility = await buildGroup({ name: 'Mobilité', joinPolicy: 'closed' }, [
		{ user: member, role: 'member' },
		{ user: colleague, role: 'member' }
	]);
	energy = await buildGroup({ name: 'Énergie', joinPolicy: 'closed' }, [
		{ user: partner, role: 'member' },
		{ user: colleague, role: 'member' }
	]);
	openGroup = await buildGroup({ name: 'Achats groupés', joinPolicy: 'open' }, [
		{ user: colleague, role: 'member' }
	]);
	hidden = await buildGroup({ name: 'Direction', joinPolicy: 'closed' }, [
		{ user: colleague, role: 'lead' }
	]);
	[{ id: meetingId }] = await db
		.insert(meetings)
		.values({
			groupId: mobility.id,
			title: 'Comité de mars',
			startsAt: new Date('2027-03-02T13:00:00Z'),
			endsAt: new Date('2027-03-02T15:00:00Z')
		})
		.returning({ id: meetings.id });

	const make = async (
		key: string,
		group: { id: string },
		fields: { ownerId?: string; dueDate?: string; status?: string },
		origin: { meetingId?: string } = {}
	) => {
		const input = actionItems.actionSchema.parse({
			title: key,
			ownerId: fields.ownerId ?? '',
			dueDate: fields.dueDate ?? '',
			status: fields.status
		});
		ids[key] = (await actionItems.create(coordinator, group.id, input, origin)).id;
	};
	await make('mob-late', mobility, { ownerId: member.id, dueDate: '2027-03-01' }, { meetingId });
	await make('mob-week', mobility, { ownerId: colleague.id, dueDate: '2027-03-14' });
	await make('mob-none', mobility, {});
	await make('mob-done', mobility, { ownerId: member.id, dueDate: '2027-02-01', status: 'done' });
	await make('energy-month', energy, { ownerId: partner.id, dueDate: '2027-04-05' });
	await make('energy-later', energy, { ownerId: colleague.id, dueDate: '2027-06-01' });
	await make('open-blocked', openGroup, { ownerId: colleague.id, status: 'blocked' });
	await make('hidden-late', hidden, { ownerId: colleague.id, dueDate: '2027-03-05' });
	// Given to the partner in a group they are not part of: they follow it all the same.
	await make('hidden-partner', hidden, { ownerId: partner.id, dueDate: '2027-03-20' });
});

const view = (search = '') => board.parseBoardQuery(new URLSearchParams(search));
const titles = async (actor: SessionUser, search = '') =>
	(await board.query(actor, view(search), now)).map((r) => r.title);
const sorted = (list: string[]) => [...list].sort();

describe('what each person sees', () => {
	it('shows every open action to the coordination and to directors', async () => {
		const all = [
			'mob-late',
			'mob-week',
			'mob-none',
			'energy-month',
			'energy-later',
			'open-blocked',
			'hidden-late',
			'hidden-partner'
		];
		expect(sorted(await titles(coordinator))).toEqual(sorted(all));
		expect(sorted(await titles(director))).toEqual(sorted(all));
	});

	it('shows a member their groups and the open groups, not the closed ones', async () => {
		expect(sorted(await titles(member))).toEqual(
			sorted(['mob-late', 'mob-week', 'mob-none', 'open-blocked'])
		);
	});

	it('shows a partner only the groups they take part in, and their own actions', async () => {
		expect(sorted(await titles(partner))).toEqual(
			sorted(['energy-month', 'energy-later', 'hidden-partner'])
		);
		expect(await titles(partner, `group=${mobility.slug}`)).toEqual([]);
		expect(await titles(partner, 'status=all&owner=none')).toEqual([]);
	});

	it('shows nothing of a group to someone who is in none', async () => {
		const newcomer = await buildUser({ role: 'partner' });
		expect(await titles(newcomer)).toEqual([]);
		expect(await board.filterChoices(newcomer)).toEqual({
			groups: [],
			owners: [],
			ownersLimited: false,
			owner: null,
			organisations: []
		});
		expect(await searchPeople(newcomer, { among: 'owners' }, 'zimmer')).toEqual([]);
	});
});

describe('filters', () => {
	it('by group, by slug or id', async () => {
		expect(sorted(await titles(coordinator, `group=${energy.slug}`))).toEqual(
			sorted(['energy-month', 'energy-later'])
		);
		expect(sorted(await titles(coordinator, `group=${energy.id}`))).toEqual(
			sorted(['energy-month', 'energy-later'])
		);
		expect(await titles(coordinator, 'group=inconnu')).toEqual([]);
	});

	it('by owner: me, nobody, or a person', async () => {
		expect(await titles(member, 'owner=me')).toEqual(['mob-late']);
		expect(await titles(member, 'owner=me&status=all')).toEqual(['mob-late', 'mob-done']);
		expect(await titles(coordinator, 'owner=none')).toEqual(['mob-none']);
		expect(sorted(await titles(coordinator, `owner=${partner.id}`))).toEqual(
			sorted(['energy-month', 'hidden-partner'])
		);
		// A malformed owner is ignored rather than failing.
		expect((await titles(member, 'owner=pas-un-id')).length).toBe(4);
	});

	it('by the owner’s organisation', async () => {
		expect(await titles(coordinator, `organisation=${orgA}`)).toEqual(['mob-late']);
		expect(await titles(coordinator, `organisation=${orgA}&status=done`)).toEqual(['mob-done']);
	});

	it('by status, a list or all', async () => {
		expect(await titles(coordinator, 'status=done')).toEqual(['mob-done']);
		expect(await titles(coordinator, 'status=blocked,done')).toEqual(['mob-done', 'open-blocked']);
		expect(await titles(member, 'status=all')).toHaveLength(5);
		expect(await titles(member, 'status=nimporte')).toHaveLength(4);
	});

	it('by due date: overdue, this week, this month, none', async () => {
		expect(await titles(coordinator, 'due=overdue')).toEqual(['mob-late', 'hidden-late']);
		expect(await titles(coordinator, 'due=week')).toEqual(['mob-late', 'hidden-late', 'mob-week']);
		expect(await titles(coordinator, 'due=month')).toEqual([
			'mob-late',
			'hidden-late',
			'mob-week',
			'hidden-partner',
			'energy-month'
		]);
		expect(sorted(await titles(coordinator, 'due=none'))).toEqual(
			sorted(['mob-none', 'open-blocked'])
		);
	});

	it('by the meeting the actions come from', async () => {
		expect(await titles(coordinator, `meeting=${meetingId}`)).toEqual(['mob-late']);
		const [row] = await board.query(coordinator, view(`meeting=${meetingId}`), now);
		expect(row).toMatchObject({
			meetingTitle: 'Comité de mars',
			groupName: 'Mobilité',
			groupSlug: mobility.slug,
			ownerName: 'Anne Bauer',
			organisationName: 'Alsace Bois',
			overdue: true,
			detached: false
		});
	});

	it('combines filters', async () => {
		expect(
			await titles(coordinator, `group=${mobility.slug}&owner=${member.id}&status=all&due=overdue`)
		).toEqual(['mob-late']);
	});
});

describe('order and sections', () => {
	it('puts overdue actions first, then the soonest due, undated last', async () => {
		const rows = await board.query(coordinator, view(), now);
		expect(rows.map((r) => r.title)).toEqual([
			'mob-late',
			'hidden-late',
			'mob-week',
			'hidden-partner',
			'energy-month',
			'energy-later',
			'mob-none',
			'open-blocked'
		]);
		expect(rows.filter((r) => r.overdue).map((r) => r.title)).toEqual(['mob-late', 'hidden-late']);
		// A done action past its date is not overdue.
		const [done] = await board.query(coordinator, view('status=done'), now);
		expect(done.overdue).toBe(false);
	});

	it('sorts by group and by owner, the unassigned last', async () => {
		const byGroup = await board.query(coordinator, view('sort=group'), now);
		expect([...new Set(byGroup.map((r) => r.groupName))]).toEqual([
			'Achats groupés',
			'Direction',
			'Énergie',
			'Mobilité'
		]);
		const byOwner = await board.query(coordinator, view('sort=owner'), now);
		expect(byOwner.map((r) => r.ownerName)).toEqual([
			'Anne Bauer',
			'Marc Zimmer',
			'Marc Zimmer',
			'Marc Zimmer',
			'Marc Zimmer',
			'Paula Klein',
			'Paula Klein',
			null
		]);
		// Within one owner, overdue first.
		expect(byOwner.slice(1, 5).map((r) => r.title)).toEqual([
			'hidden-late',
			'mob-week',
			'energy-later',
			'open-blocked'
		]);
	});

	it('splits into sections by group, owner and organisation, with counts', async () => {
		const count = async (by: string) =>
			(await board.summary(coordinator, view(`by=${by}`), now)).sections.map((s) => [
				s.label,
				s.count,
				s.overdue
			]);
		expect(await count('group')).toEqual([
			['Achats groupés', 1, 0],
			['Direction', 2, 1],
			['Énergie', 2, 0],
			['Mobilité', 3, 1]
		]);
		expect(await count('owner')).toEqual([
			['Anne Bauer', 1, 1],
			['Marc Zimmer', 4, 1],
			['Paula Klein', 2, 0],
			[null, 1, 0]
		]);
		expect(await count('organisation')).toEqual([
			['Alsace Bois', 1, 1],
			['Bretzel & Co', 6, 1],
			[null, 1, 0]
		]);
		expect(await count('none')).toEqual([[null, 8, 2]]);
		expect(await board.summary(coordinator, view(), now)).toMatchObject({ total: 8, overdue: 2 });
	});

	it('reads any stretch of the view in the order shown, section after section', async () => {
		for (const search of ['', 'by=owner', 'by=organisation&sort=owner', 'by=group&sort=owner']) {
			const all = await board.query(coordinator, view(search), now);
			const summary = await board.summary(coordinator, view(search), now);
			// Rows follow their sections, in the sections' order.
			const keys = summary.sections.map((s) => s.key);
			const order = all.map((r) => keys.indexOf(board.sectionKey(r, view(search).by)));
			expect(order).toEqual([...order].sort((a, b) => a - b));
			for (const [offset, limit] of [
				[0, 3],
				[2, 3],
				[5, 10],
				[7, 1]
			]) {
				const stretch = await board.rows(
					coordinator,
					view(search),
					summary,
					{ offset, limit },
					now
				);
				expect(stretch.map((r) => r.id)).toEqual(
					all.slice(offset, offset + limit).map((r) => r.id)
				);
			}
		}
	});

	it('lists the ids of the whole view', async () => {
		expect(sorted(await board.ids(coordinator, view('due=overdue'), now))).toEqual(
			sorted([ids['mob-late'], ids['hidden-late']])
		);
	});

	it('offers as choices only what the person may see', async () => {
		const choices = await board.filterChoices(member);
		expect(choices.groups.map((g) => g.name)).toEqual(['Achats groupés', 'Mobilité']);
		expect(choices.owners.map((o) => o.name)).toEqual(['Anne Bauer', 'Marc Zimmer']);
		expect(choices.organisations.map((o) => o.name)).toEqual(['Alsace Bois', 'Bretzel & Co']);
	});
});

describe('the owner filter on a large network', () => {
	it('lists the owners while they are few, else names only the one chosen', async () => {
		const few = await board.filterChoices(coordinator, partner.id);
		expect(few).toMatchObject({ ownersLimited: false, owner: { name: 'Paula Klein' } });
		expect(few.owners.map((o) => o.name)).toEqual(['Anne Bauer', 'Marc Zimmer', 'Paula Klein']);
		const many = await board.filterChoices(coordinator, partner.id, 2);
		expect(many).toMatchObject({ ownersLimited: true, owners: [], owner: { name: 'Paula Klein' } });
		expect((await board.filterChoices(coordinator, 'pas-un-id', 2)).owner).toBeNull();
	});

	it('finds owners by any part of their name, accents and case aside, who start with it first', async () => {
		const names = async (actor: SessionUser, text: string) =>
			(await searchPeople(actor, { among: 'owners' }, text)).map((p) => p.name);
		expect(await names(coordinator, 'ZIM')).toEqual(['Marc Zimmer']);
		expect(await names(coordinator, 'bauér')).toEqual(['Anne Bauer']);
		// "Marc Zimmer" starts with "ma", "Paula Klein" only holds it.
		expect(await names(coordinator, 'a')).toHaveLength(3);
		expect(await names(coordinator, 'ma')).toEqual(['Marc Zimmer']);
		expect(await names(coordinator, 'au')).toEqual(['Paula Klein', 'Anne Bauer'].sort());
		expect((await searchPeople(coordinator, { among: 'owners' }, 'zimmer'))[0]).toMatchObject({
			organisation: 'Bretzel & Co'
		});
		// LIKE's wildcards are letters like any other; nothing typed is nothing found.
		expect(await names(coordinator, '%')).toEqual([]);
		expect(await names(coordinator, '_')).toEqual([]);
		expect(await names(coordinator, '   ')).toEqual([]);
	});

	it('finds only the owners of actions the person may see', async () => {
		// Paula Klein owns actions only in groups closed to Anne Bauer.
		expect(await searchPeople(member, { among: 'owners' }, 'paula')).toEqual([]);
		expect((await searchPeople(partner, { among: 'owners' }, 'paula')).map((p) => p.name)).toEqual([
			'Paula Klein'
		]);
		expect((await searchPeople(member, { among: 'owners' }, 'zimmer')).map((p) => p.name)).toEqual([
			'Marc Zimmer'
		]);
	});
});

import { isHttpError, isRedirect } from '@sveltejs/kit';
import { asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	activity,
	groupMembers,
	groups as groupsTable,
	joinRequests,
	objectives as objectivesTable,
	type GroupRole
} from '$lib/server/db/schema';
import * as groups from '$lib/server/groups';
import * as themes from '$lib/server/themes';
import * as listPage from '../../src/routes/(app)/groupes/+page.server';
import * as groupLayout from '../../src/routes/(app)/groupes/[slug]/+layout.server';
import * as groupPage from '../../src/routes/(app)/groupes/[slug]/+page.server';
import * as membersPage from '../../src/routes/(app)/groupes/[slug]/membres/+page.server';
import * as editPage from '../../src/routes/(app)/groupes/[slug]/modifier/+page.server';
import * as objectivesPage from '../../src/routes/(app)/groupes/[slug]/objectifs/+page.server';
import * as newPage from '../../src/routes/(app)/groupes/nouveau/+page.server';
import type { PageServerData as ListData } from '../../src/routes/(app)/groupes/$types';
import type {
	LayoutServerData as GroupLayoutData,
	PageServerData as GroupData
} from '../../src/routes/(app)/groupes/[slug]/$types';
import type { PageServerData as MembersData } from '../../src/routes/(app)/groupes/[slug]/membres/$types';
import type { PageServerData as EditData } from '../../src/routes/(app)/groupes/[slug]/modifier/$types';
import type { PageServerData as ObjectivesData } from '../../src/routes/(app)/groupes/[slug]/objectifs/$types';
import type { PageServerData as NewData } from '../../src/routes/(app)/groupes/nouveau/$types';
import { createTestDb } from '../helpers/db';
import { expectFailure, run, type FakeEventOptions } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let coordinator: SessionUser;
let director: SessionUser;

const groupForm = (overrides: Record<string, string> = {}) => ({
	name: 'Mobilités',
	theme: 'mobility',
	description: 'Les trajets domicile-travail.',
	purpose: 'Une raison d’être.',
	color: '#2f6f8f',
	joinPolicy: 'open',
	...overrides
});

const objectiveForm = (overrides: Record<string, string> = {}) => ({
	title: 'Navette du matin',
	description: '',
	targetDate: '2026-09-15',
	status: 'not_started',
	...overrides
});

async function stored(id: string) {
	const [row] = await db.select().from(groupsTable).where(eq(groupsTable.id, id));
	return row;
}

async function roster(groupId: string): Promise<Record<string, GroupRole>> {
	const rows = await db.select().from(groupMembers).where(eq(groupMembers.groupId, groupId));
	return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

async function counts() {
	const [[g], [m], [a], [o], [r]] = await Promise.all([
		db.select({ n: count() }).from(groupsTable),
		db.select({ n: count() }).from(groupMembers),
		db.select({ n: count() }).from(activity),
		db.select({ n: count() }).from(objectivesTable),
		db.select({ n: count() }).from(joinRequests)
	]);
	return { groups: g.n, members: m.n, activity: a.n, objectives: o.n, requests: r.n };
}

/** A group with one lead, one member and one observer. */
async function team(overrides: Parameters<typeof buildGroup>[0] = {}) {
	const lead = await buildUser();
	const member = await buildUser();
	const observer = await buildUser();
	const group = await buildGroup(overrides, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	return { group, lead, member, observer };
}

/** The event options of a request to a page of the group. */
const at = (
	group: { slug: string },
	user: SessionUser | null,
	page = '',
	form?: Record<string, string>,
	action?: string
) => ({
	path: `/groupes/${group.slug}${page}${action ? `?/${action}` : ''}`,
	params: { slug: group.slug },
	user,
	form
});

/** What a load returned, typed as its page receives it; a thrown redirect or error fails. */
async function loaded<T>(load: (event: never) => unknown, options: FakeEventOptions): Promise<T> {
	const { result, thrown } = await run(load, options);
	if (thrown) throw thrown;
	return result as T;
}

function expectRedirect(thrown: unknown, status: number, location: string) {
	expect(isRedirect(thrown), String(thrown)).toBe(true);
	if (!isRedirect(thrown)) return;
	expect(thrown.status).toBe(status);
	expect(thrown.location).toBe(location);
}

function expectHttpError(thrown: unknown, status: number) {
	expect(isHttpError(thrown, status), String(thrown)).toBe(true);
}

beforeAll(async () => {
	coordinator = await buildUser({ role: 'coordinator' });
	director = await buildUser({ role: 'director' });
});

describe('/groupes/nouveau', () => {
	const create = (user: SessionUser, form: Record<string, string>) =>
		run(newPage.actions.default, { path: '/groupes/nouveau', user, form });

	it('lets a coordinator create a group with its lead, then shows the group', async () => {
		const other = await buildOrganisation({ name: 'Région Grand Est' });
		const lead = await buildUser({ role: 'partner', organisationId: other.id });
		const { thrown } = await create(
			coordinator,
			groupForm({
				name: 'Mobilités douces',
				leadId: lead.id,
				purpose: 'Première ligne\nDeuxième ligne'
			})
		);
		expectRedirect(thrown, 303, '/groupes/mobilites-douces');
		const found = await groups.resolveSlug('mobilites-douces');
		expect(found).toBeDefined();
		const group = await stored(found!.id);
		expect(group).toMatchObject({
			name: 'Mobilités douces',
			theme: 'mobility',
			joinPolicy: 'open',
			purpose: {
				type: 'doc',
				content: [
					{ type: 'paragraph', content: [{ type: 'text', text: 'Première ligne' }] },
					{ type: 'paragraph', content: [{ type: 'text', text: 'Deuxième ligne' }] }
				]
			}
		});
		expect(await roster(group.id)).toEqual({ [lead.id]: 'lead' });
	});

	it('creates a group without a lead, under a theme the admin added', async () => {
		const admin = await buildUser({ role: 'admin' });
		const energy = await themes.create(admin, { labelFr: 'Énergie', labelEn: 'Energy' });
		const offered = await loaded<NewData>(newPage.load, {
			path: '/groupes/nouveau',
			user: coordinator
		});
		expect(offered.themes.at(-1)).toEqual({
			key: 'energie',
			fr: 'Énergie',
			en: 'Energy',
			archived: false
		});
		const { thrown } = await create(
			coordinator,
			groupForm({ name: 'Énergie', theme: energy.key, leadId: '' })
		);
		expectRedirect(thrown, 303, '/groupes/energie');
		const group = await stored((await groups.resolveSlug('energie'))!.id);
		expect(group.theme).toBe('energie');
		expect(await roster(group.id)).toEqual({});
	});

	it('answers 403 to a member and a director, writing nothing', async () => {
		for (const role of ['member', 'director', 'partner'] as const) {
			const user = await buildUser({ role });
			const before = await counts();
			const { thrown } = await create(user, groupForm({ name: `Refusé ${role}`, leadId: '' }));
			expectHttpError(thrown, 403);
			expect(await counts()).toEqual(before);
			expectHttpError((await run(newPage.load, { path: '/groupes/nouveau', user })).thrown, 403);
		}
	});

	it('reports every invalid field, keeps what was typed and writes nothing', async () => {
		const before = await counts();
		const form = groupForm({
			name: ' ',
			color: 'bleu',
			joinPolicy: 'secret',
			leadId: 'quelqu-un'
		});
		const { result } = await create(coordinator, form);
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({
			name: 'validation.too_short',
			color: 'group.color_invalid',
			joinPolicy: 'validation.choose',
			leadId: 'validation.choose'
		});
		expect(data.values).toEqual(form);
		const theme = await create(
			coordinator,
			groupForm({ name: 'Cuisine', theme: 'cooking', leadId: '' })
		);
		expect(expectFailure(theme.result, 400).errors).toEqual({ theme: 'validation.choose' });
		expect(await counts()).toEqual(before);
	});

	it('refuses a name already taken, on the name field', async () => {
		await buildGroup({ name: 'Attractivité' });
		const before = await counts();
		const form = groupForm({ name: 'ATTRACTIVITÉ', leadId: '' });
		const { result } = await create(coordinator, form);
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({ name: 'group.name_taken' });
		expect(data.values).toEqual(form);
		expect(await counts()).toEqual(before);
	});

	it('refuses an unknown lead, writing nothing', async () => {
		const before = await counts();
		const { result } = await create(
			coordinator,
			groupForm({ name: 'Sans pilote connu', leadId: crypto.randomUUID() })
		);
		expect(expectFailure(result, 400).errors).toEqual({ leadId: 'validation.choose' });
		expect(await counts()).toEqual(before);
	});

	it('offers the themes and the people to choose the lead from', async () => {
		const person = await buildUser({ name: 'Karim Haddad' });
		const result = await loaded<NewData>(newPage.load, {
			path: '/groupes/nouveau',
			user: coordinator
		});
		// The list the migration started with, in its order, with both labels.
		expect(result.themes.slice(0, 5).map((t) => t.key)).toEqual([
			'mobility',
			'recruitment',
			'pooling',
			'attractiveness',
			'events'
		]);
		expect(result.themes[0]).toEqual({
			key: 'mobility',
			fr: 'Mobilités',
			en: 'Mobility',
			archived: false
		});
		expect(result.people.some((p) => p.id === person.id)).toBe(true);
	});
});

describe('/groupes/[slug]/modifier', () => {
	const update = (group: { slug: string }, user: SessionUser, form: Record<string, string>) =>
		run(editPage.actions.update, at(group, user, '/modifier', form, 'update'));
	const setStatus = (group: { slug: string }, user: SessionUser, status: string) =>
		run(editPage.actions.status, at(group, user, '/modifier', { status }, 'status'));

	it('lets a lead rename the group and goes to its new address', async () => {
		const { group, lead } = await team({ name: 'Ancien intitulé' });
		const { thrown } = await update(group, lead, groupForm({ name: 'Nouvel intitulé' }));
		expectRedirect(thrown, 303, '/groupes/nouvel-intitule');
		expect(await stored(group.id)).toMatchObject({
			name: 'Nouvel intitulé',
			slug: 'nouvel-intitule',
			description: 'Les trajets domicile-travail.'
		});
	});

	it('answers 403 to a member, an observer and a director, changing nothing', async () => {
		const { group, member, observer } = await team({ joinPolicy: 'open' });
		for (const user of [member, observer, director]) {
			const { thrown } = await update(group, user, groupForm({ name: 'Piraté' }));
			expectHttpError(thrown, 403);
			expectHttpError((await run(editPage.load, at(group, user, '/modifier'))).thrown, 403);
		}
		expect(await stored(group.id)).toEqual(group);
	});

	it('answers 403 in an archived group, to its lead and to the coordination', async () => {
		const { group, lead } = await team({ status: 'archived' });
		for (const user of [lead, coordinator]) {
			const { thrown } = await update(group, user, groupForm({ name: 'Rouvert ?' }));
			expectHttpError(thrown, 403);
		}
		expect(await stored(group.id)).toEqual(group);
		// The coordination still opens the page, to reopen the group.
		const result = await loaded<EditData>(editPage.load, at(group, coordinator, '/modifier'));
		expect(result.form.name).toBe(group.name);
	});

	it('reports invalid fields and keeps what was typed', async () => {
		const { group, lead } = await team();
		const form = groupForm({ name: 'x', theme: '' });
		const { result } = await update(group, lead, form);
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({
			name: 'validation.too_short',
			theme: 'validation.choose'
		});
		expect(data.values).toEqual(form);
		expect(await stored(group.id)).toEqual(group);
	});

	it('lets the coordination change the status, and no one else', async () => {
		const { group, lead } = await team();
		for (const user of [lead, director]) {
			expectHttpError((await setStatus(group, user, 'archived')).thrown, 403);
		}
		expect((await stored(group.id)).status).toBe('active');
		expect((await setStatus(group, coordinator, 'paused')).result).toEqual({
			statusChanged: true
		});
		expect((await stored(group.id)).status).toBe('paused');
		const { result } = await setStatus(group, coordinator, 'deleted');
		expect(expectFailure(result, 400).errors).toEqual({ status: 'validation.choose' });
		expect((await stored(group.id)).status).toBe('paused');
	});
});

describe('/groupes/[slug]/membres', () => {
	const act = (
		name: keyof typeof membersPage.actions,
		group: { slug: string },
		user: SessionUser,
		form: Record<string, string>
	) => run(membersPage.actions[name], at(group, user, '/membres', form, name));

	it('lets a lead add a person, change their role and remove them', async () => {
		const { group, lead } = await team();
		const person = await buildUser();
		expect((await act('add', group, lead, { userId: person.id, role: 'member' })).result).toEqual({
			done: 'membership.added'
		});
		expect((await act('role', group, lead, { userId: person.id, role: 'lead' })).result).toEqual({
			done: 'membership.updated'
		});
		expect((await roster(group.id))[person.id]).toBe('lead');
		expect((await act('remove', group, lead, { userId: person.id })).result).toEqual({
			done: 'membership.removed'
		});
		expect((await roster(group.id))[person.id]).toBeUndefined();
	});

	it('answers 403 to a member, an observer and a director, changing nothing', async () => {
		const { group, member, observer } = await team({ joinPolicy: 'open' });
		const person = await buildUser();
		const before = await roster(group.id);
		for (const user of [member, observer, director]) {
			const calls = [
				() => act('add', group, user, { userId: person.id, role: 'member' }),
				() => act('role', group, user, { userId: observer.id, role: 'lead' }),
				() => act('remove', group, user, { userId: observer.id }),
				() => act('decide', group, user, { requestId: crypto.randomUUID(), decision: 'accept' })
			];
			for (const call of calls) expectHttpError((await call()).thrown, 403);
		}
		expect(await roster(group.id)).toEqual(before);
	});

	it('answers 404 to a partner outside the group, as if it did not exist', async () => {
		const { group, member } = await team({ joinPolicy: 'open' });
		const partner = await buildUser({ role: 'partner' });
		expectHttpError((await act('remove', group, partner, { userId: member.id })).thrown, 404);
		expectHttpError((await run(membersPage.load, at(group, partner, '/membres'))).thrown, 404);
		expect((await roster(group.id))[member.id]).toBe('member');
	});

	it('refuses to remove or demote the last lead, with the message', async () => {
		const { group, lead } = await team();
		const removed = await act('remove', group, coordinator, { userId: lead.id });
		expect(expectFailure(removed.result, 400)).toEqual({
			values: { userId: lead.id },
			errors: { form: 'membership.last_lead' }
		});
		const demoted = await act('role', group, lead, { userId: lead.id, role: 'member' });
		expect(expectFailure(demoted.result, 400).errors).toEqual({ role: 'membership.last_lead' });
		expect((await roster(group.id))[lead.id]).toBe('lead');
	});

	it('reports an invalid person or role', async () => {
		const { group, lead } = await team();
		const { result } = await act('add', group, lead, { userId: 'x', role: 'owner' });
		expect(expectFailure(result, 400).errors).toEqual({
			userId: 'validation.choose',
			role: 'validation.choose'
		});
	});

	it('lets a lead accept and decline requests', async () => {
		const { group, lead } = await team({ joinPolicy: 'closed' });
		const accepted = await buildUser();
		const declined = await buildUser();
		for (const user of [accepted, declined]) {
			await run(listPage.actions.request, {
				path: '/groupes?/request',
				user,
				form: { groupId: group.id, message: '' }
			});
		}
		const requests = await db.select().from(joinRequests).where(eq(joinRequests.groupId, group.id));
		const idOf = (user: SessionUser) => requests.find((r) => r.userId === user.id)!.id;
		const yes = await act('decide', group, lead, { requestId: idOf(accepted), decision: 'accept' });
		expect(yes.result).toEqual({ done: 'membership.accepted' });
		const no = await act('decide', group, lead, { requestId: idOf(declined), decision: 'decline' });
		expect(no.result).toEqual({ done: 'membership.declined' });
		const roles = await roster(group.id);
		expect(roles[accepted.id]).toBe('member');
		expect(roles[declined.id]).toBeUndefined();
		const again = await act('decide', group, lead, {
			requestId: idOf(declined),
			decision: 'accept'
		});
		expect(expectFailure(again.result, 400).errors).toEqual({
			form: 'membership.request_answered'
		});
	});

	it('shows managers the requests and the people they may add, and others neither', async () => {
		const { group, lead, member } = await team({ joinPolicy: 'closed' });
		const asker = await buildUser();
		await run(listPage.actions.request, {
			path: '/groupes?/request',
			user: asker,
			form: { groupId: group.id, message: 'Bonjour' }
		});
		const forLead = await loaded<MembersData>(membersPage.load, at(group, lead, '/membres'));
		expect(forLead.members).toHaveLength(3);
		expect(forLead.requests.map((r) => r.userId)).toEqual([asker.id]);
		expect(forLead.candidates.some((c) => c.id === asker.id)).toBe(true);
		expect(forLead.candidates.some((c) => c.id === member.id)).toBe(false);
		const forMember = await loaded<MembersData>(membersPage.load, at(group, member, '/membres'));
		expect(forMember.members).toHaveLength(3);
		expect(forMember.requests).toEqual([]);
		expect(forMember.candidates).toEqual([]);
	});
});

describe('/groupes/[slug]: the group page, joining and leaving', () => {
	it('tells where the group stands', async () => {
		const { group, lead, member } = await team({
			joinPolicy: 'open',
			purpose: {
				type: 'doc',
				content: [{ type: 'paragraph', content: [{ type: 'text', text: '<b>x</b>' }] }]
			}
		});
		await run(
			objectivesPage.actions.create,
			at(group, lead, '/objectifs', objectiveForm(), 'create')
		);
		const result = await loaded<GroupData>(groupPage.load, at(group, member));
		expect(result).toMatchObject({
			purposeHtml: '<p>&lt;b&gt;x&lt;/b&gt;</p>',
			leads: [{ userId: lead.id }],
			memberCount: 3,
			objectives: [{ title: 'Navette du matin' }],
			activity: [{ subjectType: 'objective', verb: 'created' }]
		});
		expect(result.organisations.flatMap((o) => o.people)).toHaveLength(3);
	});

	it('groups the members by organisation', async () => {
		const org = await buildOrganisation({ name: 'AAA Première' });
		const a = await buildUser({ organisationId: org.id });
		const b = await buildUser({ organisationId: org.id });
		const c = await buildUser();
		const group = await buildGroup({}, [
			{ user: a, role: 'lead' },
			{ user: b, role: 'member' },
			{ user: c, role: 'member' }
		]);
		const result = await loaded<GroupData>(groupPage.load, at(group, coordinator));
		expect(result.organisations.map((o) => [o.organisation, o.people.length])).toEqual([
			['AAA Première', 2],
			[expect.any(String), 1]
		]);
	});

	it('lets a member join an open group and leave it', async () => {
		const { group } = await team({ joinPolicy: 'open' });
		const person = await buildUser();
		const joined = await run(groupPage.actions.join, at(group, person, '', {}, 'join'));
		expect(joined.result).toEqual({ done: 'membership.joined' });
		expect((await roster(group.id))[person.id]).toBe('member');
		const left = await run(groupPage.actions.leave, at(group, person, '', {}, 'leave'));
		expect(left.result).toEqual({ done: 'membership.left' });
		expect((await roster(group.id))[person.id]).toBeUndefined();
	});

	it('refuses to join a closed group, with the message', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const { result } = await run(groupPage.actions.join, at(group, director, '', {}, 'join'));
		expect(expectFailure(result, 400).errors).toEqual({ form: 'membership.closed' });
		expect((await roster(group.id))[director.id]).toBeUndefined();
	});

	it('answers 404 to an outsider of a closed group', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const member = await buildUser();
		for (const call of [
			() => run(groupPage.actions.join, at(group, member, '', {}, 'join')),
			() => run(groupPage.load, at(group, member)),
			() => run(groupLayout.load, at(group, member))
		]) {
			expectHttpError((await call()).thrown, 404);
		}
	});

	it('refuses the last lead leaving, and someone not in the group', async () => {
		const { group, lead } = await team({ joinPolicy: 'open' });
		const { result } = await run(groupPage.actions.leave, at(group, lead, '', {}, 'leave'));
		expect(expectFailure(result, 400).errors).toEqual({ form: 'membership.last_lead' });
		expect((await roster(group.id))[lead.id]).toBe('lead');
		const outsider = await buildUser();
		expectHttpError((await run(groupPage.actions.leave, at(group, outsider))).thrown, 403);
	});

	it('marks the group as seen when a member opens it', async () => {
		const { group, member } = await team();
		const seen = async () =>
			(await groups.membershipsOf(member.id)).find((m) => m.group.id === group.id)!.lastSeenAt;
		const before = await seen();
		await new Promise((wait) => setTimeout(wait, 5));
		await run(groupPage.load, at(group, member));
		expect((await seen()).getTime()).toBeGreaterThan(before.getTime());
	});

	it('gives each person the rights the policy gives them', async () => {
		const { group, lead, member, observer } = await team({ joinPolicy: 'open' });
		const outsider = await buildUser();
		const rights = async (user: SessionUser) =>
			(await loaded<GroupLayoutData>(groupLayout.load, at(group, user))).rights;
		expect(await rights(lead)).toMatchObject({
			edit: true,
			changeStatus: false,
			manageMembers: true,
			join: false,
			leave: true,
			contribute: true
		});
		expect(await rights(member)).toMatchObject({ edit: false, manageMembers: false, leave: true });
		expect(await rights(observer)).toMatchObject({ contribute: false, leave: true });
		expect(await rights(outsider)).toMatchObject({ join: true, leave: false, contribute: false });
		expect(await rights(director)).toMatchObject({
			edit: false,
			changeStatus: false,
			manageMembers: false,
			join: false,
			leave: false,
			contribute: false
		});
		expect(await rights(coordinator)).toMatchObject({ edit: true, changeStatus: true });
	});
});

describe('an old slug', () => {
	it('redirects permanently to the new one, for pages and form actions alike', async () => {
		const { group, lead } = await team({ name: 'Premier nom' });
		await groups.update(
			coordinator,
			group.id,
			groups.groupSchema.parse(groupForm({ name: 'Second nom' }))
		);
		const old = { slug: group.slug };
		expectRedirect((await run(groupPage.load, at(old, lead))).thrown, 308, '/groupes/second-nom');
		expectRedirect((await run(groupLayout.load, at(old, lead))).thrown, 308, '/groupes/second-nom');
		const person = await buildUser();
		const { thrown } = await run(
			membersPage.actions.add,
			at(old, lead, '/membres', { userId: person.id, role: 'member' }, 'add')
		);
		expectRedirect(thrown, 308, '/groupes/second-nom/membres?/add');
		expect((await roster(group.id))[person.id]).toBeUndefined();
	});

	it('answers 404 for a slug no group ever had', async () => {
		const { thrown } = await run(groupPage.load, at({ slug: 'jamais-vu' }, coordinator));
		expectHttpError(thrown, 404);
	});
});

describe('/groupes: the list and requests to join', () => {
	const request = (user: SessionUser, form: Record<string, string>) =>
		run(listPage.actions.request, { path: '/groupes?/request', user, form });

	it('lets a member ask to join a closed group once', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const asker = await buildUser();
		const first = await request(asker, { groupId: group.id, message: 'Bonjour' });
		expect(first.result).toEqual({ requested: group.id });
		const second = await request(asker, { groupId: group.id, message: 'Encore' });
		expect(expectFailure(second.result, 400).errors).toEqual({
			form: 'membership.already_requested'
		});
		const result = await loaded<ListData>(listPage.load, { path: '/groupes', user: asker });
		expect(result.groups.find((g) => g.id === group.id)).toMatchObject({
			requested: true,
			canView: false,
			membership: null,
			members: 3
		});
		expect(result.canCreate).toBe(false);
	});

	it('answers 404 to a partner, and reports an invalid group id', async () => {
		const { group } = await team({ joinPolicy: 'closed' });
		const partner = await buildUser({ role: 'partner' });
		expectHttpError((await request(partner, { groupId: group.id, message: '' })).thrown, 404);
		const member = await buildUser();
		const { result } = await request(member, { groupId: 'x', message: '' });
		expect(expectFailure(result, 400).errors).toEqual({ groupId: 'validation.invalid' });
		expect(await db.select().from(joinRequests).where(eq(joinRequests.groupId, group.id))).toEqual(
			[]
		);
	});

	it('shows a partner only their groups', async () => {
		const { group, member } = await team({ joinPolicy: 'open' });
		const partner = await buildUser({ role: 'partner' });
		const theirs = await buildGroup({ joinPolicy: 'closed' }, [{ user: partner, role: 'member' }]);
		const result = await loaded<ListData>(listPage.load, { path: '/groupes', user: partner });
		expect(result.groups.map((g) => g.id)).toEqual([theirs.id]);
		const forMember = await loaded<ListData>(listPage.load, { path: '/groupes', user: member });
		expect(forMember.groups.some((g) => g.id === group.id)).toBe(true);
		expect(forMember.groups.find((g) => g.id === theirs.id)!.canView).toBe(false);
	});
});

describe('/groupes/[slug]/objectifs', () => {
	const act = (
		name: 'create' | 'update',
		group: { slug: string },
		user: SessionUser,
		form: Record<string, string>
	) => run(objectivesPage.actions[name], at(group, user, '/objectifs', form, name));

	async function objectivesOf(groupId: string) {
		return db
			.select()
			.from(objectivesTable)
			.where(eq(objectivesTable.groupId, groupId))
			.orderBy(asc(objectivesTable.position));
	}

	it('lets a lead add an objective and change its status', async () => {
		const { group, lead } = await team();
		expect((await act('create', group, lead, objectiveForm())).result).toEqual({
			done: 'objective.added'
		});
		const [objective] = await objectivesOf(group.id);
		const { result } = await act(
			'update',
			group,
			lead,
			objectiveForm({ objectiveId: objective.id, status: 'achieved' })
		);
		expect(result).toEqual({ done: 'objective.saved' });
		expect((await objectivesOf(group.id))[0].status).toBe('achieved');
		const page = await loaded<ObjectivesData>(objectivesPage.load, at(group, lead, '/objectifs'));
		expect(page.objectives.map((o) => o.id)).toEqual([objective.id]);
	});

	it('answers 403 to a member and in an archived group', async () => {
		const { group, member } = await team();
		expectHttpError((await act('create', group, member, objectiveForm())).thrown, 403);
		const archived = await team({ status: 'archived' });
		expectHttpError(
			(await act('create', archived.group, archived.lead, objectiveForm())).thrown,
			403
		);
		expect(await objectivesOf(group.id)).toEqual([]);
		expect(await objectivesOf(archived.group.id)).toEqual([]);
	});

	it('refuses a date that does not exist, keeping what was typed', async () => {
		const { group, lead } = await team();
		const form = objectiveForm({ targetDate: '2026-02-30', title: 'x' });
		const { result } = await act('create', group, lead, form);
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({ targetDate: 'validation.date', title: 'validation.too_short' });
		expect(data.values).toEqual(form);
		expect(await objectivesOf(group.id)).toEqual([]);
	});

	it('reports an unknown or invalid objective', async () => {
		const { group, lead } = await team();
		const invalid = await act('update', group, lead, objectiveForm({ objectiveId: 'x' }));
		expect(expectFailure(invalid.result, 400).errors).toEqual({
			objectiveId: 'validation.invalid'
		});
		const unknown = await act(
			'update',
			group,
			lead,
			objectiveForm({ objectiveId: crypto.randomUUID() })
		);
		expectHttpError(unknown.thrown, 404);
	});
});

import { isHttpError, isRedirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	activity,
	groupMembers,
	groups as groupsTable,
	joinRequests,
	networkRoles,
	objectives as objectivesTable,
	type NetworkRole
} from '$lib/server/db/schema';
import * as memberships from '$lib/server/memberships';
import * as objectives from '$lib/server/progress/objectives';
import * as directoryHome from '../../src/routes/(app)/annuaire/+page.server';
import * as organisationPage from '../../src/routes/(app)/annuaire/organisations/[id=uuid]/+page.server';
import * as peoplePage from '../../src/routes/(app)/annuaire/personnes/+page.server';
import * as personPage from '../../src/routes/(app)/annuaire/personnes/[id=uuid]/+page.server';
import * as listPage from '../../src/routes/(app)/groupes/+page.server';
import * as groupLayout from '../../src/routes/(app)/groupes/[slug]/+layout.server';
import * as groupPage from '../../src/routes/(app)/groupes/[slug]/+page.server';
import * as membersPage from '../../src/routes/(app)/groupes/[slug]/membres/+page.server';
import * as editPage from '../../src/routes/(app)/groupes/[slug]/modifier/+page.server';
import * as objectivesPage from '../../src/routes/(app)/groupes/[slug]/objectifs/+page.server';
import * as newPage from '../../src/routes/(app)/groupes/nouveau/+page.server';
import { createTestDb } from '../helpers/db';
import { run, type FakeEventOptions } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

/**
 * One load or form action of a group's pages. `write`: it needs more than seeing the group (a
 * lead's or the coordination's right), so everyone else who sees the group gets a 403.
 */
interface GroupEntry {
	name: string;
	page: string;
	action?: string;
	write: boolean;
	call: (options: FakeEventOptions) => Promise<{ thrown?: unknown; result?: unknown }>;
}

let group: { id: string; slug: string };
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let newcomer: SessionUser;
let organisationId: string;
let objectiveId: string;
let requestId: string;

const groupForm = () => ({
	name: 'Nom refusé',
	theme: 'pooling',
	description: '',
	purpose: '',
	color: '#4f7d3a',
	joinPolicy: 'open'
});
const objectiveForm = () => ({
	title: 'Objectif refusé',
	description: '',
	targetDate: '',
	status: 'dropped'
});

function entry(
	page: string,
	route: object,
	name: string,
	write: boolean,
	form?: () => Record<string, string>
): GroupEntry {
	const isLoad = name === 'load';
	const fn = (route as Record<string, unknown>)[isLoad ? 'load' : 'actions'];
	const handler = (isLoad ? fn : (fn as Record<string, unknown>)[name]) as (e: unknown) => unknown;
	return {
		name: `/groupes/[slug]${page} ${isLoad ? 'load' : `?/${name}`}`,
		page,
		action: isLoad ? undefined : name,
		write,
		call: (o) => run(handler, { ...o, form: form?.() })
	};
}

// Every load and form action under /groupes/[slug], with a form it would accept.
const entries: GroupEntry[] = [
	{ ...entry('', groupLayout, 'load', false), name: '/groupes/[slug] layout' },
	entry('', groupPage, 'load', false),
	entry('', groupPage, 'leave', false, () => ({})),
	entry('/modifier', editPage, 'load', true),
	entry('/modifier', editPage, 'update', true, groupForm),
	entry('/modifier', editPage, 'status', true, () => ({ status: 'archived' })),
	entry('/membres', membersPage, 'load', false),
	entry('/membres', membersPage, 'add', true, () => ({ userId: newcomer.id, role: 'lead' })),
	entry('/membres', membersPage, 'role', true, () => ({ userId: member.id, role: 'lead' })),
	entry('/membres', membersPage, 'remove', true, () => ({ userId: observer.id })),
	entry('/membres', membersPage, 'decide', true, () => ({ requestId, decision: 'accept' })),
	entry('/objectifs', objectivesPage, 'load', false),
	entry('/objectifs', objectivesPage, 'create', true, objectiveForm),
	entry('/objectifs', objectivesPage, 'update', true, () => ({ objectiveId, ...objectiveForm() }))
];
// Joining answers with a form failure rather than a 403: it is tested on its own below.
const join = entry('', groupPage, 'join', false, () => ({}));

const options = (e: GroupEntry, user: SessionUser | null): FakeEventOptions => ({
	path: `/groupes/${group.slug}${e.page}${e.action ? `?/${e.action}` : ''}`,
	params: { slug: group.slug },
	user
});

/** What a refused call must not have changed. */
async function snapshot() {
	const [[m], [a], [o], [r]] = await Promise.all([
		db.select({ n: count() }).from(groupMembers),
		db.select({ n: count() }).from(activity),
		db.select({ n: count() }).from(objectivesTable),
		db.select({ n: count() }).from(joinRequests)
	]);
	const [row] = await db.select().from(groupsTable).where(eq(groupsTable.id, group.id));
	const roster = await db.select().from(groupMembers).where(eq(groupMembers.groupId, group.id));
	const goals = await db.select().from(objectivesTable).where(eq(objectivesTable.id, objectiveId));
	const requests = await db.select().from(joinRequests).where(eq(joinRequests.id, requestId));
	return {
		counts: [m.n, a.n, o.n, r.n],
		row,
		roster: roster.map((x) => [x.userId, x.role]).sort(),
		goals,
		requests
	};
}

beforeAll(async () => {
	lead = await buildUser();
	member = await buildUser();
	observer = await buildUser();
	newcomer = await buildUser();
	organisationId = (await buildOrganisation()).id;
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	const asker = await buildUser();
	await memberships.requestToJoin(asker, group.id, '');
	requestId = (await memberships.pendingRequests(lead, group.id))[0].id;
	objectiveId = (
		await objectives.create(
			lead,
			group.id,
			objectives.objectiveSchema.parse({ ...objectiveForm(), status: 'in_progress' })
		)
	).id;
});

describe('an anonymous visitor', () => {
	it.each([...entries, join].map((e) => [e.name, e] as const))(
		'is sent to the login page by %s',
		async (_, e) => {
			const before = await snapshot();
			const { path } = options(e, null);
			const { thrown } = await e.call(options(e, null));
			expect(isRedirect(thrown)).toBe(true);
			if (!isRedirect(thrown)) return;
			const location = new URL(thrown.location, 'http://localhost');
			expect(location.pathname).toBe('/login');
			expect(location.searchParams.get('redirectTo')).toBe(path);
			expect(await snapshot()).toEqual(before);
		}
	);
});

describe('someone who may not see a closed group', () => {
	const outsiders = ['member', 'partner'] as const;
	const cases = [...entries, join].flatMap((e) =>
		outsiders.map((role) => [e.name, role, e] as const)
	);

	it.each(cases)('gets a 404 from %s as an outside %s', async (_, role, e) => {
		const user = await buildUser({ role });
		const before = await snapshot();
		const { thrown } = await e.call(options(e, user));
		expect(isHttpError(thrown, 404), String(thrown)).toBe(true);
		expect(await snapshot()).toEqual(before);
	});
});

describe('someone who sees the group without running it', () => {
	const who = ['director', 'observer', 'member'] as const;
	const refused = entries
		.filter((e) => e.write)
		.flatMap((e) => who.map((w) => [e.name, w, e] as const));

	const userFor = async (w: (typeof who)[number]) =>
		w === 'director' ? buildUser({ role: 'director' }) : w === 'observer' ? observer : member;

	it.each(refused)('gets a 403 from %s as a %s', async (_, w, e) => {
		const user = await userFor(w);
		const before = await snapshot();
		const { thrown } = await e.call(options(e, user));
		expect(isHttpError(thrown, 403), String(thrown)).toBe(true);
		expect(await snapshot()).toEqual(before);
	});

	it.each(entries.filter((e) => !e.write && !e.action).map((e) => [e.name, e] as const))(
		'reads %s as a director, an observer and a member',
		async (_, e) => {
			for (const w of who) {
				const { thrown } = await e.call(options(e, await userFor(w)));
				expect(thrown, w).toBeUndefined();
			}
		}
	);

	it('cannot leave a group they are not in, as a director', async () => {
		const leave = entries.find((e) => e.action === 'leave')!;
		const before = await snapshot();
		const director = await buildUser({ role: 'director' });
		expect(isHttpError((await leave.call(options(leave, director))).thrown, 403)).toBe(true);
		expect(await snapshot()).toEqual(before);
	});

	it('cannot join a closed group by themselves', async () => {
		const before = await snapshot();
		const director = await buildUser({ role: 'director' });
		const { result } = await join.call(options(join, director));
		expect(result).toMatchObject({ status: 400, data: { errors: { form: 'membership.closed' } } });
		expect(await snapshot()).toEqual(before);
	});
});

/** The other group pages: who gets past the guard is decided by the network role alone. */
interface Entry {
	name: string;
	path: string;
	allowed: readonly NetworkRole[];
	call: (options: FakeEventOptions) => Promise<{ thrown?: unknown }>;
}

const staff = ['admin', 'coordinator'] as const;
const notPartners = ['admin', 'coordinator', 'director', 'member'] as const;
const networkEntries: Entry[] = [
	{
		name: '/groupes load',
		path: '/groupes',
		allowed: networkRoles,
		call: (o) => run(listPage.load, o)
	},
	{
		name: '/groupes ?/request',
		path: '/groupes?/request',
		allowed: networkRoles,
		call: (o) => run(listPage.actions.request, { ...o, form: { groupId: group.id, message: '' } })
	},
	{
		name: '/groupes/nouveau load',
		path: '/groupes/nouveau',
		allowed: staff,
		call: (o) => run(newPage.load, o)
	},
	{
		name: '/groupes/nouveau ?/default',
		path: '/groupes/nouveau',
		allowed: staff,
		call: (o) => run(newPage.actions.default, { ...o, form: { ...groupForm(), leadId: '' } })
	},
	{
		name: '/annuaire',
		path: '/annuaire',
		allowed: notPartners,
		call: (o) => run(directoryHome.load, o)
	},
	{
		name: '/annuaire/personnes',
		path: '/annuaire/personnes',
		allowed: notPartners,
		call: (o) => run(peoplePage.load, o)
	},
	{
		name: '/annuaire/organisations/[id=uuid]',
		path: '/annuaire/organisations/x',
		allowed: notPartners,
		call: (o) => run(organisationPage.load, { ...o, params: { id: organisationId } })
	},
	{
		name: '/annuaire/personnes/[id=uuid]',
		path: '/annuaire/personnes/x',
		allowed: notPartners,
		call: (o) => run(personPage.load, { ...o, params: { id: lead.id } })
	}
];

describe('the pages of the network’s groups and directory', () => {
	it.each(networkEntries.map((e) => [e.name, e] as const))(
		'send an anonymous visitor from %s to the login page',
		async (_, e) => {
			const before = await snapshot();
			const { thrown } = await e.call({ path: e.path, user: null });
			expect(isRedirect(thrown)).toBe(true);
			expect(await snapshot()).toEqual(before);
		}
	);

	const refused = networkEntries.flatMap((e) =>
		networkRoles.filter((r) => !e.allowed.includes(r)).map((r) => [e.name, r, e] as const)
	);

	it.each(refused)('answer 403 from %s to a %s', async (_, role, e) => {
		const user = await buildUser({ role });
		const [before] = await db.select({ n: count() }).from(groupsTable);
		const { thrown } = await e.call({ path: e.path, user });
		expect(isHttpError(thrown, 403), String(thrown)).toBe(true);
		expect((await db.select({ n: count() }).from(groupsTable))[0]).toEqual(before);
	});

	const allowed = networkEntries
		.filter((e) => !e.name.includes('?/'))
		.flatMap((e) => e.allowed.map((r) => [e.name, r, e] as const));

	it.each(allowed)('open %s to a %s', async (_, role, e) => {
		const user = await buildUser({ role });
		const { thrown } = await e.call({ path: e.path, user });
		expect(thrown).toBeUndefined();
	});
});

import { isHttpError, isRedirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	invitations,
	networkRoles,
	organisations,
	outbox,
	users,
	type NetworkRole
} from '$lib/server/db/schema';
import * as invites from '$lib/server/invitations';
import * as appLayout from '../../src/routes/(app)/+layout.server';
import * as home from '../../src/routes/(app)/+page.server';
import * as adminLayout from '../../src/routes/(app)/admin/+layout.server';
import * as adminHome from '../../src/routes/(app)/admin/+page.server';
import * as outboxPage from '../../src/routes/(app)/admin/courriels/+page.server';
import * as invitationsPage from '../../src/routes/(app)/admin/invitations/+page.server';
import * as invitationImportPage from '../../src/routes/(app)/admin/invitations/import/+page.server';
import * as organisationsPage from '../../src/routes/(app)/admin/organisations/+page.server';
import * as peoplePage from '../../src/routes/(app)/admin/personnes/+page.server';
import * as profilePage from '../../src/routes/(app)/profil/+page.server';
import * as dashboard from '../../src/routes/(app)/tableau-de-bord/+page.server';
import { createTestDb } from '../helpers/db';
import { run, type FakeEventOptions } from '../helpers/events';
import { buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

interface Entry {
	name: string;
	path: string;
	/** Network roles let through; everyone else gets a 403. */
	allowed: readonly NetworkRole[];
	call: (options: FakeEventOptions) => Promise<{ thrown?: unknown }>;
}

const everyone = networkRoles;
const staff = ['admin', 'coordinator'] as const;
const admins = ['admin'] as const;
let target: SessionUser;
let organisationId: string;
let organisationName: string;
let invitationId: string;

/** The load of a page and each of its form actions, with a form the action would accept. */
function page<L, A>(
	path: string,
	allowed: readonly NetworkRole[],
	route: { load?: (event: L) => unknown; actions?: Record<string, (event: A) => unknown> },
	forms: Record<string, () => Record<string, string>> = {}
): Entry[] {
	const { load, actions = {} } = route;
	const entries: Entry[] = Object.entries(actions).map(([name, action]) => ({
		name: `${path} ?/${name}`,
		path: `${path}?/${name}`,
		allowed,
		call: (o) => run(action, { ...o, form: forms[name]?.() ?? {} })
	}));
	if (load) entries.unshift({ name: path, path, allowed, call: (o) => run(load, o) });
	return entries;
}

function layout<L>(
	path: string,
	allowed: readonly NetworkRole[],
	route: { load: (event: L) => unknown }
) {
	return [
		{ name: `${path} layout`, path, allowed, call: (o: FakeEventOptions) => run(route.load, o) }
	];
}

const orgForm = () => ({ name: 'Organisation refusée', kind: 'company', town: '', sector: '' });

// Every load and form action behind the login. The forms would be accepted, so a refusal can
// only come from the guard.
const entries: Entry[] = [
	...layout('/', everyone, appLayout),
	...page('/', everyone, home),
	...page('/tableau-de-bord', ['admin', 'coordinator', 'director'], dashboard),
	...layout('/admin', staff, adminLayout),
	...page('/admin', staff, adminHome),
	...page('/admin/courriels', admins, outboxPage),
	...page('/admin/invitations', staff, invitationsPage, {
		invite: () => ({ email: 'refused@example.test', role: 'member', organisationId }),
		revoke: () => ({ id: invitationId }),
		resend: () => ({ id: invitationId })
	}),
	...page('/admin/invitations/import', staff, invitationImportPage, {
		preview: () => ({ list: `Refusé;refused-list@example.test;${organisationName};membre` }),
		send: () => ({ list: `Refusé;refused-list@example.test;${organisationName};membre` })
	}),
	...page('/admin/personnes', admins, peoplePage, {
		role: () => ({ userId: target.id, role: 'admin' }),
		disable: () => ({ userId: target.id }),
		enable: () => ({ userId: target.id })
	}),
	...page('/admin/organisations', admins, organisationsPage, {
		create: orgForm,
		update: () => ({ id: organisationId, ...orgForm() }),
		archive: () => ({ id: organisationId }),
		restore: () => ({ id: organisationId })
	}),
	...page('/profil', everyone, profilePage, {
		profile: () => ({ name: 'Anonyme', locale: 'en' }),
		password: () => ({ currentPassword: 'x', newPassword: 'une-phrase-assez-longue' })
	})
];

/** What the refused calls must not have changed. */
async function snapshot() {
	const [[inv], [mails], [orgs]] = await Promise.all([
		db.select({ n: count() }).from(invitations),
		db.select({ n: count() }).from(outbox),
		db.select({ n: count() }).from(organisations)
	]);
	const [person] = await db.select().from(users).where(eq(users.id, target.id));
	const [invitation] = await db.select().from(invitations).where(eq(invitations.id, invitationId));
	const [org] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
	return { inv: inv.n, mails: mails.n, orgs: orgs.n, person, invitation, org };
}

beforeAll(async () => {
	const admin = await buildUser({ role: 'admin' });
	target = await buildUser({ role: 'member' });
	({ id: organisationId, name: organisationName } = await buildOrganisation());
	const invitation = await invites.create(
		admin,
		{ email: 'pending@example.test', role: 'member', organisationId },
		'http://localhost',
		'fr'
	);
	invitationId = invitation.id;
});

describe('an anonymous visitor', () => {
	it.each(entries.map((e) => [e.name, e] as const))(
		'is sent to the login page by %s',
		async (_, entry) => {
			const before = await snapshot();
			const { thrown } = await entry.call({ path: entry.path, user: null });
			expect(isRedirect(thrown)).toBe(true);
			if (!isRedirect(thrown)) return;
			const location = new URL(thrown.location, 'http://localhost');
			expect(location.pathname).toBe('/login');
			expect(location.searchParams.get('redirectTo')).toBe(entry.path);
			expect(await snapshot()).toEqual(before);
		}
	);
});

describe('a person without the right', () => {
	const refused = entries.flatMap((entry) =>
		networkRoles
			.filter((role) => !entry.allowed.includes(role))
			.map((role) => [entry.name, role, entry] as const)
	);

	it.each(refused)('gets a 403 from %s as %s', async (_, role, entry) => {
		const user = await buildUser({ role });
		const before = await snapshot();
		const { thrown } = await entry.call({ path: entry.path, user });
		expect(isHttpError(thrown, 403), String(thrown)).toBe(true);
		expect(await snapshot()).toEqual(before);
	});
});

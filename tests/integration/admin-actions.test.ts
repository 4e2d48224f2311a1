import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE,
	validateSessionToken,
	type SessionUser
} from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { invitations, users } from '$lib/server/db/schema';
import * as invitationsPage from '../../src/routes/(app)/admin/invitations/+page.server';
import * as organisationsPage from '../../src/routes/(app)/admin/organisations/+page.server';
import * as peoplePage from '../../src/routes/(app)/admin/personnes/+page.server';
import * as profilePage from '../../src/routes/(app)/profil/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildOrganisation, buildUser, TEST_PASSWORD } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';
import { publicOrigin } from '$lib/server/origin';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
let coordinator: SessionUser;
let organisationId: string;

async function storedUser(id: string) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user;
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
	coordinator = await buildUser({ role: 'coordinator' });
	organisationId = (await buildOrganisation()).id;
});

describe('admin invitations actions', () => {
	const invite = (user: SessionUser, form: Record<string, string>) =>
		run(invitationsPage.actions.invite, { path: '/admin/invitations?/invite', user, form });

	it('lets a coordinator invite and mails the link', async () => {
		const email = 'Nouvelle.Personne@Example.test';
		const { result } = await invite(coordinator, { email, role: 'member', organisationId });
		const [mail] = await mailsTo('nouvelle.personne@example.test');
		expect(result).toEqual({ invited: 'nouvelle.personne@example.test', messageId: mail.id });
		// Written with the public address (here the default one), never the request's.
		expect(mail.text).toContain(`${await publicOrigin()}/invitation/`);
	});

	it('answers 403 to a member and to a coordinator inviting an admin, writing nothing', async () => {
		const member = await buildUser({ role: 'member' });
		const asMember = await invite(member, {
			email: 'x1@example.test',
			role: 'member',
			organisationId
		});
		expect(isHttpError(asMember.thrown, 403)).toBe(true);
		const asCoordinator = await invite(coordinator, {
			email: 'x2@example.test',
			role: 'admin',
			organisationId
		});
		expect(isHttpError(asCoordinator.thrown, 403)).toBe(true);
		for (const email of ['x1@example.test', 'x2@example.test']) {
			expect(await db.select().from(invitations).where(eq(invitations.email, email))).toEqual([]);
		}
	});

	it('reports invalid fields and keeps what was typed', async () => {
		const { result } = await invite(admin, {
			email: 'pas-une-adresse',
			role: 'chef',
			organisationId: 'x'
		});
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({
			email: 'validation.email',
			role: 'validation.choose',
			organisationId: 'validation.choose'
		});
		expect(data.values).toEqual({
			email: 'pas-une-adresse',
			role: 'chef',
			organisationId: 'x',
			groups: ''
		});
	});

	it('refuses the address of an existing person on the e-mail field', async () => {
		const existing = await buildUser();
		const { result } = await invite(admin, {
			email: existing.email,
			role: 'member',
			organisationId
		});
		expect(expectFailure(result, 400).errors).toEqual({ email: 'invitation.email_taken' });
	});

	it('revokes an invitation', async () => {
		await invite(admin, { email: 'revoked@example.test', role: 'member', organisationId });
		const [row] = await db
			.select()
			.from(invitations)
			.where(eq(invitations.email, 'revoked@example.test'));
		const { result } = await run(invitationsPage.actions.revoke, {
			user: coordinator,
			form: { id: row.id }
		});
		expect(result).toEqual({ done: 'invite.revoked_done' });
		const [after] = await db.select().from(invitations).where(eq(invitations.id, row.id));
		expect(after.revokedAt).not.toBeNull();
	});
});

describe('admin people actions', () => {
	it('changes a role', async () => {
		const member = await buildUser();
		const { result } = await run(peoplePage.actions.role, {
			user: admin,
			form: { userId: member.id, role: 'director' }
		});
		expect(result).toEqual({ done: 'people.role_changed', userId: member.id });
		expect((await storedUser(member.id)).role).toBe('director');
	});

	it('answers 403 to a coordinator and leaves the role alone', async () => {
		const member = await buildUser();
		const { thrown } = await run(peoplePage.actions.role, {
			user: coordinator,
			form: { userId: member.id, role: 'admin' }
		});
		expect(isHttpError(thrown, 403)).toBe(true);
		expect((await storedUser(member.id)).role).toBe('member');
	});

	it('answers 404 for an unknown person', async () => {
		const { thrown } = await run(peoplePage.actions.role, {
			user: admin,
			form: { userId: crypto.randomUUID(), role: 'member' }
		});
		expect(isHttpError(thrown, 404)).toBe(true);
	});

	it('refuses to disable oneself', async () => {
		const { result } = await run(peoplePage.actions.disable, {
			user: admin,
			form: { userId: admin.id }
		});
		expect(expectFailure(result, 400).errors).toEqual({ form: 'people.cannot_disable_self' });
		expect((await storedUser(admin.id)).disabledAt).toBeNull();
	});
});

describe('admin organisations actions', () => {
	it('refuses a taken name on the name field, keeping the values', async () => {
		const existing = await buildOrganisation();
		const form = { name: existing.name, kind: 'company', town: 'Obernai', sector: 'Agro' };
		const { result } = await run(organisationsPage.actions.create, { user: admin, form });
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({ name: 'organisation.name_taken' });
		expect(data.values).toEqual(form);
	});

	it('refuses an update without a valid id', async () => {
		const form = { id: 'nope', name: 'Un nom', kind: 'company', town: '', sector: '' };
		const { result } = await run(organisationsPage.actions.update, { user: admin, form });
		expect(expectFailure(result, 400).errors).toEqual({ form: 'validation.invalid' });
	});
});

describe('profile password action', () => {
	it('refuses a wrong current password without echoing any password', async () => {
		const user = await buildUser();
		const form = { currentPassword: 'pas-le-bon-mot', newPassword: 'une-phrase-assez-longue' };
		const { result } = await run(profilePage.actions.password, { user, form });
		const data = expectFailure(result, 400);
		expect(data).toEqual({
			values: {},
			errors: { currentPassword: 'auth.wrong_current_password' }
		});
	});

	it('changes the password, ends the old sessions and starts a new one', async () => {
		const user = await buildUser();
		const oldToken = generateSessionToken();
		await createSession(oldToken, user.id);
		const form = { currentPassword: TEST_PASSWORD, newPassword: 'une-phrase-assez-longue' };
		const { result, cookies } = await run(profilePage.actions.password, { user, form });
		expect(result).toEqual({ saved: 'password' });
		expect((await validateSessionToken(oldToken)).user).toBeNull();
		const fresh = await validateSessionToken(cookies.get(SESSION_COOKIE) ?? '');
		expect(fresh.user?.id).toBe(user.id);
	});
});

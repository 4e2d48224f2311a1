import { count, eq, ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '$lib/server/accounts';
import {
	createSession,
	generateSessionToken,
	validateSessionToken,
	type SessionUser
} from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users, type NetworkRole } from '$lib/server/db/schema';
import * as people from '$lib/server/people';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;

async function storedUser(id: string) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user;
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
});

describe('people.list', () => {
	it('lists everyone with their organisation, for admins only', async () => {
		const member = await buildUser({ role: 'member' });
		const rows = await people.list(admin);
		const [row] = rows.filter((r) => r.id === member.id);
		expect(row).toMatchObject({ email: member.email, role: 'member' });
		expect(row.organisation).toMatch(/^Organisation /);
		expect(row).not.toHaveProperty('passwordHash');
		const [total] = await db.select({ n: count() }).from(users);
		expect(rows).toHaveLength(total.n);
	});
});

describe('people.setRole', () => {
	it('changes the network role of a person', async () => {
		const member = await buildUser({ role: 'member' });
		await people.setRole(admin, member.id, 'coordinator');
		expect((await storedUser(member.id)).role).toBe('coordinator');
		await people.setRole(admin, member.id, 'admin');
		expect((await storedUser(member.id)).role).toBe('admin');
	});

	it('cannot demote the last active admin, a disabled admin does not count', async () => {
		const last = await buildUser({ role: 'admin' });
		const disabledAdmin = await buildUser({ role: 'admin' });
		// Every other admin becomes a member, and one admin is disabled: `last` is the only one.
		await db.update(users).set({ role: 'member' }).where(ne(users.id, last.id));
		await db
			.update(users)
			.set({ role: 'admin', disabledAt: new Date() })
			.where(eq(users.id, disabledAdmin.id));

		const e = await refusal(people.setRole(last, last.id, 'coordinator'));
		expect(e).toMatchObject({ kind: 'invalid', messageKey: 'people.last_admin', field: 'role' });
		expect((await storedUser(last.id)).role).toBe('admin');
		// Keeping the role is fine, and so is demoting once another admin is active.
		await people.setRole(last, last.id, 'admin');
		await people.enable(last, disabledAdmin.id);
		await people.setRole(last, last.id, 'coordinator');
		expect((await storedUser(last.id)).role).toBe('coordinator');
		// Put the file's admin back for the tests below.
		await db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id));
	});

	it('answers not found for an unknown person', async () => {
		expect((await refusal(people.setRole(admin, crypto.randomUUID(), 'member'))).kind).toBe(
			'not_found'
		);
	});
});

describe('people.disable and enable', () => {
	it('cannot disable oneself', async () => {
		const e = await refusal(people.disable(admin, admin.id));
		expect(e).toMatchObject({ kind: 'invalid', messageKey: 'people.cannot_disable_self' });
		expect((await storedUser(admin.id)).disabledAt).toBeNull();
	});

	it('disabling ends the sessions at once and blocks login; enabling lets them back', async () => {
		const member = await buildUser();
		const token = generateSessionToken();
		await createSession(token, member.id);
		await people.disable(admin, member.id);
		expect((await storedUser(member.id)).disabledAt).not.toBeNull();
		expect((await validateSessionToken(token)).user).toBeNull();
		expect(
			(await refusal(accounts.authenticate(member.email, TEST_PASSWORD, '10.0.0.1'))).messageKey
		).toBe('auth.disabled');

		await people.enable(admin, member.id);
		expect((await storedUser(member.id)).disabledAt).toBeNull();
		await expect(
			accounts.authenticate(member.email, TEST_PASSWORD, '10.0.0.1')
		).resolves.toMatchObject({ id: member.id });
		// The old session stays dead.
		expect((await validateSessionToken(token)).user).toBeNull();
	});

	it('answers not found for an unknown person', async () => {
		expect((await refusal(people.disable(admin, crypto.randomUUID()))).kind).toBe('not_found');
		expect((await refusal(people.enable(admin, crypto.randomUUID()))).kind).toBe('not_found');
	});
});

describe('rights', () => {
	it.each(['coordinator', 'director', 'member', 'partner'] as NetworkRole[])(
		'refuses a %s everything and changes nothing',
		async (role) => {
			const actor = await buildUser({ role });
			const target = await buildUser({ role: 'member' });
			for (const call of [
				() => people.list(actor),
				() => people.setRole(actor, target.id, 'admin'),
				() => people.setRole(actor, actor.id, 'admin'),
				() => people.disable(actor, target.id),
				() => people.enable(actor, target.id)
			]) {
				expect((await refusal(call())).kind).toBe('forbidden');
			}
			expect(await storedUser(target.id)).toMatchObject({ role: 'member', disabledAt: null });
			expect((await storedUser(actor.id)).role).toBe(role);
		}
	);

	it('refuses an anonymous visitor', async () => {
		const target = await buildUser();
		for (const call of [
			() => people.list(null),
			() => people.setRole(null, target.id, 'admin'),
			() => people.disable(null, target.id),
			() => people.enable(null, target.id)
		]) {
			expect((await refusal(call())).kind).toBe('forbidden');
		}
	});
});

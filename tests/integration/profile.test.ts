import { count, eq } from 'drizzle-orm';
import { isActionFailure } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import * as accounts from '$lib/server/accounts';
import * as password from '$lib/server/auth/password';
import { verifyPassword } from '$lib/server/auth/password';
import { PASSWORD_CHECK_PER_USER } from '$lib/server/auth/rate-limit';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { sessions, users } from '$lib/server/db/schema';
import { actions } from '../../src/routes/(app)/profil/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, run } from '../helpers/events';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

async function storedUser(id: string) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user;
}

async function sessionsOf(userId: string) {
	const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
	return row.n;
}

describe('changePassword', () => {
	it('refuses a wrong current password and changes nothing', async () => {
		const user = await buildUser();
		await createSession(generateSessionToken(), user.id);
		const e = await refusal(
			accounts.changePassword(user, {
				currentPassword: 'not-my-password',
				newPassword: 'une-toute-nouvelle-phrase'
			})
		);
		expect(e).toMatchObject({
			kind: 'invalid',
			messageKey: 'auth.wrong_current_password',
			field: 'currentPassword'
		});
		expect(await verifyPassword((await storedUser(user.id)).passwordHash, TEST_PASSWORD)).toBe(
			true
		);
		expect(await sessionsOf(user.id)).toBe(1);
	});

	it('refuses a weak new password on its field', async () => {
		const user = await buildUser({ name: 'Mathis Keller' });
		const e = await refusal(
			accounts.changePassword(user, {
				currentPassword: TEST_PASSWORD,
				newPassword: 'keller-keller-2025'
			})
		);
		expect(e).toMatchObject({ messageKey: 'validation.password_personal', field: 'newPassword' });
		expect(await verifyPassword((await storedUser(user.id)).passwordHash, TEST_PASSWORD)).toBe(
			true
		);
	});

	it('sets the new password and ends every session of the person', async () => {
		const user = await buildUser();
		const other = await buildUser();
		for (let i = 0; i < 2; i++) await createSession(generateSessionToken(), user.id);
		await createSession(generateSessionToken(), other.id);
		await accounts.changePassword(user, {
			currentPassword: TEST_PASSWORD,
			newPassword: 'une-toute-nouvelle-phrase'
		});
		const stored = await storedUser(user.id);
		expect(await verifyPassword(stored.passwordHash, 'une-toute-nouvelle-phrase')).toBe(true);
		expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(false);
		expect(await sessionsOf(user.id)).toBe(0);
		expect(await sessionsOf(other.id)).toBe(1);
	});
});

describe('password action under a burst of guesses', () => {
	it('checks at most 10 of 30 current passwords sent together, then not even the right one', async () => {
		const user = await buildUser();
		const change = (currentPassword: string) =>
			run(actions.password, {
				path: '/profil',
				user,
				form: { currentPassword, newPassword: 'une-toute-nouvelle-phrase' }
			});
		const verify = vi.spyOn(password, 'verifyPassword');
		try {
			const outcomes = await Promise.all(
				Array.from({ length: 30 }, (_, i) => change(`pas-le-bon-${i}`))
			);
			expect(verify.mock.calls.length).toBeLessThanOrEqual(PASSWORD_CHECK_PER_USER.max);
			const refused = outcomes.filter((o) => isActionFailure(o.result) && o.result.status === 429);
			expect(refused.length).toBeGreaterThanOrEqual(30 - PASSWORD_CHECK_PER_USER.max);
			expect(expectFailure(refused[0].result, 429).errors).toEqual({
				currentPassword: 'auth.password_check_limited'
			});

			const right = await change(TEST_PASSWORD);
			expect(expectFailure(right.result, 429).errors).toEqual({
				currentPassword: 'auth.password_check_limited'
			});
			expect(verify.mock.calls.length).toBeLessThanOrEqual(PASSWORD_CHECK_PER_USER.max);
		} finally {
			verify.mockRestore();
		}
		expect(await verifyPassword((await storedUser(user.id)).passwordHash, TEST_PASSWORD)).toBe(
			true
		);
	});
});

describe('profile', () => {
	it('updates the name and the language, "auto" meaning the browser’s', async () => {
		const user = await buildUser();
		await accounts.updateProfile(user, { name: 'Nouveau Nom', locale: 'en' });
		expect(await storedUser(user.id)).toMatchObject({ name: 'Nouveau Nom', locale: 'en' });
		await accounts.updateProfile(user, { name: 'Nouveau Nom', locale: 'auto' });
		expect((await storedUser(user.id)).locale).toBeNull();
		await accounts.setLocale(user, 'fr');
		expect((await storedUser(user.id)).locale).toBe('fr');
	});
});

import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as accounts from '$lib/server/accounts';
import { verifyPassword } from '$lib/server/auth/password';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { sessions, users } from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
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

import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as accounts from '$lib/server/accounts';
import { hit, ipKey, LOGIN_PER_EMAIL, LOGIN_PER_IP } from '$lib/server/auth/rate-limit';
import { db } from '$lib/server/db';
import { attempts, users } from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

// Each test uses its own client address, so that the per-address limit of one test does not
// leak into another.
let ip = 0;
const nextIp = () => `192.0.2.${++ip}`;

describe('authenticate', () => {
	it('returns the person, without the password hash, for the right password', async () => {
		const user = await buildUser({ role: 'director' });
		const found = await accounts.authenticate(user.email, TEST_PASSWORD, nextIp());
		expect(found).toMatchObject({ id: user.id, email: user.email, role: 'director' });
		expect(found).not.toHaveProperty('passwordHash');
	});

	it('answers a wrong password and an unknown e-mail with the same error', async () => {
		const user = await buildUser();
		const address = nextIp();
		const wrong = await refusal(accounts.authenticate(user.email, 'wrong-password-1', address));
		const unknown = await refusal(
			accounts.authenticate('nobody@example.test', TEST_PASSWORD, address)
		);
		expect(wrong).toMatchObject({ kind: 'invalid', messageKey: 'auth.invalid_credentials' });
		expect({ ...unknown, message: unknown.message }).toEqual({ ...wrong, message: wrong.message });
	});

	it('refuses a disabled account, and says so only to who knows the password', async () => {
		const user = await buildUser();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
		const right = await refusal(accounts.authenticate(user.email, TEST_PASSWORD, nextIp()));
		expect(right.messageKey).toBe('auth.disabled');
		const wrong = await refusal(accounts.authenticate(user.email, 'wrong-password-1', nextIp()));
		expect(wrong.messageKey).toBe('auth.invalid_credentials');
	});

	it('blocks an e-mail after 10 failures in 15 minutes, even with the right password', async () => {
		const user = await buildUser();
		const address = nextIp();
		expect(LOGIN_PER_EMAIL).toMatchObject({ max: 10, windowMs: 15 * 60 * 1000 });
		for (let i = 0; i < LOGIN_PER_EMAIL.max; i++) {
			const e = await refusal(accounts.authenticate(user.email, `wrong-${i}`, address));
			expect(e.messageKey).toBe('auth.invalid_credentials');
		}
		const blocked = await refusal(accounts.authenticate(user.email, TEST_PASSWORD, nextIp()));
		expect(blocked).toMatchObject({ kind: 'limited', messageKey: 'auth.rate_limited' });
		const upper = await refusal(
			accounts.authenticate(user.email.toUpperCase(), TEST_PASSWORD, nextIp())
		);
		expect(upper.messageKey).toBe('auth.rate_limited');

		// Another person is not affected.
		const other = await buildUser();
		await expect(accounts.authenticate(other.email, TEST_PASSWORD, nextIp())).resolves.toBeTruthy();

		// Once the attempts are older than the sliding window, the right password works again.
		await db
			.update(attempts)
			.set({ windowStart: sql`${attempts.windowStart} - interval '30 minutes'` })
			.where(eq(attempts.key, `email:${user.email}`));
		await expect(accounts.authenticate(user.email, TEST_PASSWORD, nextIp())).resolves.toMatchObject(
			{ id: user.id }
		);
	});

	it('forgets the failures of an e-mail after a successful login', async () => {
		const user = await buildUser();
		const address = nextIp();
		for (let i = 0; i < LOGIN_PER_EMAIL.max - 1; i++) {
			await refusal(accounts.authenticate(user.email, `wrong-${i}`, address));
		}
		await accounts.authenticate(user.email, TEST_PASSWORD, address);
		for (let i = 0; i < LOGIN_PER_EMAIL.max - 1; i++) {
			await refusal(accounts.authenticate(user.email, `wrong-${i}`, address));
		}
		await expect(accounts.authenticate(user.email, TEST_PASSWORD, address)).resolves.toBeTruthy();
	});

	it('blocks a client address after 50 failures, whatever the e-mail', async () => {
		const user = await buildUser();
		const address = nextIp();
		expect(LOGIN_PER_IP.max).toBe(50);
		await Promise.all(
			Array.from({ length: LOGIN_PER_IP.max }, () => hit(LOGIN_PER_IP, ipKey(address)))
		);
		const blocked = await refusal(accounts.authenticate(user.email, TEST_PASSWORD, address));
		expect(blocked.messageKey).toBe('auth.rate_limited');
		await expect(accounts.authenticate(user.email, TEST_PASSWORD, nextIp())).resolves.toBeTruthy();
	});

	it('gives a successful login back to its client address: a shared address is not blocked', async () => {
		const user = await buildUser();
		const address = nextIp();
		await Promise.all(
			Array.from({ length: LOGIN_PER_IP.max - 1 }, () => hit(LOGIN_PER_IP, ipKey(address)))
		);
		for (let i = 0; i < 3; i++) {
			await expect(accounts.authenticate(user.email, TEST_PASSWORD, address)).resolves.toBeTruthy();
		}
	});
});

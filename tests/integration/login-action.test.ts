import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as password from '$lib/server/auth/password';
import { LOGIN_PER_EMAIL, LOGIN_PER_IP } from '$lib/server/auth/rate-limit';
import { SESSION_COOKIE, type SessionUser } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { db } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { actions, load } from '../../src/routes/(auth)/login/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let user: SessionUser;

beforeAll(async () => {
	user = await buildUser({ role: 'member' });
});

describe('login action', () => {
	it('starts a session in the cookie and goes home', async () => {
		const { thrown, cookies } = await run(actions.default, {
			path: '/login',
			form: { email: user.email, password: TEST_PASSWORD }
		});
		expect(isRedirect(thrown)).toBe(true);
		if (!isRedirect(thrown)) return;
		expect(thrown.status).toBe(303);
		expect(thrown.location).toBe('/');
		const token = cookies.get(SESSION_COOKIE);
		expect(token).toBeTruthy();
		const [session] = await db
			.select()
			.from(sessions)
			.where(eq(sessions.id, hashToken(token ?? '')));
		expect(session.userId).toBe(user.id);
	});

	it('accepts the e-mail in any case and around spaces', async () => {
		const { thrown, cookies } = await run(actions.default, {
			path: '/login',
			form: { email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD }
		});
		expect(isRedirect(thrown)).toBe(true);
		expect(cookies.get(SESSION_COOKIE)).toBeTruthy();
	});

	it('follows a same-site redirectTo, and only that', async () => {
		for (const [redirectTo, expected] of [
			['/groupes?x=1', '/groupes?x=1'],
			['//evil.com', '/'],
			['https://evil.com/', '/']
		]) {
			const { thrown } = await run(actions.default, {
				path: `/login?redirectTo=${encodeURIComponent(redirectTo)}`,
				form: { email: user.email, password: TEST_PASSWORD }
			});
			expect(isRedirect(thrown) && thrown.location, redirectTo).toBe(expected);
		}
	});

	it('keeps the e-mail, never the password, after a wrong password', async () => {
		const { result, thrown, cookies } = await run(actions.default, {
			path: '/login',
			form: { email: user.email, password: 'wrong-password-1' }
		});
		expect(thrown).toBeUndefined();
		const data = expectFailure(result, 400);
		expect(data.values).toEqual({ email: user.email });
		expect(data.errors).toEqual({ form: 'auth.invalid_credentials' });
		expect(JSON.stringify(data)).not.toContain('wrong-password-1');
		expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
	});

	it('answers the same for an unknown e-mail', async () => {
		const { result } = await run(actions.default, {
			path: '/login',
			form: { email: 'nobody@example.test', password: TEST_PASSWORD }
		});
		expect(expectFailure(result, 400).errors).toEqual({ form: 'auth.invalid_credentials' });
	});

	it('reports an invalid form per field', async () => {
		const { result } = await run(actions.default, {
			path: '/login',
			form: { email: 'not-an-email', password: '' }
		});
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({ email: 'validation.email', password: 'validation.required' });
		expect(data.values).toEqual({ email: 'not-an-email' });
	});
});

describe('login under a burst of attempts', () => {
	it('checks at most 10 of 120 passwords sent together for one e-mail, and refuses the right one last', async () => {
		const target = await buildUser();
		const verify = vi.spyOn(password, 'verifyPassword');
		try {
			const guesses = [...Array.from({ length: 119 }, (_, i) => `wrong-${i}`), TEST_PASSWORD];
			const outcomes = await Promise.all(
				guesses.map((guess) =>
					run(actions.default, {
						path: '/login',
						form: { email: target.email, password: guess },
						clientAddress: '198.51.100.1'
					})
				)
			);
			expect(verify.mock.calls.length).toBeLessThanOrEqual(LOGIN_PER_EMAIL.max);
			const last = outcomes.at(-1)!;
			expect(last.thrown).toBeUndefined();
			expect(expectFailure(last.result, 429)).toEqual({
				values: { email: target.email },
				errors: { form: 'auth.rate_limited' }
			});
			expect(outcomes.filter((o) => o.cookies.get(SESSION_COOKIE))).toEqual([]);
			const [session] = await db.select().from(sessions).where(eq(sessions.userId, target.id));
			expect(session).toBeUndefined();
		} finally {
			verify.mockRestore();
		}
	});

	it('checks at most 50 of 120 attempts sent together from one address, whatever the e-mails', async () => {
		const verify = vi.spyOn(password, 'verifyPassword');
		const dummy = vi.spyOn(password, 'timingSafeDummyVerify');
		try {
			const outcomes = await Promise.all(
				Array.from({ length: 120 }, (_, i) =>
					run(actions.default, {
						path: '/login',
						form: { email: `guess-${i}@example.test`, password: TEST_PASSWORD },
						clientAddress: '198.51.100.2'
					})
				)
			);
			expect(verify.mock.calls.length + dummy.mock.calls.length).toBeLessThanOrEqual(
				LOGIN_PER_IP.max
			);
			const refused = outcomes.filter((o) => isActionFailure(o.result) && o.result.status === 429);
			expect(refused.length).toBeGreaterThanOrEqual(120 - LOGIN_PER_IP.max);
		} finally {
			verify.mockRestore();
			dummy.mockRestore();
		}
	});
});

describe('login page', () => {
	it('sends a logged-in person on', async () => {
		const { thrown } = await run(load, { path: '/login?redirectTo=%2Fprofil', user });
		expect(isRedirect(thrown) && thrown.location).toBe('/profil');
	});

	it('shows the form to a visitor', async () => {
		const { result } = await run(load, { path: '/login?loggedOut=1' });
		expect(result).toEqual({ loggedOut: true });
	});
});

import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE,
	type SessionUser
} from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { LOCALE_COOKIE } from '$lib/server/locale';
import { handle } from '../../src/hooks.server';
import { createTestDb } from '../helpers/db';
import { fakeEvent, type FakeEventOptions } from '../helpers/events';
import { buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'));

/** Runs a request through the app's hooks, down to a page that answers "ok". */
async function request(options: FakeEventOptions = {}) {
	const fake = fakeEvent<RequestEvent>(options);
	let reached = false;
	let response: Response | undefined;
	let thrown: unknown;
	try {
		response = await handle({
			event: fake.event,
			resolve: async () => {
				reached = true;
				return new Response('ok');
			}
		});
	} catch (e) {
		thrown = e;
	}
	return { ...fake, response, thrown, reached };
}

async function loggedIn(user: SessionUser) {
	const token = generateSessionToken();
	await createSession(token, user.id);
	return { [SESSION_COOKIE]: token };
}

// The first block runs on the empty instance; the people of the later ones end the setup phase.
describe('setup phase', () => {
	it('sends every visitor of an empty instance to /setup', async () => {
		for (const path of ['/', '/login', '/admin/personnes']) {
			const { thrown, reached } = await request({ path });
			expect(isRedirect(thrown) && thrown.location, path).toBe('/setup');
			expect(reached).toBe(false);
		}
		expect((await request({ path: '/setup' })).reached).toBe(true);
		expect((await request({ path: '/_app/immutable/start.js' })).reached).toBe(true);
	});

	it('closes /setup once an account exists', async () => {
		await buildUser({ role: 'admin' });
		const { thrown } = await request({ path: '/setup' });
		expect(isRedirect(thrown) && thrown.location).toBe('/');
		expect((await request({ path: '/login' })).reached).toBe(true);
	});
});

describe('handleAuth', () => {
	it('sets the person and the session from the cookie, and refreshes the cookie', async () => {
		const user = await buildUser({ role: 'director' });
		const cookies = await loggedIn(user);
		const { locals, cookies: jar } = await request({ path: '/', cookies });
		expect(locals.user?.id).toBe(user.id);
		expect(locals.user).not.toHaveProperty('passwordHash');
		expect(locals.session?.userId).toBe(user.id);
		expect(jar.jar.get(SESSION_COOKIE)?.options).toMatchObject({ httpOnly: true, path: '/' });
		expect(jar.jar.get(SESSION_COOKIE)?.options.expires?.getTime()).toBe(
			locals.session?.expiresAt.getTime()
		);
	});

	it('leaves both empty without a cookie', async () => {
		const { locals } = await request({ path: '/' });
		expect(locals.user).toBeNull();
		expect(locals.session).toBeNull();
	});

	it('deletes an unknown session cookie', async () => {
		const { locals, cookies } = await request({
			path: '/',
			cookies: { [SESSION_COOKIE]: generateSessionToken() }
		});
		expect(locals.user).toBeNull();
		expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
	});

	it('rejects the session of a disabled person', async () => {
		const user = await buildUser();
		const cookies = await loggedIn(user);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
		const { locals, cookies: jar } = await request({ path: '/', cookies });
		expect(locals.user).toBeNull();
		expect(locals.session).toBeNull();
		expect(jar.get(SESSION_COOKIE)).toBeUndefined();
	});
});

describe('handleLocale', () => {
	const header = (value: string) => ({ 'accept-language': value });

	it('follows the browser, French by default', async () => {
		expect((await request({ headers: header('en-US,en;q=0.9') })).locals.locale).toBe('en');
		expect((await request({ headers: header('de-DE') })).locals.locale).toBe('fr');
		expect((await request()).locals.locale).toBe('fr');
	});

	it('prefers the cookie of a visitor to the browser', async () => {
		const { locals } = await request({
			headers: header('fr-FR'),
			cookies: { [LOCALE_COOKIE]: 'en' }
		});
		expect(locals.locale).toBe('en');
		const bogus = await request({ headers: header('en'), cookies: { [LOCALE_COOKIE]: 'xx' } });
		expect(bogus.locals.locale).toBe('en');
	});

	it("prefers the person's own choice to the cookie and the browser", async () => {
		const user = await buildUser();
		await db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id));
		const cookies = { ...(await loggedIn(user)), [LOCALE_COOKIE]: 'fr' };
		const { locals } = await request({ headers: header('fr'), cookies });
		expect(locals.locale).toBe('en');
	});
});

describe('handleHeaders', () => {
	it('sets the security headers', async () => {
		const { response } = await request({ path: '/login' });
		expect(response?.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response?.headers.get('x-frame-options')).toBe('DENY');
		expect(response?.headers.get('referrer-policy')).toBe('same-origin');
	});
});

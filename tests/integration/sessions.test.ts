import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	SESSION_COOKIE,
	SESSION_LIFETIME,
	startSession,
	validateSessionToken
} from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { db } from '$lib/server/db';
import { sessions, users } from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { MemoryCookies } from '../helpers/events';
import { buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const DAY = 24 * 60 * 60 * 1000;

async function stored(id: string) {
	const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
	return row;
}

async function newSession(userId?: string) {
	const user = userId ? { id: userId } : await buildUser();
	const token = generateSessionToken();
	const session = await createSession(token, user.id);
	return { token, session, userId: user.id };
}

describe('sessions', () => {
	it('stores the SHA-256 of the token, never the token', async () => {
		const { token, session } = await newSession();
		expect(session.id).toBe(hashToken(token));
		expect(await stored(hashToken(token))).toBeDefined();
		expect(await stored(token)).toBeUndefined();
		const all = await db.select({ id: sessions.id }).from(sessions);
		expect(all.map((s) => s.id)).not.toContain(token);
	});

	it('lasts 30 days', async () => {
		const { session } = await newSession();
		expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_LIFETIME - 60_000);
		expect(SESSION_LIFETIME).toBe(30 * DAY);
	});

	it('validates a token into the session and the person, without the password hash', async () => {
		const { token, userId } = await newSession();
		const { session, user } = await validateSessionToken(token);
		expect(session?.id).toBe(hashToken(token));
		expect(user?.id).toBe(userId);
		expect(user).not.toHaveProperty('passwordHash');
	});

	it('rejects an unknown token', async () => {
		expect(await validateSessionToken(generateSessionToken())).toEqual({
			session: null,
			user: null
		});
	});

	it('rejects an expired session and deletes it', async () => {
		const { token, session } = await newSession();
		await db
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.id, session.id));
		expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
		expect(await stored(session.id)).toBeUndefined();
	});

	it('extends a session used with less than 15 days left to a full lifetime', async () => {
		const { token, session } = await newSession();
		await db
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() + 10 * DAY) })
			.where(eq(sessions.id, session.id));
		const renewed = await validateSessionToken(token);
		const expected = Date.now() + SESSION_LIFETIME;
		expect(renewed.session?.expiresAt.getTime()).toBeGreaterThan(expected - 60_000);
		expect((await stored(session.id)).expiresAt.getTime()).toBeGreaterThan(expected - 60_000);
	});

	it('leaves a session with more than 15 days left as it is', async () => {
		const { token, session } = await newSession();
		const expiresAt = new Date(Date.now() + 20 * DAY);
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, session.id));
		const { session: validated } = await validateSessionToken(token);
		expect(validated?.expiresAt.getTime()).toBe(expiresAt.getTime());
		expect((await stored(session.id)).expiresAt.getTime()).toBe(expiresAt.getTime());
	});

	it('rejects the session of a disabled person and deletes it', async () => {
		const { token, session, userId } = await newSession();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
		expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
		expect(await stored(session.id)).toBeUndefined();
	});

	it('ends one session on logout, the others stay', async () => {
		const first = await newSession();
		const second = await newSession(first.userId);
		await invalidateSession(first.session.id);
		expect((await validateSessionToken(first.token)).session).toBeNull();
		expect((await validateSessionToken(second.token)).session).not.toBeNull();
	});

	it('ends every session of one person, and only theirs', async () => {
		const first = await newSession();
		const second = await newSession(first.userId);
		const someoneElse = await newSession();
		await invalidateUserSessions(first.userId);
		expect((await validateSessionToken(first.token)).session).toBeNull();
		expect((await validateSessionToken(second.token)).session).toBeNull();
		expect((await validateSessionToken(someoneElse.token)).session).not.toBeNull();
	});

	it('starts a session in an HttpOnly, SameSite=Lax cookie holding the token', async () => {
		const user = await buildUser();
		const cookies = new MemoryCookies();
		await startSession(cookies, new URL('http://localhost:5173/login'), user.id);
		const cookie = cookies.jar.get(SESSION_COOKIE);
		expect(cookie?.options).toMatchObject({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: false
		});
		const token = cookie?.value ?? '';
		const row = await stored(hashToken(token));
		expect(row.userId).toBe(user.id);
		expect(cookie?.options.expires?.getTime()).toBe(row.expiresAt.getTime());
	});

	it('marks the cookie Secure everywhere but plain-HTTP loopback', async () => {
		const user = await buildUser();
		for (const origin of ['https://maillage.example', 'http://maillage.example']) {
			const cookies = new MemoryCookies();
			await startSession(cookies, new URL(`${origin}/login`), user.id);
			expect(cookies.jar.get(SESSION_COOKIE)?.options.secure, origin).toBe(true);
		}
	});
});

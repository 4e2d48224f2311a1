import type { Cookies } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { organisations, sessions, users, type Session, type User } from '$lib/server/db/schema';
import { avatarOf } from '$lib/server/avatars';
import { unreadCountOf } from '$lib/server/threads/notifications';
import { generateToken, hashToken } from './tokens';
import { accessChanged } from '$lib/server/events';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A session used when less than this is left is extended to a full lifetime again. */
const RENEW_BEFORE = 15 * DAY;
export const SESSION_COOKIE = 'maillage_session';

/** The person as every page and service sees them: no password hash. */
export type SessionUser = Omit<User, 'passwordHash'>;

export type SessionValidation =
	{ session: Session; user: SessionUser } | { session: null; user: null };

export function generateSessionToken(): string {
	return generateToken();
}

export async function createSession(token: string, userId: string): Promise<Session> {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME),
		createdAt: new Date()
	};
	await db.insert(sessions).values(session);
	return session;
}

/** What the app's header shows of the person, read with their session on every page. */
export interface Shell {
	organisationName: string;
	/** Unread notifications. */
	unread: number;
	/** Their photo's address, or null. */
	photo: string | null;
}

// Qualified by hand: Drizzle leaves the columns of a one-table query unqualified, and inside
// these subqueries an unqualified "id" would name the subquery's own table.
const userColumn = (column: typeof users.id | typeof users.organisationId) =>
	sql`${users}.${sql.identifier(column.name)}`;
const shellColumns = {
	organisationName: sql<string | null>`(select ${organisations.name} from ${organisations}
		where ${organisations.id} = ${userColumn(users.organisationId)})`,
	unread: unreadCountOf(userColumn(users.id)),
	photo: avatarOf(userColumn(users.id))
};

/** What the header shows of the person `userId`, read on its own (after a form action). */
export async function readShell(userId: string): Promise<Shell> {
	const [row] = await db.select(shellColumns).from(users).where(eq(users.id, userId));
	return shellOf(row);
}

function shellOf(
	row: { organisationName: string | null; unread: number; photo: string | null } | undefined
): Shell {
	return {
		organisationName: row?.organisationName ?? '',
		unread: row?.unread ?? 0,
		photo: row?.photo ?? null
	};
}

/**
 * The session of `token` and its person, or nulls when it is unknown, expired or the account
 * closed. With `shell`, the same statement also reads what the header shows (one statement per
 * page instead of two).
 */
export async function validateSessionToken(
	token: string,
	options: { shell?: boolean } = {}
): Promise<SessionValidation & { shell?: Shell }> {
	const id = hashToken(token);
	const [row] = await db
		.select({ session: sessions, user: users, ...(options.shell ? shellColumns : {}) })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	if (Date.now() >= session.expiresAt.getTime() || user.disabledAt) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return { session: null, user: null };
	}
	if (Date.now() >= session.expiresAt.getTime() - RENEW_BEFORE) {
		session.expiresAt = new Date(Date.now() + SESSION_LIFETIME);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
	}
	const { passwordHash: _, ...safeUser } = user;
	const shell = 'unread' in row ? shellOf(row as Parameters<typeof shellOf>[0]) : undefined;
	return { session, user: safeUser, shell };
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
	accessChanged({ sessionId });
}

export async function invalidateUserSessions(userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
	accessChanged({ userId });
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// Secure everywhere but plain-HTTP loopback, where browsers would refuse to send it back.
		secure: url.protocol === 'https:' || !isLoopback(url.hostname),
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:' || !isLoopback(url.hostname)
	});
}

/** Starts a fresh session for a person who just proved who they are. */
export async function startSession(cookies: Cookies, url: URL, userId: string): Promise<void> {
	const token = generateSessionToken();
	const session = await createSession(token, userId);
	setSessionCookie(cookies, url, token, session.expiresAt);
}

import type { IncomingMessage } from 'node:http';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { sessions, users } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import type { Connection } from './room';

export type Verdict =
	| { ok: true; userId: string; sessionId: string; canWrite: boolean }
	| { ok: false; status: 401 | 403 };

function cookie(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

/**
 * The Origin must be the app's own: ORIGIN when it is configured, otherwise the host the request
 * was sent to. Browsers always send it on WebSocket upgrades, so a page of another site cannot
 * open a socket with the person's cookie.
 */
function sameOrigin(request: IncomingMessage): boolean {
	const origin = request.headers.origin;
	if (!origin) return false;
	if (process.env.ORIGIN) return origin === process.env.ORIGIN.replace(/\/$/, '');
	try {
		return new URL(origin).host === request.headers.host;
	} catch {
		return false;
	}
}

/** Who is asking to open a document's socket, and whether they may read or also write. */
export async function authorise(request: IncomingMessage, documentId: string): Promise<Verdict> {
	if (!sameOrigin(request)) return { ok: false, status: 403 };
	const token = cookie(request.headers.cookie, SESSION_COOKIE);
	if (!token) return { ok: false, status: 401 };
	const { session, user } = await validateSessionToken(token);
	if (!session) return { ok: false, status: 401 };
	const rights = await documents.rights(user, documentId);
	if (!rights.canRead) return { ok: false, status: 403 };
	return { ok: true, userId: user.id, sessionId: session.id, canWrite: rights.canWrite };
}

export type Recheck = 'ok' | 'logged_out' | 'forbidden' | 'archived' | 'rights_changed';

/** Whether an open socket still has the access it was opened with. */
export async function recheck(conn: Connection, documentId: string): Promise<Recheck> {
	const [row] = await db
		.select({ user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(
			and(
				eq(sessions.id, conn.sessionId),
				gt(sessions.expiresAt, new Date()),
				isNull(users.disabledAt)
			)
		);
	if (!row) return 'logged_out';
	const rights = await documents.rights(row.user, documentId);
	if (!rights.canRead) return 'forbidden';
	if (conn.readOnly === !rights.canWrite) return 'ok';
	return rights.archived && !conn.readOnly ? 'archived' : 'rights_changed';
}

import type { IncomingMessage } from 'node:http';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import * as avatars from '$lib/server/avatars';
import { db } from '$lib/server/db';
import { sessions, users } from '$lib/server/db/schema';
import type { Recheck, SocketIdentity, Verdict } from '$lib/server/collab';
import * as documents from '$lib/server/documents';
import { colourFor } from '$lib/editor/mention-suggestion';
import { cookieValue, fromOwnPage } from '$lib/server/raw-request';

/** Who is asking to open a document's socket, and whether they may read or also write. */
export async function authorise(request: IncomingMessage, documentId: string): Promise<Verdict> {
	// The Origin must be the app's own: browsers always send it on WebSocket upgrades.
	const { origin, host } = request.headers;
	if (!(await fromOwnPage({ origin, host }))) return { ok: false, status: 403 };
	const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
	if (!token) return { ok: false, status: 401 };
	const { session, user } = await validateSessionToken(token);
	if (!session) return { ok: false, status: 401 };
	const rights = await documents.rights(user, documentId);
	if (!rights.canRead) return { ok: false, status: 403 };
	return {
		ok: true,
		userId: user.id,
		// Read once here: the socket's presence shows them, whatever the client says (presence.ts).
		name: user.name,
		avatar: await avatars.pathOf(user.id),
		colour: colourFor(user.id),
		sessionId: session.id,
		canWrite: rights.canWrite
	};
}

/** Whether an open socket still has the access it was opened with. */
export async function recheck(conn: SocketIdentity, documentId: string): Promise<Recheck> {
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

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
	CLOSE_ARCHIVED,
	CLOSE_FORBIDDEN,
	CLOSE_LOGGED_OUT,
	CLOSE_RIGHTS_CHANGED
} from '$lib/collab/protocol';
import { isDatabaseUnavailable } from '$lib/server/db/unavailable';
import type { Connection } from './connection';
import type { AccessChange, CollabHooks, Recheck, Verdict } from './hooks';

const PATH = /^\/collab\/([0-9a-f-]{36})\/?(?:\?.*)?$/i;

/** True for the upgrade requests the sync server answers (the rest go to Vite, in dev). */
export function handles(url: string | undefined): boolean {
	return !!url && url.startsWith('/collab/');
}

/** The document a socket's path names, or null for a path that names none. */
export function documentOf(url: string | undefined): string | null {
	const match = PATH.exec(url ?? '');
	return match ? match[1].toLowerCase() : null;
}

/**
 * The authorise hook's verdict on an upgrade request, before anything is accepted: a throw is a
 * refusal too (503 while the database is out of reach, so that the client retries; 500 else).
 * Then a WebSocket client sends nothing before the server's answer (RFC 6455, 4.1): one whose
 * bytes are already here, a flood at once after the request, is not let in. Node stops reading
 * at about 64 KiB, so a size limit would never be reached; any byte counts.
 */
export async function authoriseUpgrade(
	hooks: CollabHooks,
	request: IncomingMessage,
	socket: Duplex,
	head: Buffer,
	documentId: string
): Promise<Verdict | { ok: false; status: 400 | 500 | 503 }> {
	let verdict: Verdict;
	try {
		verdict = await hooks.authorise(request, documentId);
	} catch (e) {
		if (isDatabaseUnavailable(e)) return { ok: false, status: 503 };
		console.error('[collab] authorisation failed', e);
		return { ok: false, status: 500 };
	}
	if (verdict.ok && (head.length > 0 || socket.readableLength > 0)) {
		return { ok: false, status: 400 };
	}
	return verdict;
}

const CLOSE_CODES: Record<Exclude<Recheck, 'ok'>, number> = {
	logged_out: CLOSE_LOGGED_OUT,
	forbidden: CLOSE_FORBIDDEN,
	archived: CLOSE_ARCHIVED,
	rights_changed: CLOSE_RIGHTS_CHANGED
};

/**
 * Re-checks, through the recheck hook, the sockets an access change may concern (every field the
 * change gives must match), and closes those that lost their access with the code that says
 * why; `closed` is told of each, to let it leave its document.
 */
export async function revalidate(
	hooks: CollabHooks,
	change: AccessChange,
	sockets: Iterable<[Connection, string]>,
	closed: (conn: Connection) => void
): Promise<void> {
	const checks: Promise<void>[] = [];
	for (const [conn, documentId] of sockets) {
		if (change.documentId && change.documentId !== documentId) continue;
		if (change.userId && change.userId !== conn.userId) continue;
		if (change.sessionId && change.sessionId !== conn.sessionId) continue;
		checks.push(
			hooks.recheck(conn, documentId).then((result) => {
				if (result === 'ok') return;
				conn.socket.close(CLOSE_CODES[result], result);
				closed(conn);
			})
		);
	}
	await Promise.all(checks);
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

/** Seconds after which a client refused for now (the database out of reach) may try again. */
const RETRY_AFTER_S = 5;

/** Answers an upgrade request with an HTTP status instead of a socket, and closes it. */
export function refuse(socket: Duplex, status: number): void {
	if (!socket.writable) return void socket.destroy();
	// A refusal for now says when to try again; clients back off by themselves anyway.
	const retry = status === 503 ? `Retry-After: ${RETRY_AFTER_S}\r\n` : '';
	socket.end(
		`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`
	);
	setTimeout(() => socket.destroy(), 1000).unref();
}

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { openFromEnv } from '$lib/server/db';
import { collab } from './index';

/** The dev server's upgrade handler: the same sync server, once the database is open. */
export async function handleDevUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
	await openFromEnv();
	await collab().handleUpgrade(request, socket, head);
}

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { openFromEnv } from '$lib/server/db';
import { liveDocuments } from './index';

/**
 * The dev server's upgrade handler (vite.config.ts loads it anew for each upgrade): the same
 * sync server, once the database is open, with the hooks of the app's code as it is now.
 */
export async function handleDevUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
	await openFromEnv();
	await liveDocuments().handleUpgrade(request, socket, head);
}

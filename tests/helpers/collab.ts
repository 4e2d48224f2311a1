import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { countingSocket, SaveTracker } from '$lib/collab/save-status';
import { createSession, generateSessionToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { CollabServer, useCollab } from '$lib/server/collab';
import type { CollabOptions } from '$lib/server/collab/server';

export interface RunningCollab {
	url: string;
	wsUrl: string;
	collab: CollabServer;
	http: Server;
	stop: () => Promise<void>;
}

/** The app's sync server on a real HTTP server on a free port, with short delays for tests. */
export async function startCollab(options: CollabOptions = {}): Promise<RunningCollab> {
	const collab = useCollab(new CollabServer({ unloadAfterMs: 200, deriveAfterMs: 50, ...options }));
	const http = createServer((_req, res) => res.writeHead(404).end());
	http.on('upgrade', (req, socket, head) => void collab.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/collab`,
		collab,
		http,
		stop: async () => {
			await collab.shutdown();
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
		}
	};
}

/** A session cookie value for the person, as the browser would send it. */
export async function sessionCookie(userId: string): Promise<string> {
	const token = generateSessionToken();
	await createSession(token, userId);
	return `${SESSION_COOKIE}=${token}`;
}

/** A WebSocket class that sends the person's cookie and the app's Origin, like a browser. */
export function browserLikeSocket(cookie: string, origin: string) {
	return class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie, origin } });
		}
	};
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The editor's save status logic, fed by the server's acknowledgements. */
	saves: SaveTracker;
	text: () => string;
	destroy: () => void;
}

/** A real y-websocket client (the package the browser uses) for the person on a document. */
export async function connectClient(
	running: RunningCollab,
	userId: string,
	documentId: string,
	options: { connect?: boolean } = {}
): Promise<Client> {
	const cookie = await sessionCookie(userId);
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(running.wsUrl, documentId, doc, {
		WebSocketPolyfill: countingSocket(
			browserLikeSocket(cookie, running.url)
		) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect: options.connect ?? true
	});
	const saves = new SaveTracker(provider, doc);
	return {
		doc,
		provider,
		saves,
		text: () => doc.getXmlFragment('default').toString(),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves when `check` holds, polling; fails after `timeoutMs`. */
export async function until(
	check: () => boolean,
	timeoutMs = 5000,
	what = 'condition'
): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

export function synced(client: Client, timeoutMs = 5000): Promise<void> {
	return until(() => client.provider.synced, timeoutMs, 'sync');
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { countingSocket, SaveTracker } from '$lib/collab/save-status';
import { createSession, generateSessionToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import {
	createCollabServer,
	type CollabHooks,
	type CollabOptions,
	type CollabServer
} from '$lib/server/collab';
import { useLiveDocuments } from '$lib/server/live-documents';
import { appHooks } from '$lib/server/live-documents/hooks';

export { seededRandom } from './random';

export interface RunningCollab {
	url: string;
	wsUrl: string;
	collab: CollabServer;
	http: Server;
	stop: () => Promise<void>;
}

/**
 * The app's sync server on a real HTTP server on a free port, with short delays for tests: with
 * the app's hooks, or with `hooks` (fakes, or the app's with one replaced).
 */
export async function startCollab(
	options: CollabOptions & { hooks?: CollabHooks } = {}
): Promise<RunningCollab> {
	const { hooks = appHooks, ...rest } = options;
	const collab = useLiveDocuments(
		createCollabServer(hooks, { unloadAfterMs: 200, deriveAfterMs: 50, ...rest })
	);
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

/** A new session for the person: the cookie the browser would send, and the session's id. */
export async function newSession(userId: string): Promise<{ cookie: string; sessionId: string }> {
	const token = generateSessionToken();
	await createSession(token, userId);
	return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: hashToken(token) };
}

/** A session cookie value for the person, as the browser would send it. */
export async function sessionCookie(userId: string): Promise<string> {
	return (await newSession(userId)).cookie;
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
	/** Close codes of this client's sockets closed by the server, oldest first. */
	closes: number[];
	text: () => string;
	destroy: () => void;
}

export interface ClientTarget {
	/** ws://host:port/collab */
	wsUrl: string;
	/** The Origin the client sends (the app's own). */
	origin: string;
	cookie: string;
}

/**
 * Destroys the client once the test that opened it ends, passed or failed. A client opened
 * outside a test (in `beforeAll`) is its opener's to destroy.
 */
function destroyAfterTest(destroy: () => void): void {
	try {
		onTestFinished(destroy);
	} catch {
		// Not inside a test.
	}
}

/**
 * A real y-websocket client (the package the browser uses), on any server. Opened in a test, it
 * is destroyed when the test ends.
 */
export function openClient(
	target: ClientTarget,
	documentId: string,
	options: { connect?: boolean } = {}
): Client {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(target.wsUrl, documentId, doc, {
		WebSocketPolyfill: countingSocket(
			browserLikeSocket(target.cookie, target.origin)
		) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect: options.connect ?? true
	});
	const saves = new SaveTracker(provider, doc);
	const closes: number[] = [];
	let destroyed = false;
	provider.on('connection-close', (event) => {
		if (event) closes.push(event.code);
	});
	const destroy = () => {
		if (destroyed) return;
		destroyed = true;
		provider.destroy();
		doc.destroy();
	};
	destroyAfterTest(destroy);
	return {
		doc,
		provider,
		saves,
		closes,
		text: () => doc.getXmlFragment('default').toString(),
		destroy
	};
}

/** A real y-websocket client for the person on a document of the test's sync server. */
export async function connectClient(
	running: RunningCollab,
	userId: string,
	documentId: string,
	options: { connect?: boolean; cookie?: string } = {}
): Promise<Client> {
	const cookie = options.cookie ?? (await sessionCookie(userId));
	return openClient({ wsUrl: running.wsUrl, origin: running.url, cookie }, documentId, options);
}

/** Resolves when `check` holds, polling; fails after `timeoutMs`. */
export async function until(
	check: () => boolean | Promise<boolean>,
	timeoutMs = 5000,
	what = 'condition'
): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

export function synced(client: Client, timeoutMs = 5000): Promise<void> {
	return until(() => client.provider.synced, timeoutMs, 'sync');
}

/** Appends a paragraph holding `text` to the document, as one edit. */
export function addParagraph(doc: Y.Doc, text: string): void {
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		fragment.insert(fragment.length, [paragraph]);
	});
}

/** The document's content as the XML Yjs gives for its Tiptap field. */
export const contentOf = (doc: Y.Doc) => doc.getXmlFragment('default').toString();

export type UpgradeOutcome =
	{ opened: true; socket: WebSocket } | { opened: false; status: number; socket: WebSocket };

/**
 * A raw `ws` socket to the sync server: resolves once it is open, or with the HTTP status of
 * the answer when the upgrade was refused.
 */
export function rawSocket(
	url: string,
	headers: Record<string, string | undefined>
): Promise<UpgradeOutcome> {
	const clean = Object.fromEntries(
		Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined)
	);
	const socket = new WebSocket(url, { headers: clean });
	return new Promise((resolve, reject) => {
		socket.once('open', () => resolve({ opened: true, socket }));
		socket.once('unexpected-response', (_req, res) => {
			resolve({ opened: false, status: res.statusCode ?? 0, socket });
			res.resume();
			socket.terminate();
		});
		// Kept for the socket's life: a later error (refused, reset) must not go unhandled.
		socket.on('error', (e) => reject(e));
	});
}

/** The close code and reason of a raw socket, once the server closed it. */
export function closeOf(
	socket: WebSocket,
	timeoutMs = 5000
): Promise<{ code: number; reason: string }> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the socket was not closed')), timeoutMs);
		socket.once('close', (code, reason) => {
			clearTimeout(timer);
			resolve({ code, reason: reason.toString() });
		});
	});
}

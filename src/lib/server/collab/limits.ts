import type { WebSocket } from 'ws';
import { CLOSE_RATE_LIMITED } from '$lib/collab/protocol';

/**
 * What one person, one socket and one document may use of the sync server. The numbers are far
 * above what people do (a person with the document open in a few tabs and devices, a fast typist
 * whose every keystroke and caret move is a message) and far below what one account can do to
 * everyone else. Each can be changed through CollabOptions (and the environment, see index.ts).
 */

/** Sockets one person may have on one document: tabs and devices, with room to spare. */
export const MAX_SOCKETS_PER_DOCUMENT = 20;
/** Sockets one person may have on the whole server, whatever the documents. */
export const MAX_SOCKETS_PER_PERSON = 100;
/**
 * Messages a socket may send at once, then per second. y-websocket sends one update per
 * keystroke and one presence update per caret move, so a fast typist (10 keys/s, a held key
 * repeating at 30/s) sends 20 to 60 messages a second; opening a document takes a handful.
 */
export const MESSAGE_BURST = 200;
export const MESSAGES_PER_SECOND = 100;
/**
 * Messages of a socket over its rate that may wait for their turn: 10 s at the steady rate. A
 * socket that goes on past that is closed with CLOSE_RATE_LIMITED.
 */
export const MAX_WAITING_MESSAGES = 1000;
/** Messages a socket may have waiting while its document loads; past that it is closed (1008). */
export const MAX_WAITING_WHILE_LOADING = 2000;
/** Bytes of waiting messages past which a socket is not read further until they are handled. */
export const MAX_WAITING_BYTES = 8 * 2 ** 20;
/** Bytes of Yjs updates a document may hold, as stored (snapshot and updates appended since). */
export const MAX_DOCUMENT_BYTES = 32 * 2 ** 20;

/**
 * The sockets each person has, counted from the moment one is let in (while its document loads
 * too) until it closes: what the upgrade checks before letting another in.
 */
export class SocketCounts {
	private readonly perPerson = new Map<string, number>();
	private readonly perDocument = new Map<string, number>();

	constructor(private readonly limits: { perPerson: number; perDocument: number }) {}

	/**
	 * Counts one more socket of the person on the document and returns what releases it (once),
	 * or null when the person already has as many as they may.
	 */
	admit(userId: string, documentId: string): (() => void) | null {
		const key = `${userId}:${documentId}`;
		const all = this.perPerson.get(userId) ?? 0;
		const here = this.perDocument.get(key) ?? 0;
		if (all >= this.limits.perPerson || here >= this.limits.perDocument) return null;
		this.perPerson.set(userId, all + 1);
		this.perDocument.set(key, here + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			decrement(this.perPerson, userId);
			decrement(this.perDocument, key);
		};
	}
}

function decrement(counts: Map<string, number>, key: string): void {
	const count = (counts.get(key) ?? 1) - 1;
	if (count > 0) counts.set(key, count);
	else counts.delete(key);
}

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export class TokenBucket {
	private tokens: number;
	private refilledAt = performance.now();

	constructor(
		private readonly burst: number,
		private readonly perSecond: number
	) {
		this.tokens = burst;
	}

	/** Takes a token: 0 when there was one, or else the milliseconds until there is. */
	take(): number {
		const now = performance.now();
		this.tokens = Math.min(
			this.burst,
			this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000
		);
		this.refilledAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
	}
}

/**
 * The messages of one socket on their way to its document: kept while the document loads, then
 * handed over one token at a time. A message over the rate waits its turn, which costs a push
 * and not the handling that would hold up every other socket; past MAX_WAITING_BYTES the socket
 * is not read further until they are handled; past `maxWaiting` messages it is closed.
 */
export class Inbox {
	private readonly queue: Uint8Array[] = [];
	private readonly bucket: TokenBucket;
	private bytes = 0;
	private timer: NodeJS.Timeout | null = null;
	private handle: ((message: Uint8Array) => void) | null = null;

	constructor(
		private readonly ws: WebSocket,
		private readonly limits: { burst: number; perSecond: number; maxWaiting: number }
	) {
		this.bucket = new TokenBucket(limits.burst, limits.perSecond);
	}

	/** A message the socket sent. */
	receive(message: Uint8Array): void {
		const ws = this.ws;
		// What was still being read when the socket was closed is not handled.
		if (ws.readyState !== ws.OPEN) return;
		if (!this.handle && this.queue.length >= MAX_WAITING_WHILE_LOADING) {
			return ws.close(1008, 'too many messages');
		}
		if (this.handle && this.queue.length >= this.limits.maxWaiting) {
			this.stop();
			// Read on, so that its closing handshake arrives; a second for it, not ws's 30.
			ws.resume();
			ws.close(CLOSE_RATE_LIMITED, 'too many messages');
			setTimeout(() => ws.terminate(), 1000).unref();
			return;
		}
		this.queue.push(message);
		this.bytes += message.length;
		if (this.bytes > MAX_WAITING_BYTES) ws.pause();
		if (this.handle && !this.timer) this.drain();
	}

	/** The document is there: `handle` takes the messages from now on, those waiting first. */
	start(handle: (message: Uint8Array) => void): void {
		this.handle = handle;
		this.drain();
	}

	/** The socket closed: what waits is dropped. */
	stop(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.queue.length = 0;
		this.bytes = 0;
	}

	private drain = (): void => {
		const ws = this.ws;
		this.timer = null;
		while (this.handle && this.queue.length > 0 && ws.readyState === ws.OPEN) {
			const wait = this.bucket.take();
			if (wait > 0) {
				this.timer = setTimeout(this.drain, wait);
				return;
			}
			const message = this.queue.shift()!;
			this.bytes -= message.length;
			if (ws.isPaused && this.bytes <= MAX_WAITING_BYTES / 2) ws.resume();
			this.handle(message);
		}
		// Closed by one of its messages: read on, or its closing handshake would never arrive.
		if (ws.readyState !== ws.OPEN) ws.resume();
	};
}

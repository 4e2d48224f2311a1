import { EventEmitter } from 'node:events';

/**
 * What open pages hear about without reloading: a new or changed message in a thread, a new
 * notification for a person, a change in a group's files. Events carry ids only; the page reloads its data through its load
 * functions, which check rights as always. One process for now; several instances would relay
 * these through Redis pub/sub.
 */
export type LiveEvent =
	| { type: 'thread'; threadId: string; groupId: string }
	| { type: 'notification'; userId: string }
	| { type: 'files'; groupId: string }
	| { type: 'decisions'; groupId: string };

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function publish(event: LiveEvent): void {
	emitter.emit('live', event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
	emitter.on('live', listener);
	return () => emitter.off('live', listener);
}

/**
 * Streams one session (one browser) may have open at once: one per tab. Over HTTP/1.1 a browser
 * keeps six connections per site and never gets there; over HTTP/2 it takes ten tabs of Maillage
 * open at once. Each stream holds a listener and a rights cache until it ends: one session may
 * not open hundreds. The refused tab's EventSource gives up (a 429 is final for it); its page
 * tries again after a wait that grows to a minute (`src/lib/live/channel.svelte.ts`).
 */
export const MAX_STREAMS_PER_SESSION = 10;

const perSession = new Map<string, number>();

/**
 * Counts a new stream of the session and returns what releases it (once), or null when the
 * session has MAX_STREAMS_PER_SESSION open already.
 */
export function admit(sessionId: string): (() => void) | null {
	const open = perSession.get(sessionId) ?? 0;
	if (open >= MAX_STREAMS_PER_SESSION) return null;
	perSession.set(sessionId, open + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const left = (perSession.get(sessionId) ?? 1) - 1;
		if (left > 0) perSession.set(sessionId, left);
		else perSession.delete(sessionId);
	};
}

const streams = new Set<() => void>();

/** Keeps track of an open stream so that shutting down can end it. */
export function track(close: () => void): () => void {
	streams.add(close);
	return () => streams.delete(close);
}

/** Ends every open stream (the server is stopping; browsers reconnect to the next one). */
export function closeAll(): void {
	for (const close of [...streams]) close();
	streams.clear();
}

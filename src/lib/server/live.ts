import { EventEmitter } from 'node:events';

/**
 * What open pages hear about without reloading: a new or changed message in a thread, a new
 * notification for a person. Events carry ids only; the page reloads its data through its load
 * functions, which check rights as always. One process for now; several instances would relay
 * these through Redis pub/sub.
 */
export type LiveEvent =
	{ type: 'thread'; threadId: string; groupId: string } | { type: 'notification'; userId: string };

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function publish(event: LiveEvent): void {
	emitter.emit('live', event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
	emitter.on('live', listener);
	return () => emitter.off('live', listener);
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

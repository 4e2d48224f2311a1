import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MESSAGE_STORED } from './protocol';

/**
 * What the editor tells the person about their edits: stored, being stored, waiting for the
 * connection to come back, or not connected with nothing waiting.
 */
export type SaveState = 'saved' | 'saving' | 'offline' | 'disconnected';

interface CountingSocket {
	/** Messages sent on this socket that carry document updates (sync step 2 and update). */
	updatesSent: number;
	/** Set once this socket sent its sync step 2, which carries every change the server lacks. */
	sentStep2: boolean;
}

/**
 * A WebSocket class that counts the update-bearing messages it sends, so that the server's
 * "N stored" acknowledgements can be matched against them.
 */
export function countingSocket<T extends new (...args: never[]) => { send(data: never): void }>(
	Base: T
): T {
	// @ts-expect-error -- a mixin over the platform's WebSocket (or ws's, in tests)
	return class extends Base implements CountingSocket {
		updatesSent = 0;
		sentStep2 = false;
		send(data: ArrayBuffer | Uint8Array) {
			const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
			// A sync message (0) of type step 2 (1) or update (2); both types are one-byte varUints.
			if (bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) {
				this.updatesSent++;
				if (bytes[1] === 1) this.sentStep2 = true;
			}
			// @ts-expect-error -- forwarded as is
			super.send(data);
		}
	};
}

/**
 * Follows a provider's connection and the server's acknowledgements and tells, truthfully,
 * whether every local edit is stored on the server.
 */
export class SaveTracker {
	state: SaveState = 'disconnected';
	private acked = 0;
	/** Local edits made while no socket could carry them (or sent on a socket that died unacknowledged). */
	private unsent = false;
	private readonly listeners = new Set<(state: SaveState) => void>();

	constructor(
		private readonly provider: WebsocketProvider,
		doc: Y.Doc
	) {
		provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => {
			this.acked = Math.max(this.acked, decoding.readVarUint(decoder));
			this.update();
		};
		provider.on('status', ({ status }) => {
			if (status === 'connected') this.acked = 0;
			this.update();
		});
		provider.on('connection-close', () => {
			// What was sent on the dead socket and never acknowledged must go again.
			if (this.sent() > this.acked) this.unsent = true;
			this.acked = 0;
			// No update() here: the provider still calls itself connected until the 'status' event
			// that follows, and the dead socket's step 2 would wrongly clear `unsent`.
		});
		doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === provider) return;
			if (!provider.wsconnected) this.unsent = true;
			// The provider's own listener runs first and has already sent it on an open socket.
			queueMicrotask(() => this.update());
		});
	}

	private socket(): CountingSocket | null {
		return (this.provider.ws as unknown as CountingSocket | null) ?? null;
	}

	private sent(): number {
		return this.socket()?.updatesSent ?? 0;
	}

	private update(): void {
		const socket = this.socket();
		if (this.unsent && socket?.sentStep2 && this.provider.wsconnected) this.unsent = false;
		const pending = this.unsent || this.sent() > this.acked;
		const next: SaveState = this.provider.wsconnected
			? pending
				? 'saving'
				: 'saved'
			: pending
				? 'offline'
				: 'disconnected';
		if (next !== this.state) {
			this.state = next;
			for (const listener of this.listeners) listener(next);
		}
	}

	/** True when every local edit is known to be stored. */
	get saved(): boolean {
		// Brought up to date first: right after a local edit, `state` still says what it said
		// before until a microtask has run, and an edit that is not stored must never read as saved.
		this.update();
		return this.state === 'saved';
	}

	subscribe(listener: (state: SaveState) => void): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}
}

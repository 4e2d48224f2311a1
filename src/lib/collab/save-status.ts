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
	/** When the oldest of the `unsent` edits was made. */
	private unsentSince: number | null = null;
	/** The socket `sends` counts for: a new socket counts from zero. */
	private counted: CountingSocket | null = null;
	/** Update-bearing messages sent and not yet acknowledged, in batches: "up to n, sent at". */
	private sends: { upTo: number; at: number }[] = [];
	private readonly listeners = new Set<(state: SaveState) => void>();

	/** `now` is the clock of `pendingSince`, in milliseconds. */
	constructor(
		private readonly provider: WebsocketProvider,
		doc: Y.Doc,
		private readonly now: () => number = Date.now
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
			if (this.sent() > this.acked) this.markUnsent(this.sends[0]?.at);
			this.acked = 0;
			// No update() here: the provider still calls itself connected until the 'status' event
			// that follows, and the dead socket's step 2 would wrongly clear `unsent`.
		});
		doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === provider) return;
			if (!provider.wsconnected) this.markUnsent();
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

	private markUnsent(at = this.now()): void {
		this.unsent = true;
		this.unsentSince = Math.min(this.unsentSince ?? at, at);
	}

	private update(): void {
		const socket = this.socket();
		if (socket !== this.counted) {
			this.counted = socket;
			this.sends = [];
		}
		const sent = this.sent();
		if (sent > (this.sends.at(-1)?.upTo ?? this.acked)) {
			// Edits made offline are as old as when they were made, not as when they went out.
			this.sends.push({ upTo: sent, at: (this.unsent ? this.unsentSince : null) ?? this.now() });
		}
		while (this.sends.length > 0 && this.sends[0].upTo <= this.acked) this.sends.shift();
		if (this.unsent && socket?.sentStep2 && this.provider.wsconnected) {
			this.unsent = false;
			this.unsentSince = null;
		}
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

	/**
	 * When the oldest local edit that is not stored yet was made (on the `now` clock), or null
	 * when every edit is stored. Up to date as of the last state change or acknowledgement.
	 */
	get pendingSince(): number | null {
		const times = [this.unsent ? this.unsentSince : null, this.sends[0]?.at ?? null];
		const known = times.filter((t): t is number => t !== null);
		return known.length > 0 ? Math.min(...known) : null;
	}

	subscribe(listener: (state: SaveState) => void): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}
}

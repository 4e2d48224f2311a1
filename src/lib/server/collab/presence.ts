import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { isColour, MAX_NAME_LENGTH } from '$lib/collab/presence';
import type { Connection } from './connection';

/** Presence client ids one socket may speak for: a y-websocket client uses one, its doc's. */
export const MAX_CLIENTS_PER_SOCKET = 4;
/** Largest presence state, as JSON once rewritten (a name, a colour and a caret take ~300). */
export const MAX_STATE_BYTES = 1024;
/** Presence of one document, all states together: what a newcomer is sent at once. */
export const MAX_DOCUMENT_PRESENCE_BYTES = 64 * 1024;

const utf8 = new TextEncoder();
const textDecoder = new TextDecoder();
const byteLength = (json: string) => utf8.encode(json).length;

/**
 * The presence (awareness) of one document, which a socket may only speak for under its own
 * client ids and its own person's name.
 *
 * A socket owns the ids it published a state under (the first is its doc's clientID), up to
 * MAX_CLIENTS_PER_SOCKET; another connection's id is refused, unless that connection is the same
 * person's (a tab reconnecting before the server saw its old socket go: same clientID, and the
 * same name either way). The server writes `user.name` and `user.avatar` (the photo's address, or
 * null) from the account, and keeps `user.color` only as `#rrggbb`; a state over MAX_STATE_BYTES,
 * or one that would take the document's presence past MAX_DOCUMENT_PRESENCE_BYTES, is dropped.
 *
 * What is refused is dropped, and the socket stays open: y-websocket sends back to the server
 * every presence change it receives, the others' included, so a foreign id or a stale state is
 * what an honest client sends all the time. Closing (1008) would cut off honest tabs and only
 * make an attacker's client reconnect; dropping leaves nothing of theirs applied or relayed.
 *
 * Read-only sockets (observers, directors) publish presence under the same rules: being seen
 * reading is fine, and they can neither name themselves nor speak for anyone else.
 */
export class Presence {
	/** The byte size of each state held, and their sum. */
	private readonly sizes = new Map<number, number>();
	private total = 0;

	constructor(private readonly awareness: awarenessProtocol.Awareness) {
		// Every change counts, the removals of sockets that left and of states timed out included.
		awareness.on(
			'update',
			({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
				for (const id of [...added, ...updated, ...removed]) {
					const state = awareness.getStates().get(id);
					this.total -= this.sizes.get(id) ?? 0;
					if (state === undefined) this.sizes.delete(id);
					else {
						const size = byteLength(JSON.stringify(state));
						this.sizes.set(id, size);
						this.total += size;
					}
				}
			}
		);
	}

	/** Bytes of every state held together. */
	get bytes(): number {
		return this.total;
	}

	/**
	 * Applies what of a socket's awareness update it may say, rewritten, and drops the rest.
	 * Throws on a malformed update; nothing of it is applied then.
	 */
	receive(conn: Connection, update: Uint8Array, connections: Iterable<Connection>): void {
		const owners = new Map<number, Connection>();
		for (const other of connections) for (const id of other.clients) owners.set(id, other);
		const kept: { id: number; clock: number; json: string }[] = [];
		let total = this.total;
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const id = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			// A varstring: its UTF-8 bytes, decoded only if the entry may be kept.
			const raw = decoding.readVarUint8Array(decoder);
			// An id twice in one update would be counted against the limits as its last state only.
			if (kept.some((entry) => entry.id === id)) continue;
			const owner = owners.get(id);
			if (owner && owner !== conn && owner.userId !== conn.userId) continue;
			if (!conn.clients.has(id) && conn.clients.size >= MAX_CLIENTS_PER_SOCKET) continue;
			if (raw.length > MAX_STATE_BYTES) continue;
			const state: unknown = JSON.parse(textDecoder.decode(raw));
			if (!this.fresh(id, clock, state)) continue;
			if (state === null) {
				// Only its owner removes a state; the others' removals are echoes.
				if (owner === conn) kept.push({ id, clock, json: 'null' });
				continue;
			}
			if (typeof state !== 'object' || Array.isArray(state)) continue;
			const json = JSON.stringify(this.rewrite(conn, state as Record<string, unknown>));
			const size = byteLength(json);
			if (size > MAX_STATE_BYTES) continue;
			const after = total - (this.sizes.get(id) ?? 0) + size;
			if (after > MAX_DOCUMENT_PRESENCE_BYTES) continue;
			total = after;
			// The same person's other socket hands the id over, and no longer removes it on leaving.
			if (owner && owner !== conn) owner.clients.delete(id);
			conn.clients.add(id);
			owners.set(id, conn);
			kept.push({ id, clock, json });
		}
		if (kept.length === 0) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kept.length);
		for (const { id, clock, json } of kept) {
			encoding.writeVarUint(encoder, id);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, json);
		}
		awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), conn);
	}

	/**
	 * Whether applyAwarenessUpdate would apply the entry: a stale one (an echo of what the server
	 * already has) must not make its sender the owner of the id.
	 */
	private fresh(id: number, clock: number, state: unknown): boolean {
		const current = this.awareness.meta.get(id)?.clock ?? 0;
		return (
			current < clock || (current === clock && state === null && this.awareness.states.has(id))
		);
	}

	/** The state with the account's name and photo, and a colour that can be shown. */
	private rewrite(conn: Connection, state: Record<string, unknown>): Record<string, unknown> {
		const user = state.user as Record<string, unknown> | undefined;
		const color = typeof user === 'object' && user !== null ? user.color : undefined;
		return {
			...state,
			user: {
				name: conn.name.slice(0, MAX_NAME_LENGTH),
				color: isColour(color) ? color : conn.colour,
				avatar: conn.avatar
			}
		};
	}
}

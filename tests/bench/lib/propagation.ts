// How propagation latency is matched, update by update, without adding anything to the document.
import * as Y from 'yjs';

/**
 * Pending keystrokes of one document, matched by their Yjs ids as the peers receive them.
 *
 * Every keystroke is one Yjs transaction, hence one update message, and carries a marker that
 * the update itself names, with nothing added to the document: an insertion creates exactly one
 * new struct, whose id (clientID, clock) is unique in the document; a deletion creates no struct
 * but its delete set names the id of the one character it removed. So the marker of a local
 * update is "s<client>:<clock>" of its first struct, or "d<client>:<clock>" of its first deleted
 * id, read back with Y.decodeUpdate.
 *
 * The servers apply each message in their own transaction and broadcast the update *that
 * transaction produced*, so a peer receives the same struct ids and delete-set ids. Each peer
 * decodes every incoming update into all the (client, clock) ids it contains (structs and
 * deletions) and looks them up among the pending markers of its document: a hit is one
 * propagation sample, "time the sender called send()" to "time the peer's socket delivered the
 * message", both read from the same performance.now() of this one process (no clock skew).
 * A marker is dropped once every peer that was connected when it was sent has seen it; those
 * left at the end were never delivered. A server that echoes an update to its sender (the
 * reference y-websocket server and Hocuspocus do) is not counted: the sender is not a peer.
 * Two peers deleting the same character at the same moment would share a marker: such a
 * collision is counted and left out of the samples.
 */
export class Propagation {
	pending: Map<string, { sentAt: number; remaining: number; measured: boolean; sender: unknown }> =
		new Map();
	collisions = 0;
	recorder: import('./recorder.ts').Recorder;

	constructor(recorder: import('./recorder.ts').Recorder) {
		this.recorder = recorder;
	}

	sent(marker: string | null, sentAt: number, peers: number, measured: boolean, sender: unknown) {
		if (!marker || peers === 0) return;
		if (this.pending.has(marker)) {
			this.pending.delete(marker);
			this.collisions++;
			return;
		}
		this.pending.set(marker, { sentAt, remaining: peers, measured, sender });
	}

	received(update: Uint8Array, receivedAt: number, receiver: unknown) {
		if (this.pending.size === 0) return;
		for (const id of idsOf(update)) {
			const entry = this.pending.get(id);
			if (!entry || (receiver !== undefined && entry.sender === receiver)) continue;
			if (entry.measured) this.recorder.propagation.add(receivedAt - entry.sentAt);
			if (--entry.remaining <= 0) this.pending.delete(id);
		}
	}

	/** Markers sent in the measurement window that some peer never received. */
	undelivered() {
		let count = 0;
		for (const entry of this.pending.values()) if (entry.measured) count++;
		return count;
	}
}

/**
 * Every id an update names: "s<client>:<clock>" for each clock of its structs and
 * "d<client>:<clock>" for each deleted clock.
 */
export function idsOf(update: Uint8Array, limit = 10_000) {
	const { structs, ds } = Y.decodeUpdate(update);
	const ids: string[] = [];
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		const { client, clock } = struct.id;
		for (let i = 0; i < struct.length && ids.length < limit; i++)
			ids.push(`s${client}:${clock + i}`);
	}
	for (const [client, deletions] of ds.clients) {
		for (const { clock, len } of deletions) {
			for (let i = 0; i < len && ids.length < limit; i++) ids.push(`d${client}:${clock + i}`);
		}
	}
	return ids;
}

/** The marker of a local keystroke's update: its first id. */
export const markerOf = (update: Uint8Array) => idsOf(update, 1)[0] ?? null;

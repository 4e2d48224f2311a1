import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_STORED, MESSAGE_SYNC } from '$lib/collab/protocol';

/** A sync message: its step (second step or update) and the Yjs update it carries. */
export function syncMessage(step: number, update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** The first sync step: what the server holds, for the client to answer with what it lacks. */
export function syncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** The presence states of these clients. */
export function awarenessMessage(
	awareness: awarenessProtocol.Awareness,
	clients: number[]
): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

/** The acknowledgement that a socket's first `index` update-bearing messages are stored. */
export function storedMessage(index: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_STORED);
	encoding.writeVarUint(encoder, index);
	return encoding.toUint8Array(encoder);
}

/** An empty Yjs update (no structs, no deletions) changes nothing and is not stored. */
export const isEmptyUpdate = (update: Uint8Array) =>
	update.length <= 2 && update.every((b) => b === 0);

/**
 * Whether an update's structs refer to their own author's structs only backwards, as every Yjs
 * edit does (its neighbours and parent existed when it was written). One that refers forward can
 * be held back by Yjs while it waits for another author's structs, be stored, and make the
 * document impossible to load once they arrive: it is refused before it is applied.
 */
export function consistent(structs: (Y.Item | Y.GC | Y.Skip)[]): boolean {
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		const { client, clock } = struct.id;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		for (const ref of [struct.origin, struct.rightOrigin, parent]) {
			if (ref && ref.client === client && ref.clock >= clock) return false;
		}
	}
	return true;
}

/** How many structs the document holds: what decides whether it is sent in slices. */
export function structCount(doc: Y.Doc): number {
	let count = 0;
	for (const structs of doc.store.clients.values()) count += structs.length;
	return count;
}

export function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Structs (runs of characters, elements, deletions) per slice of a large document's state. */
export const STRUCTS_PER_SLICE = 10_000;

type Struct = Y.Item | Y.GC;

/**
 * The state of `doc` as a list of Yjs updates, each of at most about `perSlice` structs, such
 * that applying them in order integrates each one whole: every struct a slice refers to (its
 * left and right neighbours when it was written, its parent element) is in that slice or an
 * earlier one. A large document is then loaded a slice at a time, giving the event loop back in
 * between, instead of in one call that holds up every other document. A document of at most
 * `perSlice` structs is one slice, Yjs's own encoding of its state. The slices are made one at
 * a time, so that the caller can give the event loop back between two.
 *
 * The cut follows what Yjs guarantees: a struct refers only to structs that existed when it was
 * written, so taking each author's structs in order, as far as what they refer to is already
 * taken, always advances.
 */
export function* sliceState(doc: Y.Doc, perSlice = STRUCTS_PER_SLICE): Generator<Uint8Array> {
	const clients = doc.store.clients as Map<number, Struct[]>;
	let total = 0;
	for (const structs of clients.values()) total += structs.length;
	// Updates whose dependencies never arrived are pending outside the store: Yjs's own encoding
	// carries them along, and it is the only one that does.
	if (total <= perSlice || doc.store.pendingStructs || doc.store.pendingDs) {
		yield Y.encodeStateAsUpdate(doc);
		return;
	}
	/** Per author: how many of its structs are taken, and the clock just after them. */
	const taken = new Map<number, number>();
	const next = new Map<number, number>();
	for (const client of clients.keys()) {
		taken.set(client, 0);
		next.set(client, 0);
	}
	const has = (id: Y.ID | null) => id === null || id.clock < (next.get(id.client) ?? 0);
	const ready = (struct: Struct) => {
		if (struct instanceof Y.GC) return true;
		if (!has(struct.origin) || !has(struct.rightOrigin)) return false;
		if (struct.origin === null && struct.rightOrigin === null) {
			const parent = struct.parent as Y.AbstractType<unknown> | null;
			return !parent?._item || has(parent._item.id);
		}
		return true;
	};

	let start = new Map(taken);
	let startClocks = new Map(next);
	let inSlice = 0;
	let left = total;
	while (left > 0) {
		let progress = false;
		for (const [client, structs] of clients) {
			let index = taken.get(client)!;
			while (index < structs.length && inSlice < perSlice && ready(structs[index])) {
				const struct = structs[index++];
				next.set(client, struct.id.clock + struct.length);
				inSlice++;
				left--;
				progress = true;
			}
			taken.set(client, index);
			if (inSlice >= perSlice) break;
		}
		if (inSlice >= perSlice || left === 0) {
			yield encodeSlice(doc, clients, start, taken, left === 0);
			start = new Map(taken);
			startClocks = new Map(next);
			inSlice = 0;
		} else if (!progress) {
			// A struct refers to one that is nowhere in the store: Yjs's guarantee does not hold for
			// this document. Never met; should it be, the slices given so far are whole, and the
			// rest of the state follows in one update.
			yield Y.encodeStateAsUpdate(doc, encodeStateVector(startClocks));
			return;
		}
	}
}

/** The structs of each author from `from` to `to` (indexes), and the delete set if `last`. */
function encodeSlice(
	doc: Y.Doc,
	clients: Map<number, Struct[]>,
	from: Map<number, number>,
	to: Map<number, number>,
	last: boolean
): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	const written = [...clients.keys()]
		.filter((client) => to.get(client)! > from.get(client)!)
		// Yjs writes the authors with the highest ids first; integration is fastest that way.
		.sort((a, b) => b - a);
	encoding.writeVarUint(encoder.restEncoder, written.length);
	for (const client of written) {
		const structs = clients.get(client)!;
		const first = from.get(client)!;
		const end = to.get(client)!;
		encoding.writeVarUint(encoder.restEncoder, end - first);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, structs[first].id.clock);
		for (let i = first; i < end; i++) structs[i].write(encoder, 0);
	}
	if (!last) {
		encoding.writeVarUint(encoder.restEncoder, 0);
		return encoder.toUint8Array();
	}
	const deleted = Y.createDeleteSetFromStructStore(doc.store).clients as Map<
		number,
		{ clock: number; len: number }[]
	>;
	encoding.writeVarUint(encoder.restEncoder, deleted.size);
	for (const [client, ranges] of [...deleted].sort((a, b) => b[0] - a[0])) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, ranges.length);
		for (const range of ranges) {
			encoder.writeDsClock(range.clock);
			encoder.writeDsLen(range.len);
		}
	}
	return encoder.toUint8Array();
}

/**
 * Applies stored updates to `doc` in order, giving the event loop back whenever about 15 ms have
 * passed, so that a large document loading does not hold up the sockets of every other one.
 */
export async function applyInSlices(
	doc: Y.Doc,
	updates: Uint8Array[],
	origin: unknown = null
): Promise<void> {
	let slice = performance.now();
	for (const update of updates) {
		Y.applyUpdate(doc, update, origin);
		if (performance.now() - slice > 15) {
			await new Promise((resolve) => setImmediate(resolve));
			slice = performance.now();
		}
	}
}

/** A state vector, as Yjs encodes one: which clocks of each author a peer already has. */
function encodeStateVector(clocks: Map<number, number>): Uint8Array {
	const encoder = encoding.createEncoder();
	const known = [...clocks].filter(([, clock]) => clock > 0);
	encoding.writeVarUint(encoder, known.length);
	for (const [client, clock] of known) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, clock);
	}
	return encoding.toUint8Array(encoder);
}

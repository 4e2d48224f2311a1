import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Structs (runs of characters, elements, deletions) per slice of a large document's state. */
export const STRUCTS_PER_SLICE = 10_000;

type Struct = Y.Item | Y.GC;

/**
 * The state of `doc` as a list of Yjs updates of at most about `perSlice` structs each, such that
 * applying them in order integrates each one whole: every struct a slice refers to (its left and
 * right neighbours when it was written, its parent element) is in that slice or an earlier one.
 * The last update carries the delete set. What fits in one slice is one update, Yjs's own
 * encoding. A large document is stored in these parts, and loaded a part at a time, giving the
 * event loop back in between, instead of in one call that holds up every other document. The
 * slices are made one at a time, so that the caller can give the event loop back between two.
 *
 * The cut follows what Yjs guarantees: a struct refers only to structs that existed when it was
 * written, so taking each author's structs in order, as far as what they refer to is already
 * taken, always advances.
 */
export function* sliceState(doc: Y.Doc, perSlice = STRUCTS_PER_SLICE): Generator<Uint8Array> {
	/** Per author, the clock up to which its structs are taken. */
	const next = new Map<number, number>();
	const has = (id: Y.ID | null) => id === null || id.clock < (next.get(id.client) ?? 0);
	/** What a struct waits for before it can be taken, if anything: another author's struct. */
	const blocker = (struct: Struct, offset: number): Y.ID | null => {
		// The rest of a struct taken in part (merged since) refers only to its own first part.
		if (struct instanceof Y.GC || offset > 0) return null;
		if (!has(struct.origin)) return struct.origin;
		if (!has(struct.rightOrigin)) return struct.rightOrigin;
		if (struct.origin === null && struct.rightOrigin === null) {
			const parent = (struct.parent as Y.AbstractType<unknown> | null)?._item;
			if (parent && !has(parent.id)) return parent.id;
		}
		return null;
	};
	for (;;) {
		const clients = doc.store.clients as Map<number, Struct[]>;
		// Where each author's untaken structs start, in the store as it is now.
		const from = new Map<number, number>();
		let left = 0;
		for (const [client, structs] of clients) {
			const clock = next.get(client) ?? 0;
			const last = structs[structs.length - 1];
			if (clock >= last.id.clock + last.length) continue;
			const index = Y.findIndexSS(structs, clock);
			from.set(client, index);
			left += structs.length - index;
		}
		// Updates whose dependencies never arrived are pending outside the store: Yjs's own
		// encoding carries them along, and it is the only one that does.
		if (left <= perSlice || doc.store.pendingStructs || doc.store.pendingDs) break;

		const to = new Map(from);
		const starts = new Map(next);
		let inSlice = 0;
		// Authors to try, and those waiting for another to advance: each struct is looked at
		// about once, however many authors there are and however their structs interleave.
		const queue = [...from.keys()];
		const waiting = new Map<number, number[]>();
		while (queue.length > 0 && inSlice < perSlice) {
			const client = queue.pop()!;
			const structs = clients.get(client)!;
			const first = to.get(client)!;
			let index = first;
			while (index < structs.length && inSlice < perSlice) {
				const struct = structs[index];
				const blocked = blocker(struct, Math.max(0, (next.get(client) ?? 0) - struct.id.clock));
				if (blocked) {
					const others = waiting.get(blocked.client);
					if (others) others.push(client);
					else waiting.set(blocked.client, [client]);
					break;
				}
				next.set(client, struct.id.clock + struct.length);
				index++;
				inSlice++;
			}
			to.set(client, index);
			const woken = index > first ? waiting.get(client) : undefined;
			if (woken) {
				waiting.delete(client);
				queue.push(...woken);
			}
		}
		// Nothing could be taken: a struct refers to one that is nowhere in the store, which Yjs's
		// guarantee rules out. Should it happen, the rest goes in one update, as Yjs writes it.
		if (inSlice === 0) break;
		yield encodeSlice(clients, starts, from, to);
	}
	yield Y.encodeStateAsUpdate(doc, Y.encodeStateVector(next));
}

/**
 * The structs of each author from index `from` to `to`, the first one from clock `starts` (it
 * may have been taken in part), and an empty delete set.
 */
function encodeSlice(
	clients: Map<number, Struct[]>,
	starts: Map<number, number>,
	from: Map<number, number>,
	to: Map<number, number>
): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	const written = [...from.keys()]
		.filter((client) => to.get(client)! > from.get(client)!)
		// Yjs writes the authors with the highest ids first; integration is fastest that way.
		.sort((a, b) => b - a);
	encoding.writeVarUint(encoder.restEncoder, written.length);
	for (const client of written) {
		const structs = clients.get(client)!;
		const first = from.get(client)!;
		const end = to.get(client)!;
		const clock = Math.max(starts.get(client) ?? 0, structs[first].id.clock);
		encoding.writeVarUint(encoder.restEncoder, end - first);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, clock);
		structs[first].write(encoder, clock - structs[first].id.clock);
		for (let i = first + 1; i < end; i++) structs[i].write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, 0);
	return encoder.toUint8Array();
}

/**
 * Everything `doc` holds beyond `known` (a peer's state vector), as one Yjs update made a step of
 * about `perStep` structs at a time: the generator returns to its caller between two steps, so
 * that the event loop can be given back, and ends by returning the update. It holds the structs
 * the document had at the first step — what is added later reaches the peer as every edit does —
 * and the delete set as it is at the last. Unlike slices, the peer integrates it in one go: it
 * never holds (nor shows, nor "repairs") a part of the document.
 *
 * Each author's structs are found by clock at every step, so edits in between are harmless: a
 * struct split since is taken from where the last step stopped, one merged since with newer ones
 * is taken whole (the peer ignores what it already has).
 */
export function* encodeUpdateInSteps(
	doc: Y.Doc,
	known: Map<number, number> = new Map(),
	perStep = STRUCTS_PER_SLICE
): Generator<void, Uint8Array> {
	if (doc.store.pendingStructs || doc.store.pendingDs) {
		return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(known));
	}
	const ends = Y.decodeStateVector(Y.encodeStateVector(doc));
	const sections: Uint8Array[] = [];
	let written = 0;
	let budget = perStep;
	// Yjs writes the authors with the highest ids first; integration is fastest that way.
	for (const client of [...ends.keys()].sort((a, b) => b - a)) {
		const end = ends.get(client)!;
		const start = known.get(client) ?? 0;
		if (start >= end) continue;
		const body = new Y.UpdateEncoderV1();
		let clock = start;
		let count = 0;
		while (clock < end) {
			const structs = doc.store.clients.get(client) as Struct[];
			for (let i = Y.findIndexSS(structs, clock); i < structs.length && clock < end; i++) {
				const struct = structs[i];
				struct.write(body, clock - struct.id.clock);
				clock = struct.id.clock + struct.length;
				count++;
				if (--budget === 0) break;
			}
			if (budget === 0) {
				yield;
				budget = perStep;
			}
		}
		const head = encoding.createEncoder();
		encoding.writeVarUint(head, count);
		encoding.writeVarUint(head, client);
		encoding.writeVarUint(head, start);
		sections.push(encoding.toUint8Array(head), body.toUint8Array());
		written++;
	}
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, written);
	for (const section of sections) encoding.writeUint8Array(update, section);
	writeDeleteSet(update, doc);
	return encoding.toUint8Array(update);
}

/** The document's delete set as it is now, written as Yjs writes one in a v1 update. */
function writeDeleteSet(encoder: encoding.Encoder, doc: Y.Doc): void {
	const deleted = Y.createDeleteSetFromStructStore(doc.store).clients as Map<
		number,
		{ clock: number; len: number }[]
	>;
	encoding.writeVarUint(encoder, deleted.size);
	for (const [client, ranges] of [...deleted].sort((a, b) => b[0] - a[0])) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, ranges.length);
		for (const range of ranges) {
			encoding.writeVarUint(encoder, range.clock);
			encoding.writeVarUint(encoder, range.len);
		}
	}
}

/** Gives the event loop back: the sockets of every other document are served meanwhile. */
export const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * After a remote transaction Yjs tidies the formatting of the texts it touched, deleting marks
 * it finds redundant (`Transaction._needFormattingCleanup`, checked after 'afterTransaction').
 * A part of a snapshot is a state nobody ever had — a text's marks may come before the letters
 * between them — and tidying it would delete marks that are not redundant at all. Whatever the
 * editors tidied is stored already: stored updates are applied as they are.
 */
const keepFormatting = (transaction: Y.Transaction) => {
	(transaction as unknown as { _needFormattingCleanup: boolean })._needFormattingCleanup = false;
};

/**
 * Applies stored updates to `doc` in order, exactly as stored (see keepFormatting), giving the
 * event loop back whenever about 15 ms have passed, so that a large document loading does not
 * hold up the sockets of every other one. Nothing else may change `doc` meanwhile.
 */
export async function applyInSlices(
	doc: Y.Doc,
	updates: Uint8Array[],
	origin: unknown = null
): Promise<void> {
	doc.on('afterTransaction', keepFormatting);
	try {
		let slice = performance.now();
		for (const update of updates) {
			Y.applyUpdate(doc, update, origin);
			if (performance.now() - slice > 15) {
				await yieldToLoop();
				slice = performance.now();
			}
		}
	} finally {
		doc.off('afterTransaction', keepFormatting);
	}
}

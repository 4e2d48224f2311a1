// What the fuzzer sends: frames drawn at random, from plain garbage to well-formed messages the
// server must take (Yjs updates on any shared type, some missing what they depend on, presence
// of any shape), and well-formed messages spoiled: truncated, bit-flipped, padded, oversized.
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MAX_FRAME_BYTES = 1024 * 1024;
const NAMES = ['paragraph', 'heading', 'taskItem', 'taskList', 'table', 'script', 'img', 'é', ''];
const STRINGS = ['', 'a', '🙂', '<b>x</b>', '\u0000', 'x'.repeat(5000), 'Réunion du lundi'];

/**
 * A source of frames for one fuzzing socket: it keeps a Y.Doc of its own, so that its valid
 * messages form sequences (updates that build on each other), as a real client's do.
 */
export class FrameSource {
	doc = new Y.Doc();
	/** Another client's doc, where 'default' is a map rather than the editor's XML fragment. */
	odd = new Y.Doc();
	/** Updates produced by the docs and not sent yet: some are sent, some skipped or reordered. */
	pending = [] as Uint8Array[];
	random: () => number;

	constructor(random: () => number) {
		this.random = random;
		const keep = (update: Uint8Array) => this.pending.push(update);
		this.doc.on('update', keep);
		this.odd.on('update', keep);
	}

	int(n: number) {
		return Math.floor(this.random() * n);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	bytes(length: number) {
		const out = new Uint8Array(length);
		for (let i = 0; i < length; i++) out[i] = this.int(256);
		return out;
	}

	/** One frame, and what kind it is (for the tally). */
	next() {
		const roll = this.random() * 100;
		if (roll < 12)
			return {
				kind: 'random bytes',
				frame: this.bytes(this.int(this.random() < 0.9 ? 64 : 65536))
			};
		if (roll < 22) return { kind: 'truncated', frame: this.truncate(this.valid().frame) };
		if (roll < 32) return { kind: 'bit-flipped', frame: this.flip(this.valid().frame) };
		if (roll < 35)
			return { kind: 'padded', frame: concat(this.valid().frame, this.bytes(1 + this.int(16))) };
		if (roll < 36)
			return { kind: 'oversized', frame: new Uint8Array(MAX_FRAME_BYTES + 1 + this.int(1024)) };
		if (roll < 40) return { kind: 'odd type', frame: this.oddType() };
		if (roll < 42) return { kind: 'empty', frame: new Uint8Array(0) };
		return this.valid();
	}

	/** A well-formed message: mostly updates, also sync steps and presence. */
	valid() {
		const roll = this.random() * 100;
		if (roll < 55) return { kind: 'update', frame: this.update() };
		if (roll < 62) return { kind: 'update out of order', frame: this.outOfOrder() };
		if (roll < 70) return { kind: 'sync step 1', frame: this.step1() };
		if (roll < 76) return { kind: 'sync step 2', frame: this.step2() };
		if (roll < 94) return { kind: 'awareness', frame: this.awareness() };
		return { kind: 'query awareness', frame: Uint8Array.of(3) };
	}

	/** A sync update of one random edit of the source's doc (or several, merged). */
	update() {
		const edits = this.random() < 0.9 ? 1 : 1 + this.int(20);
		for (let i = 0; i < edits; i++) this.edit();
		const update = Y.mergeUpdates(this.pending.splice(0));
		return message((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeUpdate(e, update);
		});
	}

	/** An update sent before the ones it builds on (which may never come). */
	outOfOrder() {
		this.edit();
		this.edit();
		const [first, second] = this.pending.splice(0);
		if (this.random() < 0.5) this.pending.push(first);
		return message((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeUpdate(e, second ?? first);
		});
	}

	/** Some edit on some shared type: text, XML of any node name and attributes, maps, arrays. */
	edit() {
		const doc = this.doc;
		const roll = this.int(7);
		const fragment = doc.getXmlFragment(
			this.random() < 0.8 ? 'default' : this.pick(['', 'x', 'é'])
		);
		if (roll === 0 || fragment.length === 0) {
			const element = new Y.XmlElement(this.pick(NAMES) || 'paragraph');
			if (this.random() < 0.3)
				element.setAttribute(this.pick(['checked', 'level', 'href', 'x']), this.pick(STRINGS));
			element.insert(0, [new Y.XmlText(this.pick(STRINGS))]);
			fragment.insert(this.int(fragment.length + 1), [element]);
		} else if (roll === 1) {
			fragment.delete(this.int(fragment.length), 1);
		} else if (roll === 2) {
			(this.random() < 0.5 ? this.odd.getMap('default') : doc.getMap('meta')).set(
				this.pick(STRINGS),
				this.pick([1, null, 'x', [1, 2], { a: 'b' }])
			);
		} else if (roll === 3) {
			doc.getArray('list').insert(0, [this.pick(STRINGS)]);
		} else {
			const first = fragment.get(this.int(fragment.length));
			const text = first instanceof Y.XmlElement ? first.get(0) : first;
			if (text instanceof Y.XmlText) {
				if (text.length > 0 && this.random() < 0.3) text.delete(this.int(text.length), 1);
				else
					text.insert(
						this.int(text.length + 1),
						this.pick(STRINGS).slice(0, 3) || 'z',
						this.random() < 0.2 ? { bold: true } : undefined
					);
			}
		}
	}

	/** Sync step 1 with the source's state vector, or with a made-up one. */
	step1() {
		const vector = this.random() < 0.5 ? Y.encodeStateVector(this.doc) : this.madeUpVector();
		return message((e) => {
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint8Array(e, vector);
		});
	}

	madeUpVector() {
		const e = encoding.createEncoder();
		const entries = this.int(4);
		encoding.writeVarUint(e, entries);
		for (let i = 0; i < entries; i++) {
			encoding.writeVarUint(e, this.int(2 ** 31));
			encoding.writeVarUint(e, this.int(2 ** 20));
		}
		return encoding.toUint8Array(e);
	}

	/** Sync step 2 carrying the whole doc. */
	step2() {
		return message((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeSyncStep2(e, this.doc);
		});
	}

	/** Presence: this doc's, with odd states, or someone else's client id, or removals. */
	awareness() {
		const awareness = new awarenessProtocol.Awareness(this.doc);
		// Now and then someone else's presence, which this socket has no business changing.
		if (this.random() < 0.2) awareness.clientID = this.int(2 ** 31);
		// Odd states on purpose: strings and numbers where an object is expected.
		awareness.setLocalState(
			this.pick<unknown>([
				null,
				{},
				{ user: { name: this.pick(STRINGS) } },
				{ cursor: { anchor: 1 } },
				'x',
				7
			]) as Record<string, unknown> | null
		);
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
		awareness.destroy();
		return message((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint8Array(e, update);
		});
	}

	/** Message types the server does not take, or does not expect from a client. */
	oddType() {
		return message((e) => {
			encoding.writeVarUint(e, this.pick([2, 4, 99, 100, 127, 2 ** 32]));
			encoding.writeVarUint8Array(e, this.bytes(this.int(32)));
		});
	}

	truncate(frame: Uint8Array) {
		return frame.slice(0, this.int(frame.length));
	}

	flip(frame: Uint8Array) {
		const copy = frame.slice();
		const flips = 1 + this.int(3);
		for (let i = 0; i < flips && copy.length > 0; i++)
			copy[this.int(copy.length)] ^= 1 << this.int(8);
		return copy;
	}

	destroy() {
		this.doc.destroy();
		this.odd.destroy();
	}
}

function message(write: (encoder: encoding.Encoder) => void) {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function concat(a: Uint8Array, b: Uint8Array) {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	applyInSlices,
	encodeUpdateInSteps,
	sliceState
} from '$lib/server/collab/persistence/slices';
import { seededRandom } from '../helpers/random';

/**
 * Three authors editing the editor's shape of document (paragraphs of text, a table of cells,
 * formatting, deletions, a map of settings) concurrently, syncing now and then: every kind of
 * reference between structs of different authors a real document has.
 */
function editedDocument(seed: number, steps: number): Y.Doc {
	const next = seededRandom(seed).next;
	const docs = [1, 2, 3].map((client) => {
		const doc = new Y.Doc();
		doc.clientID = client * 1000 + seed;
		return doc;
	});
	const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
	for (let step = 0; step < steps; step++) {
		const doc = pick(docs);
		const fragment = doc.getXmlFragment('default');
		const roll = next();
		if (roll < 0.15 || fragment.length === 0) {
			const paragraph = new Y.XmlElement(next() < 0.2 ? 'table' : 'paragraph');
			const text = new Y.XmlText();
			paragraph.insert(0, [text]);
			fragment.insert(Math.floor(next() * (fragment.length + 1)), [paragraph]);
			text.insert(0, 'début ');
		} else if (roll < 0.8) {
			const paragraph = fragment.get(Math.floor(next() * fragment.length)) as Y.XmlElement;
			const text = paragraph.get(0) as Y.XmlText | undefined;
			if (!text) continue;
			const at = Math.floor(next() * (text.length + 1));
			if (next() < 0.2 && text.length > 2) text.delete(Math.min(at, text.length - 1), 1);
			else if (next() < 0.1) text.format(0, Math.min(3, text.length), { bold: true });
			else text.insert(at, pick(['covoiturage ', 'gare ', 'é', 'x', 'réunion ']));
		} else if (roll < 0.9) {
			if (fragment.length > 1) fragment.delete(Math.floor(next() * fragment.length), 1);
		} else {
			doc.getMap('settings').set(pick(['titre', 'langue']), next());
		}
		if (next() < 0.3) {
			const [a, b] = [pick(docs), pick(docs)];
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		}
	}
	for (const a of docs)
		for (const b of docs) {
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		}
	return docs[0];
}

/** The same content, the same clocks of every author, the same deletions. */
function expectSameDocument(copy: Y.Doc, doc: Y.Doc): void {
	expect(copy.getXmlFragment('default').toJSON()).toBe(doc.getXmlFragment('default').toJSON());
	expect(copy.getMap('settings').toJSON()).toEqual(doc.getMap('settings').toJSON());
	expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
	expect(
		Y.equalDeleteSets(
			Y.createDeleteSetFromStructStore(copy.store),
			Y.createDeleteSetFromStructStore(doc.store)
		)
	).toBe(true);
}

function structCount(doc: Y.Doc): number {
	let n = 0;
	for (const structs of doc.store.clients.values()) n += structs.length;
	return n;
}

describe('sliceState', () => {
	it('keeps a document of at most one slice as Yjs encodes it', () => {
		const doc = editedDocument(1, 30);
		expect([...sliceState(doc, 10_000)]).toEqual([Y.encodeStateAsUpdate(doc)]);
	});

	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'cuts an edited document into slices that each apply whole (seed %i)',
		(seed) => {
			const doc = editedDocument(seed, 600);
			const perSlice = 40;
			const slices = [...sliceState(doc, perSlice)];
			expect(slices.length).toBeGreaterThan(structCount(doc) / perSlice - 1);
			const copy = new Y.Doc();
			for (const slice of slices) {
				Y.applyUpdate(copy, slice);
				// Nothing waits for a later slice: each one integrated whole.
				expect(copy.store.pendingStructs).toBeNull();
			}
			expectSameDocument(copy, doc);
			// Whatever edit comes next applies to the copy exactly as to the original.
			const before = Y.encodeStateVector(doc);
			doc.getXmlFragment('default').insert(0, [new Y.XmlText('suite')]);
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc, before));
			expect(copy.getXmlFragment('default').toJSON()).toBe(doc.getXmlFragment('default').toJSON());
		}
	);

	it('loads parts back with every mark, even those that come before the letters they enclose', async () => {
		// Three authors: A writes "ab." and, elsewhere, many keystrokes; B puts "ab" in italics
		// while C types "Z" between a and b; A then deletes a and b. The marks now enclose "Z"
		// only, and a cut can put them in a part before it: Yjs would tidy them away as empty.
		const sync = (a: Y.Doc, b: Y.Doc) =>
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		const paragraph = (t: string) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(t)]);
			return p;
		};
		const text = (d: Y.Doc, i: number) =>
			(d.getXmlFragment('default').get(i) as Y.XmlElement).get(0) as Y.XmlText;
		const [a, b, c] = [1, 2, 3].map((id) => {
			const d = new Y.Doc();
			d.clientID = id;
			return d;
		});
		a.getXmlFragment('default').insert(0, [paragraph('ab.'), paragraph('')]);
		for (let i = 0; i < 60; i++) text(a, 1).insert(0, 'x');
		sync(a, b);
		sync(a, c);
		text(b, 0).format(0, 2, { italic: true });
		text(c, 0).insert(1, 'Z');
		sync(b, a);
		sync(c, a);
		text(a, 0).delete(0, 1);
		text(a, 0).delete(1, 1);
		const source = new Y.Doc();
		for (const d of [b, c, a]) sync(d, source);
		expect(text(source, 0).toString()).toBe('<italic>Z</italic>.');
		for (let perSlice = 1; perSlice <= 70; perSlice++) {
			const loaded = new Y.Doc();
			await applyInSlices(loaded, [...sliceState(source, perSlice)]);
			expect(text(loaded, 0).toString(), `${perSlice} structs a part`).toBe('<italic>Z</italic>.');
			expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(source));
		}
	});

	it('writes a document with an update still waiting for what it depends on whole', () => {
		const source = editedDocument(9, 200);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
		source.getXmlFragment('default').insert(0, [new Y.XmlText('plus tard')]);
		const afterFirst = Y.encodeStateVector(source);
		source.getXmlFragment('default').insert(0, [new Y.XmlText('encore')]);
		// The second edit without the first: Yjs keeps it pending, outside the store.
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, afterFirst));
		expect(doc.store.pendingStructs).not.toBeNull();
		expect(structCount(doc)).toBeGreaterThan(10);
		expect([...sliceState(doc, 10)]).toEqual([Y.encodeStateAsUpdate(doc)]);
	});
});

/** Runs the generator to its end, calling `between` at every step; returns the update. */
function runSteps(steps: Generator<void, Uint8Array>, between: () => void = () => {}): Uint8Array {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		between();
	}
}

describe('encodeUpdateInSteps', () => {
	it.each([1, 2, 3, 4, 5])('gives the whole document in one update (seed %i)', (seed) => {
		const doc = editedDocument(seed, 600);
		let steps = 0;
		const update = runSteps(encodeUpdateInSteps(doc, new Map(), 25), () => steps++);
		expect(steps).toBeGreaterThan(structCount(doc) / 25 - 2);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, update);
		expect(copy.store.pendingStructs).toBeNull();
		expectSameDocument(copy, doc);
	});

	it('gives a peer only what it lacks', () => {
		const doc = editedDocument(12, 400);
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		const fragment = doc.getXmlFragment('default');
		for (let i = 0; i < 200; i++)
			fragment.insert(i % (fragment.length + 1), [new Y.XmlText(`n${i}`)]);
		const known = Y.decodeStateVector(Y.encodeStateVector(peer));
		const update = runSteps(encodeUpdateInSteps(doc, known, 20));
		// What Yjs itself would send: the new structs, and the delete set.
		const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer));
		expect(Math.abs(update.length - diff.length)).toBeLessThan(diff.length / 10);
		Y.applyUpdate(peer, update);
		expect(peer.getXmlFragment('default').toJSON()).toBe(fragment.toJSON());
	});

	it.each([31, 32, 33, 34, 35])('follows a document edited between two steps (seed %i)', (seed) => {
		const next = seededRandom(seed).next;
		const doc = editedDocument(seed, 500);
		const fragment = doc.getXmlFragment('default');
		// What a newcomer receives: every edit made meanwhile as it happens, then the answer.
		const peer = new Y.Doc();
		doc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));
		const update = runSteps(encodeUpdateInSteps(doc, new Map(), 20), () => {
			const paragraph = fragment.get(Math.floor(next() * fragment.length)) as Y.XmlElement;
			const text = paragraph?.get(0) as Y.XmlText | undefined;
			if (!text) return;
			const roll = next();
			// Typing in the middle splits a run; deleting next to it lets runs merge again.
			if (roll < 0.4) text.insert(Math.floor(next() * (text.length + 1)), 'milieu');
			else if (roll < 0.6) text.format(0, Math.min(2, text.length), { italic: true });
			else if (roll < 0.85 && text.length > 3) text.delete(1, 2);
			else if (fragment.length > 1) fragment.delete(Math.floor(next() * fragment.length), 1);
		});
		Y.applyUpdate(peer, update);
		expect(peer.store.pendingStructs).toBeNull();
		expect(peer.getXmlFragment('default').toJSON()).toBe(fragment.toJSON());
		expect(Y.encodeStateVector(peer)).toEqual(Y.encodeStateVector(doc));
	});
});

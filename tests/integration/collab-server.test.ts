import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionUser } from '$lib/server/auth/session';
import { jsonFromDoc } from '$lib/richtext/content';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { documentUpdates } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import {
	addParagraph,
	connectClient,
	contentOf,
	seededRandom,
	startCollab,
	synced,
	until,
	type Client,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let running: RunningCollab;
let people: SessionUser[];
let groupId: string;

beforeAll(async () => {
	running = await startCollab();
	people = await Promise.all([1, 2, 3, 4, 5].map(() => buildUser()));
	const group = await buildGroup(
		{},
		people.map((user, i) => ({ user, role: i === 0 ? 'lead' : 'member' }))
	);
	groupId = group.id;
});
afterAll(() => running.stop());

async function newDocument(
	title = 'Compte rendu',
	content?: Parameters<typeof documents.create>[3]
) {
	return (await documents.create(people[0], groupId, { title, tags: [] }, content)).id;
}

async function clients(documentId: string, count: number): Promise<Client[]> {
	const made = await Promise.all(
		people.slice(0, count).map((p) => connectClient(running, p.id, documentId))
	);
	await Promise.all(made.map((c) => synced(c)));
	return made;
}

/** Inserts `text` at `offset` (clamped) in the paragraph at `index` (clamped), creating one if needed. */
function typeAt(doc: Y.Doc, index: number, offset: number, text: string) {
	const fragment = doc.getXmlFragment('default');
	if (fragment.length === 0) return addParagraph(doc, text);
	const paragraph = fragment.get(Math.min(index, fragment.length - 1)) as Y.XmlElement;
	const run = paragraph.get(0) as Y.XmlText | undefined;
	if (!run) return doc.transact(() => paragraph.insert(0, [new Y.XmlText(text)]));
	run.insert(Math.min(offset, run.length), text);
}

const allSame = (list: Client[]) => list.every((c) => c.text() === list[0].text());
const allSaved = (list: Client[]) => list.every((c) => c.saves.saved);

/** Every client shows the same content, every edit is acknowledged, and the database holds it. */
async function expectConvergedAndStored(documentId: string, list: Client[], expected: string[]) {
	await until(
		() => allSame(list) && expected.every((w) => list[0].text().includes(w)),
		10_000,
		'convergence'
	);
	await until(() => allSaved(list), 10_000, 'every edit acknowledged');
	// Saved means stored: read the database now, without flushing anything first.
	const stored = await loadDoc(documentId);
	expect(contentOf(stored)).toBe(list[0].text());
	expect(jsonFromDoc(stored)).toEqual(jsonFromDoc(list[0].doc));
	stored.destroy();
}

describe('sync between real y-websocket clients', () => {
	it('two clients typing in the same paragraph converge, and the database holds what they show', async () => {
		const documentId = await newDocument();
		const [a, b] = await clients(documentId, 2);
		addParagraph(a.doc, 'Ordre du jour');
		await until(() => b.text().includes('Ordre du jour'), 5000, 'the first paragraph');
		// Both type into the same run of text at once: Yjs must merge, not overwrite.
		for (let i = 0; i < 20; i++) {
			typeAt(a.doc, 0, 0, 'a');
			typeAt(b.doc, 0, 1000, 'b');
		}
		addParagraph(b.doc, 'Points divers');
		await expectConvergedAndStored(documentId, [a, b], ['Points divers', 'Ordre du jour']);
		expect(a.text().match(/a/g)?.length).toBeGreaterThanOrEqual(20);
		expect(a.text().match(/b/g)?.length).toBeGreaterThanOrEqual(20);
	});

	it('five clients typing concurrently converge, and the database holds what they show', async () => {
		const documentId = await newDocument();
		const five = await clients(documentId, 5);
		const random = seededRandom(5);
		const words = five.map((_, i) => `mot${i}fin`);
		for (let round = 0; round < 40; round++) {
			for (const [i, client] of five.entries()) {
				if (round === 20) addParagraph(client.doc, words[i]);
				else typeAt(client.doc, random.int(3), random.int(50), random.word());
			}
			if (round % 5 === 0) await new Promise((r) => setTimeout(r, random.int(10)));
		}
		await expectConvergedAndStored(documentId, five, words);
		expect(running.collab.rooms.get(documentId)?.connections.size).toBe(5);
	});

	it('answers the first sync of a newcomer with everything stored, even when nobody has the document open', async () => {
		const content = {
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Charte' }] },
				{ type: 'paragraph', content: [{ type: 'text', text: 'Article premier : entraide.' }] }
			]
		};
		const documentId = await newDocument('Charte', { content });
		// A long history after the template, written straight into the table: loading takes a while.
		const history = await loadDoc(documentId);
		const rows: { documentId: string; data: Uint8Array; userId: string }[] = [];
		history.on('update', (data: Uint8Array) =>
			rows.push({ documentId, data, userId: people[0].id })
		);
		const paragraph = new Y.XmlElement('paragraph');
		const run = new Y.XmlText();
		paragraph.insert(0, [run]);
		history.getXmlFragment('default').insert(2, [paragraph]);
		for (let i = 0; i < 1500; i++) run.insert(run.length, String(i % 10));
		await db.insert(documentUpdates).values(rows);
		const expected = jsonFromDoc(history);
		expect(running.collab.rooms.has(documentId)).toBe(false);

		const client = await connectClient(running, people[1].id, documentId);
		// What the client holds the moment it first calls itself synced.
		const atFirstSync = new Promise<unknown>((resolve) =>
			client.provider.once('sync', () => resolve(jsonFromDoc(client.doc)))
		);
		expect(await atFirstSync).toEqual(expected);
		expect(contentOf(client.doc)).toContain('Article premier : entraide.');
	});

	it('gives a late joiner everything the others typed', async () => {
		const documentId = await newDocument();
		const [a, b] = await clients(documentId, 2);
		for (let i = 0; i < 30; i++) addParagraph(i % 2 ? a.doc : b.doc, `ligne ${i}`);
		await until(() => allSame([a, b]) && allSaved([a, b]), 5000, 'the first two to settle');
		const late = await connectClient(running, people[2].id, documentId);
		const atFirstSync = new Promise<string>((resolve) =>
			late.provider.once('sync', () => resolve(late.text()))
		);
		expect(await atFirstSync).toBe(a.text());
		addParagraph(late.doc, 'Arrivée tardive');
		await expectConvergedAndStored(documentId, [a, b, late], ['Arrivée tardive', 'ligne 29']);
	});

	it('acknowledges a keystroke as stored within 100 ms when the server is not busy', async () => {
		const documentId = await newDocument();
		const [a] = await clients(documentId, 1);
		addParagraph(a.doc, '');
		await until(() => a.saves.saved);
		const delays: number[] = [];
		for (let i = 0; i < 15; i++) {
			const start = performance.now();
			const stored = new Promise<number>((resolve) => {
				let saving = false;
				const stop = a.saves.subscribe((state) => {
					if (state === 'saving') saving = true;
					else if (state === 'saved' && saving) {
						stop();
						resolve(performance.now());
					}
				});
			});
			typeAt(a.doc, 0, i, 'x');
			delays.push((await stored) - start);
		}
		delays.sort((x, y) => x - y);
		expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(100);
	});
});

describe('presence (awareness)', () => {
	type Presence = { user?: { name: string } };
	const nameIn = (observer: Client, subject: Client) =>
		(observer.provider.awareness.getStates().get(subject.doc.clientID) as Presence | undefined)
			?.user?.name;

	it('reaches the others, is sent to newcomers, and is removed when its socket goes', async () => {
		const documentId = await newDocument();
		const [a, b] = await clients(documentId, 2);
		// The names are the accounts' (the server writes them: collab-presence.test.ts).
		const [alice, bruno] = [people[0].name, people[1].name];
		a.provider.awareness.setLocalStateField('user', { name: alice });
		b.provider.awareness.setLocalStateField('user', { name: bruno });
		await until(() => nameIn(b, a) === alice && nameIn(a, b) === bruno, 5000, 'presence');

		const c = await connectClient(running, people[2].id, documentId);
		await until(() => nameIn(c, a) === alice && nameIn(c, b) === bruno, 5000, 'greeting');

		// A closed tab says nothing: the server removes the presence of the socket that went.
		a.destroy();
		await until(() => !b.provider.awareness.getStates().has(a.doc.clientID), 2000, 'removal');
		await until(() => !c.provider.awareness.getStates().has(a.doc.clientID), 2000, 'removal');

		// Nor does a dropped connection.
		b.provider.shouldConnect = false;
		(b.provider.ws as unknown as { terminate(): void }).terminate();
		await until(() => !c.provider.awareness.getStates().has(b.doc.clientID), 2000, 'drop');
		expect(nameIn(c, c)).toBeUndefined();
	});
});

describe('the save status the editor shows', () => {
	it('is never "saved" while an edit is not stored, online or offline', async () => {
		const documentId = await newDocument();
		const [a] = await clients(documentId, 1);
		const states: string[] = [];
		a.saves.subscribe((state) => states.push(state));
		expect(a.saves.state).toBe('saved');

		const editedAt = Date.now();
		addParagraph(a.doc, 'en ligne');
		// Synchronously after the edit, before any acknowledgement could arrive.
		expect(a.saves.saved).toBe(false);
		expect(a.saves.pendingSince).toBeGreaterThanOrEqual(editedAt);
		await until(() => a.saves.saved, 5000, 'the acknowledgement');
		expect(states).toEqual(['saved', 'saving', 'saved']);
		expect(a.saves.pendingSince).toBeNull();

		a.provider.disconnect();
		await until(() => a.saves.state === 'disconnected', 2000, 'disconnected');
		addParagraph(a.doc, 'hors ligne');
		expect(a.saves.saved).toBe(false);
		expect(a.saves.state).toBe('offline');
		expect(contentOf(await loadDoc(documentId))).not.toContain('hors ligne');

		a.provider.connect();
		await until(() => a.saves.saved, 5000, 'saved after reconnecting');
		expect(contentOf(await loadDoc(documentId))).toContain('hors ligne');
	});

	it('sends again what a dropped connection left unacknowledged, once', async () => {
		const documentId = await newDocument();
		const [a, b] = await clients(documentId, 2);
		const states: string[] = [];
		a.saves.subscribe((state) => states.push(state));
		addParagraph(a.doc, 'unique');
		expect(a.saves.saved).toBe(false);
		const madeAt = a.saves.pendingSince;
		expect(madeAt).not.toBeNull();
		// Dropped before the server could answer.
		(a.provider.ws as unknown as { terminate(): void }).terminate();
		await until(() => a.saves.state === 'offline', 2000, 'offline');
		// The edit waits since it was made, not since the connection dropped.
		expect(a.saves.pendingSince).toBe(madeAt);
		await until(() => a.provider.synced && a.saves.saved, 5000, 'reconnected and saved');
		expect(a.saves.pendingSince).toBeNull();
		// Offline, then back: saving until the server acknowledged what the old socket had left.
		expect(states).toEqual(['saved', 'saving', 'offline', 'saving', 'saved']);
		await until(() => b.text() === a.text(), 5000, 'convergence');
		expect(a.text().match(/unique/g)).toHaveLength(1);
		expect(contentOf(await loadDoc(documentId))).toBe(a.text());
	});
});

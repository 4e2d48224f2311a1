import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionUser } from '$lib/server/auth/session';
import { jsonFromDoc } from '$lib/richtext/content';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import * as documents from '$lib/server/documents';
import {
	connectClient,
	contentOf,
	seededRandom,
	startCollab,
	synced,
	until,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let running: RunningCollab;
let people: SessionUser[];
let groupId: string;

beforeAll(async () => {
	// Compacting often, so that compactions run in the middle of the editing too.
	running = await startCollab({ compactAfter: 60 });
	people = await Promise.all([0, 1, 2, 3, 4].map(() => buildUser()));
	groupId = (
		await buildGroup(
			{},
			people.map((user, i) => ({ user, role: i === 0 ? 'lead' : 'member' }))
		)
	).id;
});
afterAll(() => running.stop());

type Random = ReturnType<typeof seededRandom>;

const paragraphs = (doc: Y.Doc) => doc.getXmlFragment('default');

/** The text run of a paragraph, made if the paragraph has none. */
function runOf(paragraph: Y.XmlElement): Y.XmlText {
	const first = paragraph.get(0);
	if (first instanceof Y.XmlText) return first;
	const run = new Y.XmlText();
	paragraph.insert(0, [run]);
	return run;
}

/** One random edit of the kind an editor makes: type, delete, split off a paragraph, remove one. */
function edit(doc: Y.Doc, random: Random, label: string): void {
	const fragment = paragraphs(doc);
	const roll = random.next();
	doc.transact(() => {
		if (fragment.length === 0 || roll < 0.12) {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(`${label} `)]);
			fragment.insert(random.int(fragment.length + 1), [paragraph]);
			return;
		}
		const paragraph = fragment.get(random.int(fragment.length)) as Y.XmlElement;
		if (roll < 0.15 && fragment.length > 3) {
			fragment.delete(fragment.toArray().indexOf(paragraph), 1);
			return;
		}
		const run = runOf(paragraph);
		if (roll < 0.4 && run.length > 0) {
			const at = random.int(run.length);
			run.delete(at, Math.min(1 + random.int(5), run.length - at));
		} else {
			run.insert(random.int(run.length + 1), random.word());
		}
	});
}

async function runSeed(seed: number) {
	const random = seededRandom(seed);
	const documentId = (
		await documents.create(people[0], groupId, { title: `Graine ${seed}`, tags: [] })
	).id;
	const connect = async (person: SessionUser) => {
		const client = await connectClient(running, person.id, documentId);
		return client;
	};
	const clients = await Promise.all(people.slice(0, 3 + random.int(2)).map(connect));
	await Promise.all(clients.map((c) => synced(c)));

	const operations = 400;
	let disconnects = 0;
	for (let op = 0; op < operations; op++) {
		// A newcomer halfway through.
		if (op === operations / 2) clients.push(await connect(people[clients.length]));
		const index = random.int(clients.length);
		const client = clients[index];
		const roll = random.next();
		if (roll < 0.04) {
			// Going offline and back, keeping on typing in between.
			if (client.provider.shouldConnect) {
				client.provider.disconnect();
				disconnects++;
			} else client.provider.connect();
		} else if (roll < 0.05 && client.provider.wsconnected) {
			// A dropped connection: y-websocket reconnects by itself.
			(client.provider.ws as unknown as { terminate(): void }).terminate();
			disconnects++;
		} else {
			edit(client.doc, random, `c${index}o${op}`);
		}
		if (op % 5 === 0) await new Promise((r) => setTimeout(r, random.int(4)));
	}

	for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();
	const same = () => clients.every((c) => c.text() === clients[0].text());
	await until(
		() => clients.every((c) => c.provider.synced) && same() && clients.every((c) => c.saves.saved),
		15_000,
		`clients of seed ${seed} to converge and be saved`
	);
	expect(disconnects).toBeGreaterThan(0);
	expect(paragraphs(clients[0].doc).length).toBeGreaterThan(3);
	const stored = await loadDoc(documentId);
	expect(contentOf(stored)).toBe(clients[0].text());
	for (const client of clients) expect(jsonFromDoc(client.doc)).toEqual(jsonFromDoc(stored));
	// The server's live copy agrees too.
	const room = running.collab.rooms.get(documentId);
	if (room) expect(contentOf(room.doc)).toBe(contentOf(stored));
	stored.destroy();
}

describe('randomized editing with disconnects converges, on every client and in the database', () => {
	for (const seed of [11, 2024, 777]) {
		it(`seed ${seed}`, () => runSeed(seed), 20_000);
	}
});

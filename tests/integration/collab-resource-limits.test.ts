import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { CLOSE_DOCUMENT_FULL, CLOSE_RATE_LIMITED, MESSAGE_SYNC } from '$lib/collab/protocol';
import type { SessionUser } from '$lib/server/auth/session';
import {
	MAX_SOCKETS_PER_DOCUMENT,
	MAX_SOCKETS_PER_PERSON,
	MAX_WAITING_MESSAGES,
	MESSAGE_BURST
} from '$lib/server/collab/limits';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { documentUpdates } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import {
	addParagraph,
	closeOf,
	connectClient,
	contentOf,
	rawSocket,
	sessionCookie,
	startCollab,
	synced,
	until,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

// What one person, one socket and one document may use of the sync server (limits.ts): the
// shipped numbers on one server, and a small document size on another.

/** The document size of the second server: small enough to reach in a test. */
const SMALL_DOCUMENT_BYTES = 64 * 1024;

let running: RunningCollab;
let small: RunningCollab;
const sockets: WebSocket[] = [];

beforeAll(async () => {
	running = await startCollab();
	small = await startCollab({ maxDocumentBytes: SMALL_DOCUMENT_BYTES, compactAfter: 5 });
});
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.terminate();
});
afterAll(async () => {
	await running.stop();
	await small.stop();
});

/**
 * A group of its own for each test, so that sockets closed by the test before are no longer
 * counted against anyone: a writer, a second writer and an observer (read-only).
 */
async function team() {
	const lead = await buildUser();
	const writer = await buildUser();
	const observer = await buildUser();
	const group = await buildGroup({}, [
		{ user: lead, role: 'lead' },
		{ user: writer, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	const newDocument = async () =>
		(await documents.create(lead, group.id, { title: 'Limites', tags: [] })).id;
	return { lead, writer, observer, newDocument };
}

async function client(on: RunningCollab, user: SessionUser, documentId: string) {
	const made = await connectClient(on, user.id, documentId);
	await synced(made);
	return made;
}

/** A raw socket of the session on the document: open, or the HTTP status it was refused with. */
async function raw(on: RunningCollab, cookie: string, documentId: string) {
	const outcome = await rawSocket(`${on.wsUrl}/${documentId}`, { origin: on.url, cookie });
	sockets.push(outcome.socket);
	return outcome;
}

/** A sync step 1 with an empty state vector: "send me the whole document". */
const WHOLE_DOCUMENT_PLEASE = Uint8Array.from([MESSAGE_SYNC, 0, 1, 0]);
const isAnswer = (m: Uint8Array) => m[0] === MESSAGE_SYNC && m[1] === 1;
const isUpdate = (m: Uint8Array) => m[0] === MESSAGE_SYNC && m[1] === 2;

describe('sockets per person', () => {
	it(`lets one person have ${MAX_SOCKETS_PER_DOCUMENT} sockets on a document, refuses the next with 429, and lets one in again once one closes`, async () => {
		const { writer, lead, newDocument } = await team();
		const documentId = await newDocument();
		const cookie = await sessionCookie(writer.id);
		// All at once: the sockets still being let in count as much as those already in.
		const outcomes = await Promise.all(
			Array.from({ length: MAX_SOCKETS_PER_DOCUMENT + 5 }, () => raw(running, cookie, documentId))
		);
		const admitted = outcomes.filter((o) => o.opened);
		expect(admitted).toHaveLength(MAX_SOCKETS_PER_DOCUMENT);
		expect(outcomes.filter((o) => !o.opened).map((o) => !o.opened && o.status)).toEqual([
			429, 429, 429, 429, 429
		]);
		// Another person is not concerned, nor this person on another document.
		expect((await raw(running, await sessionCookie(lead.id), documentId)).opened).toBe(true);
		expect((await raw(running, cookie, await newDocument())).opened).toBe(true);

		const leaving = admitted[0].socket;
		const gone = new Promise((resolve) => leaving.once('close', resolve));
		leaving.close();
		await gone;
		let reopened = false;
		await until(
			async () => (reopened = (await raw(running, cookie, documentId)).opened),
			5000,
			'a socket let in again'
		);
		expect(reopened).toBe(true);
	});

	it(`lets one person have ${MAX_SOCKETS_PER_PERSON} sockets in all, and refuses the next with 429`, async () => {
		const { writer, newDocument } = await team();
		const cookie = await sessionCookie(writer.id);
		const perDocument = MAX_SOCKETS_PER_DOCUMENT;
		const documentIds = await Promise.all(
			Array.from({ length: Math.ceil(MAX_SOCKETS_PER_PERSON / perDocument) }, newDocument)
		);
		for (const [i, documentId] of documentIds.entries()) {
			const count = Math.min(perDocument, MAX_SOCKETS_PER_PERSON - i * perDocument);
			const outcomes = await Promise.all(
				Array.from({ length: count }, () => raw(running, cookie, documentId))
			);
			expect(outcomes.every((o) => o.opened)).toBe(true);
		}
		const next = await raw(running, cookie, await newDocument());
		expect(next.opened ? 101 : next.status).toBe(429);
	});
});

describe('messages per socket', () => {
	it('closes a socket flooding 20,000 frames with 4429 after a few hundred, while the edits of the others keep arriving', async () => {
		const { writer, lead, observer, newDocument } = await team();
		const documentId = await newDocument();
		const typist = await client(running, writer, documentId);
		const watcher = await client(running, lead, documentId);
		// A read-only person: their updates are dropped anyway, but every message is handled.
		const flooded = await raw(running, await sessionCookie(observer.id), documentId);
		if (!flooded.opened) throw new Error(`refused: ${flooded.status}`);
		const flooder = flooded.socket;
		let answers = 0;
		flooder.on('message', (data: Buffer) => {
			if (isAnswer(new Uint8Array(data))) answers++;
		});
		const closed = closeOf(flooder, 20_000);

		// 20 rounds of 1,000 frames, each followed by a line typed by someone else.
		for (let round = 0; round < 20; round++) {
			for (let i = 0; i < 1000 && flooder.readyState === flooder.OPEN; i++) {
				flooder.send(WHOLE_DOCUMENT_PLEASE);
			}
			addParagraph(typist.doc, `ligne ${round}`);
			await new Promise((resolve) => setImmediate(resolve));
		}

		expect((await closed).code).toBe(CLOSE_RATE_LIMITED);
		// Handled: the burst, and what came back while the rest waited; not 20,000.
		expect(answers).toBeGreaterThanOrEqual(MESSAGE_BURST);
		expect(answers).toBeLessThanOrEqual(MESSAGE_BURST + MAX_WAITING_MESSAGES);
		await until(() => watcher.text().includes('ligne 19'), 5000, 'every line to arrive');
		const positions = Array.from({ length: 20 }, (_, i) => watcher.text().indexOf(`ligne ${i}<`));
		expect(positions.every((at, i) => at >= 0 && (i === 0 || at > positions[i - 1]))).toBe(true);
		await until(() => typist.saves.saved, 5000, 'the lines stored');
		expect(typist.closes).toEqual([]);
		expect(watcher.closes).toEqual([]);
	});

	it('makes a socket over its rate wait its turn, without closing it, while the others go first', async () => {
		// One message a second after the burst: the rest of the socket's messages wait long.
		const slow = await startCollab({ messagesPerSecond: 1 });
		try {
			const { writer, observer, newDocument } = await team();
			const documentId = await newDocument();
			const typist = await client(slow, writer, documentId);
			const outcome = await raw(slow, await sessionCookie(observer.id), documentId);
			if (!outcome.opened) throw new Error(`refused: ${outcome.status}`);
			const eager = outcome.socket;
			const received: ('answer' | 'edit')[] = [];
			eager.on('message', (data: Buffer) => {
				const message = new Uint8Array(data);
				if (isAnswer(message)) received.push('answer');
				else if (isUpdate(message)) received.push('edit');
			});
			const sent = MESSAGE_BURST + 300;
			for (let i = 0; i < sent; i++) eager.send(WHOLE_DOCUMENT_PLEASE);
			await until(() => received.length >= MESSAGE_BURST, 5000, 'the burst answered');

			addParagraph(typist.doc, 'pendant l’attente');
			await until(() => received.includes('edit'), 5000, 'the edit to reach the eager socket');
			// The edit overtook the messages still waiting; the socket is still open.
			expect(received.filter((r) => r === 'answer').length).toBeLessThan(sent);
			expect(received.indexOf('edit')).toBeGreaterThanOrEqual(MESSAGE_BURST);
			expect(eager.readyState).toBe(eager.OPEN);
		} finally {
			await slow.stop();
		}
	});
});

describe('the size of a document', () => {
	it('refuses an update that would take the document beyond its size with 4413, and keeps what was stored', async () => {
		const { writer, lead, newDocument } = await team();
		const documentId = await newDocument();
		const author = await client(small, writer, documentId);
		const other = await client(small, lead, documentId);
		addParagraph(author.doc, 'Avant le trop-plein');
		await until(() => author.saves.saved, 5000, 'the first paragraph stored');
		await until(() => other.text().includes('Avant le trop-plein'), 5000, 'the first paragraph');

		const huge = 'x'.repeat(SMALL_DOCUMENT_BYTES);
		addParagraph(author.doc, huge);
		await until(() => author.closes.length > 0, 5000, 'the author closed');
		expect(author.closes).toEqual([CLOSE_DOCUMENT_FULL]);
		// Final: y-websocket does not come back with the same update.
		expect(author.provider.shouldConnect).toBe(false);

		// Not shared, not stored, not in the live document; what came before is intact.
		await small.collab.writer.flush();
		const stored = await loadDoc(documentId);
		expect(contentOf(stored)).toContain('Avant le trop-plein');
		expect(contentOf(stored)).not.toContain(huge);
		expect(contentOf(small.collab.rooms.get(documentId)!.doc)).toBe(contentOf(stored));
		expect(other.text()).toBe(contentOf(stored));
		expect(other.closes).toEqual([]);
		stored.destroy();

		// The document carries on for edits that fit.
		addParagraph(other.doc, 'Après le trop-plein');
		await until(() => other.saves.saved, 5000, 'a small edit stored');
		expect(contentOf(await loadDoc(documentId))).toContain('Après le trop-plein');
	});

	it('takes deletions on a document over its size, so that it can be made smaller', async () => {
		const { writer, newDocument } = await team();
		const documentId = await newDocument();
		// Stored before the limit was what it is now: just over it.
		const before = new Y.Doc();
		addParagraph(before, 'y'.repeat(SMALL_DOCUMENT_BYTES + 500));
		addParagraph(before, 'Conclusion');
		await db
			.insert(documentUpdates)
			.values({ documentId, data: Y.encodeStateAsUpdate(before), userId: writer.id });
		before.destroy();

		const editor = await client(small, writer, documentId);
		expect(editor.text()).toContain('Conclusion');
		const fragment = editor.doc.getXmlFragment('default');
		fragment.delete(0, 1);
		await until(() => editor.saves.saved, 5000, 'the deletion stored');
		expect(editor.closes).toEqual([]);
		const stored = await loadDoc(documentId);
		expect(contentOf(stored)).not.toContain('yyyy');
		expect(contentOf(stored)).toContain('Conclusion');
		stored.destroy();
		// Adding is still refused until compaction has made the document smaller.
		addParagraph(editor.doc, 'z'.repeat(8 * 1024));
		await until(() => editor.closes.length > 0, 5000, 'the editor closed');
		expect(editor.closes).toEqual([CLOSE_DOCUMENT_FULL]);
	});

	it('counts the document as compacted, not every update ever appended', async () => {
		const { writer, newDocument } = await team();
		const documentId = await newDocument();
		const editor = await client(small, writer, documentId);
		const fragment = editor.doc.getXmlFragment('default');
		// Three times the limit typed and deleted again, a quarter at a time: summed, the updates
		// would pass the limit at the fourth round; compaction (every 5 updates here) folds them
		// into a snapshot that holds none of it.
		for (let round = 0; round < 12; round++) {
			addParagraph(editor.doc, String.fromCharCode(97 + round).repeat(SMALL_DOCUMENT_BYTES / 4));
			fragment.delete(0, 1);
			await until(() => editor.saves.saved, 5000, `round ${round} stored`);
			// The compaction asked for, if any, is done before the next round.
			await small.collab.writer.flush();
		}
		addParagraph(editor.doc, 'Fin');
		await until(() => editor.saves.saved, 5000, 'the last paragraph stored');
		expect(editor.closes).toEqual([]);
		expect(contentOf(await loadDoc(documentId))).toBe(editor.text());
	});
});

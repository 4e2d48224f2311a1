import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_GOING_AWAY, MESSAGE_SYNC } from '$lib/collab/protocol';
import type { SessionUser } from '$lib/server/auth/session';
import { compact } from '$lib/server/collab/persistence/compaction';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { UpdateWriter } from '$lib/server/collab/persistence/writer';
import { db } from '$lib/server/db';
import {
	documents as documentsTable,
	documentSnapshots,
	documentUpdates
} from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import {
	addParagraph,
	connectClient,
	contentOf,
	rawSocket,
	sessionCookie,
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
let lead: SessionUser;
let groupId: string;
const open: Client[] = [];

beforeAll(async () => {
	running = await startCollab();
	lead = await buildUser();
	groupId = (await buildGroup({}, [{ user: lead, role: 'lead' }])).id;
});
afterEach(() => {
	for (const client of open.splice(0)) client.destroy();
});
afterAll(() => running.stop());

const newDocument = async () =>
	(await documents.create(lead, groupId, { title: 'Stockage', tags: [] })).id;

async function client(documentId: string, on = running) {
	const made = await connectClient(on, lead.id, documentId);
	open.push(made);
	await synced(made);
	return made;
}

const rowsOf = (documentId: string) =>
	db
		.select()
		.from(documentUpdates)
		.where(eq(documentUpdates.documentId, documentId))
		.orderBy(asc(documentUpdates.id));

const snapshotOf = async (documentId: string) =>
	(
		await db.select().from(documentSnapshots).where(eq(documentSnapshots.documentId, documentId))
	)[0];

/** `count` keystrokes typed in a local document, each its own Yjs update. */
function keystrokes(count: number, text = 'abcdefghij'): { updates: Uint8Array[]; doc: Y.Doc } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const run = new Y.XmlText();
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [run]);
	doc.getXmlFragment('default').insert(0, [paragraph]);
	for (let i = 0; i < count - 1; i++) run.insert(run.length, text[i % text.length]);
	return { updates, doc };
}

/**
 * A document of more than one slice (slices.ts), stored as one update: text typed in bursts
 * stays one Yjs item per burst, here 60 paragraphs of 250 bursts.
 */
async function largeDocument(): Promise<{ documentId: string; doc: Y.Doc }> {
	const documentId = await newDocument();
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	for (let p = 0; p < 60; p++) {
		doc.transact(() => {
			const text = new Y.XmlText();
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [text]);
			fragment.insert(fragment.length, [paragraph]);
			for (let i = 0; i < 250; i++) text.insert(0, `${p}.${i} `);
		});
	}
	const writer = new UpdateWriter();
	writer.enqueue({ documentId, data: Y.encodeStateAsUpdate(doc), userId: null });
	await writer.flush();
	return { documentId, doc };
}

describe('the update writer', () => {
	it('commits many updates queued in the same tick together, and acknowledges each after its commit', async () => {
		const documentId = await newDocument();
		const writer = new UpdateWriter();
		const { updates, doc } = keystrokes(200);
		const acknowledged: number[] = [];
		const committedAtAck: number[] = [];
		for (const [i, data] of updates.entries()) {
			writer.enqueue({
				documentId,
				data,
				userId: lead.id,
				onStored: () => {
					acknowledged.push(i);
					committedAtAck.push(writer.stats.rows);
				}
			});
		}
		expect(writer.pending).toBe(200);
		await writer.flush();
		expect(writer.stats.rows).toBe(200);
		expect(writer.stats.commits).toBeLessThan(200);
		expect(writer.stats.commits).toBeLessThanOrEqual(2);
		// In order, and never before the row is committed.
		expect(acknowledged).toEqual(updates.map((_, i) => i));
		committedAtAck.forEach((rows, i) => expect(rows).toBeGreaterThan(i));
		const rows = await rowsOf(documentId);
		expect(rows.map((r) => Array.from(r.data))).toEqual(updates.map((u) => Array.from(u)));
		expect(contentOf(await loadDoc(documentId))).toBe(contentOf(doc));
		const [document] = await db
			.select()
			.from(documentsTable)
			.where(eq(documentsTable.id, documentId));
		expect(document.lastEditorId).toBe(lead.id);
	});

	it('writes a lone keystroke at once', async () => {
		const documentId = await newDocument();
		const writer = new UpdateWriter();
		const stored = new Promise<void>((resolve) =>
			writer.enqueue({
				documentId,
				data: keystrokes(1).updates[0],
				userId: null,
				onStored: resolve
			})
		);
		await stored;
		expect(writer.stats.commits).toBe(1);
		expect(await rowsOf(documentId)).toHaveLength(1);
	});

	it('touches an edited document’s row at most once a second, and at the latest when flushed', async () => {
		const documentId = await newDocument();
		const other = await buildUser();
		const writer = new UpdateWriter();
		const { updates } = keystrokes(12);
		const started = Date.now();
		// One keystroke at a time, each waiting for its acknowledgement: a commit each.
		for (const [i, data] of updates.entries()) {
			await new Promise<void>((resolve) =>
				writer.enqueue({
					documentId,
					data,
					userId: i === updates.length - 1 ? other.id : lead.id,
					onStored: resolve
				})
			);
			await new Promise((r) => setTimeout(r, 40));
		}
		const elapsed = Date.now() - started;
		expect(writer.stats.commits).toBe(updates.length);
		expect(writer.stats.touches).toBeGreaterThanOrEqual(1);
		expect(writer.stats.touches).toBeLessThanOrEqual(Math.floor(elapsed / 1000) + 1);
		await writer.flush();
		const [row] = await db.select().from(documentsTable).where(eq(documentsTable.id, documentId));
		expect(row.lastEditorId).toBe(other.id);
		expect(Date.now() - row.lastEditedAt.getTime()).toBeLessThan(60_000);
		// An edit without a person keeps the last editor known.
		writer.enqueue({ documentId, data: keystrokes(1).updates[0], userId: null });
		await writer.flush();
		const [after] = await db.select().from(documentsTable).where(eq(documentsTable.id, documentId));
		expect(after.lastEditorId).toBe(other.id);
	});

	it('groups the keystrokes of a client typing fast through the server', async () => {
		const documentId = await newDocument();
		const c = await client(documentId);
		addParagraph(c.doc, '');
		await until(() => c.saves.saved, 5000, 'saved');
		const before = { ...running.collab.writer.stats };
		const run = (c.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
		for (let i = 0; i < 100; i++) run.insert(run.length, 'k');
		await until(() => c.saves.saved, 5000, 'saved');
		const after = running.collab.writer.stats;
		expect(after.rows - before.rows).toBe(100);
		expect(after.commits - before.commits).toBeLessThan(100);
	});
});

describe('compaction', () => {
	it('folds the updates into the snapshot in one go, and the document reads the same', async () => {
		const documentId = await newDocument();
		const c = await client(documentId);
		for (let i = 0; i < 40; i++) addParagraph(c.doc, `ligne ${i}`);
		await until(() => c.saves.saved, 5000, 'saved');
		const before = contentOf(await loadDoc(documentId));
		const rows = await rowsOf(documentId);
		expect(rows.length).toBeGreaterThanOrEqual(40);

		await compact(documentId);
		expect(await rowsOf(documentId)).toEqual([]);
		const snapshot = await snapshotOf(documentId);
		expect(snapshot.upToId).toBe(rows.at(-1)!.id);
		expect(contentOf(await loadDoc(documentId))).toBe(before);

		// Edits after a compaction land on top of the snapshot; compacting again keeps both.
		addParagraph(c.doc, 'après');
		await until(() => c.saves.saved, 5000, 'saved');
		expect(contentOf(await loadDoc(documentId))).toBe(c.text());
		await compact(documentId);
		expect(contentOf(await loadDoc(documentId))).toBe(c.text());
		expect(await rowsOf(documentId)).toEqual([]);
	});

	it('keeps an update appended after the compaction took its mark', async () => {
		const documentId = await newDocument();
		const writer = new UpdateWriter();
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		addParagraph(doc, 'avant');
		writer.enqueue({ documentId, data: updates[0], userId: null });
		await writer.flush();
		addParagraph(doc, 'pendant');
		// The update arrives while the compaction runs: it waits for it, and is not folded.
		await writer.schedule(async () => {
			writer.enqueue({ documentId, data: updates[1], userId: null });
			await compact(documentId);
		});
		await writer.flush();
		const snapshot = await snapshotOf(documentId);
		const rows = await rowsOf(documentId);
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBeGreaterThan(snapshot.upToId);
		expect(contentOf(await loadDoc(documentId))).toBe(contentOf(doc));
	});

	it('never hides an update from a reader that races it', async () => {
		const documentId = await newDocument();
		const writer = new UpdateWriter();
		const { updates } = keystrokes(400);
		let stored = 0;
		let done = false;
		// Keystrokes stored ten at a time, each batch followed by a compaction…
		const appending = (async () => {
			for (let i = 0; i < updates.length; i += 10) {
				for (const data of updates.slice(i, i + 10)) {
					writer.enqueue({ documentId, data, userId: null, onStored: () => stored++ });
				}
				await writer.schedule(() => compact(documentId));
				await new Promise((r) => setTimeout(r, 3));
			}
			done = true;
		})();
		// …while a reader keeps loading the document: it must see at least what was stored before.
		let reads = 0;
		const deadline = Date.now() + 20_000;
		while (!done && Date.now() < deadline) {
			// PGlite answers without leaving the microtask queue: let the writer's turn come.
			await new Promise((r) => setImmediate(r));
			const before = stored;
			const doc = await loadDoc(documentId);
			const run = (doc.getXmlFragment('default').get(0) as Y.XmlElement | undefined)?.get(0);
			const typed = run instanceof Y.XmlText ? run.length + 1 : 0;
			doc.destroy();
			expect(typed, `read ${reads}`).toBeGreaterThanOrEqual(before);
			reads++;
		}
		await appending;
		expect(done).toBe(true);
		expect(reads).toBeGreaterThan(5);
	});

	it('writes a large document in parts that load back to the same document', async () => {
		const { documentId, doc } = await largeDocument();
		await compact(documentId);
		const parts = await db
			.select()
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, documentId))
			.orderBy(asc(documentSnapshots.part));
		expect(parts.length).toBeGreaterThan(1);
		expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i));
		expect(new Set(parts.map((p) => p.upToId)).size).toBe(1);
		expect(contentOf(await loadDoc(documentId))).toBe(contentOf(doc));

		// Someone opens it, edits it, and it is compacted again: the parts are replaced, not added to.
		const c = await client(documentId);
		expect(contentOf(c.doc)).toBe(contentOf(doc));
		addParagraph(c.doc, 'ajout après coup');
		await until(() => c.saves.saved, 5000, 'saved');
		await compact(documentId);
		const again = await db
			.select()
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, documentId));
		expect(again.length).toBe(parts.length);
		expect(contentOf(await loadDoc(documentId))).toBe(contentOf(c.doc));
	});

	it('answers a newcomer to a large document in one message, while someone types in it', async () => {
		const { documentId, doc } = await largeDocument();
		await compact(documentId);
		const typist = await client(documentId);
		// A raw socket, to see each message: the answer (the second sync step) holds the whole document.
		const outcome = await rawSocket(`${running.wsUrl}/${documentId}`, {
			origin: running.url,
			cookie: await sessionCookie(lead.id)
		});
		if (!outcome.opened) throw new Error(`refused: ${outcome.status}`);
		const newcomer = new Y.Doc();
		let answers = 0;
		let atAnswer = '';
		const done = new Promise<void>((resolve) => {
			outcome.socket.on('message', (data: Buffer) => {
				const decoder = decoding.createDecoder(new Uint8Array(data));
				if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
				const step = decoding.readVarUint(decoder);
				if (step === syncProtocol.messageYjsSyncStep1) return;
				Y.applyUpdate(newcomer, decoding.readVarUint8Array(decoder));
				if (step === syncProtocol.messageYjsSyncStep2) {
					answers++;
					atAnswer = contentOf(newcomer);
					resolve();
				}
			});
		});
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(e, newcomer);
		outcome.socket.send(encoding.toUint8Array(e));
		for (let i = 0; i < 20; i++) addParagraph(typist.doc, `pendant l'envoi ${i}`);
		await done;
		outcome.socket.close();
		expect(answers).toBe(1);
		// Whole as soon as it arrives: the editor never shows part of the document.
		expect(atAnswer.startsWith(contentOf(doc))).toBe(true);
		await until(() => typist.saves.saved, 5000, 'saved');
		// Everything: the stored document and what was typed while it was on its way.
		expect(contentOf(newcomer)).toBe(contentOf(typist.doc));
		expect(contentOf(newcomer).startsWith(contentOf(doc))).toBe(true);
	});

	it('answers a socket that asks for a large document again and again one answer at a time, as fast as it reads', async () => {
		const { documentId } = await largeDocument();
		await compact(documentId);
		const outcome = await rawSocket(`${running.wsUrl}/${documentId}`, {
			origin: running.url,
			cookie: await sessionCookie(lead.id)
		});
		if (!outcome.opened) throw new Error(`refused: ${outcome.status}`);
		const socket = outcome.socket;
		const steps: number[] = [];
		socket.on('message', (data: Buffer) => {
			const decoder = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(decoder) === MESSAGE_SYNC) steps.push(decoding.readVarUint(decoder));
		});
		// It stops reading, and asks for the whole document a hundred times (about 30 MB).
		const tcp = (socket as unknown as { _socket: import('node:net').Socket })._socket;
		tcp.pause();
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(e, new Y.Doc());
		for (let i = 0; i < 100; i++) socket.send(encoding.toUint8Array(e));
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const [conn] = running.collab.rooms.get(documentId)!.connections;
		// What waits in the server for it stays near the pace's 4 MiB, not the 30 MB asked for.
		expect(conn.socket.bufferedAmount).toBeGreaterThan(0);
		expect(conn.socket.bufferedAmount).toBeLessThan(5 * 2 ** 20);
		tcp.resume();
		await until(
			() => steps.filter((s) => s === syncProtocol.messageYjsSyncStep2).length === 100,
			20_000,
			'every answer'
		);
		// One message per answer, nothing else.
		expect(steps.filter((s) => s !== syncProtocol.messageYjsSyncStep1)).toEqual(
			Array(100).fill(syncProtocol.messageYjsSyncStep2)
		);
		socket.close();
	});

	it('cuts off a socket that stops reading while its document keeps changing', async () => {
		const server = await startCollab({ maxBacklogBytes: 256 * 1024 });
		try {
			const documentId = await newDocument();
			const typist = await client(documentId, server);
			const outcome = await rawSocket(`${server.wsUrl}/${documentId}`, {
				origin: server.url,
				cookie: await sessionCookie(lead.id)
			});
			if (!outcome.opened) throw new Error(`refused: ${outcome.status}`);
			const closed = new Promise<void>((resolve) => outcome.socket.once('close', () => resolve()));
			const tcp = (outcome.socket as unknown as { _socket: import('node:net').Socket })._socket;
			tcp.pause();
			// Pastes of 100 KB: the kernel's buffers fill, then the server's, then it lets go.
			for (let i = 0; i < 80 && server.collab.stats().connections > 1; i++) {
				addParagraph(typist.doc, `${i} `.padEnd(100_000, 'x'));
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			await until(() => server.collab.stats().connections === 1, 5000, 'the reader cut off');
			tcp.resume();
			await closed;
			// The typist carries on, stored as before.
			addParagraph(typist.doc, 'après');
			await until(() => typist.saves.saved, 5000, 'saved');
		} finally {
			await server.stop();
		}
	});

	it('happens by itself once enough updates piled up', async () => {
		const server = await startCollab({ compactAfter: 20 });
		try {
			const documentId = await newDocument();
			const c = await client(documentId, server);
			for (let i = 0; i < 50; i++) addParagraph(c.doc, `l${i}`);
			await until(() => c.saves.saved, 5000, 'saved');
			await server.collab.writer.flush();
			expect(await snapshotOf(documentId)).toBeDefined();
			expect((await rowsOf(documentId)).length).toBeLessThan(50);
			expect(contentOf(await loadDoc(documentId))).toBe(c.text());
		} finally {
			for (const client of open.splice(0)) client.destroy();
			await server.stop();
		}
	});
});

describe('documents leaving memory', () => {
	it('unloads a document nobody has open, compacted and derived, and reloads it whole', async () => {
		const server = await startCollab({ unloadAfterMs: 100, deriveAfterMs: 60_000 });
		try {
			const documentId = await newDocument();
			const c = await client(documentId, server);
			for (let i = 0; i < 10; i++) addParagraph(c.doc, `idée ${i}`);
			await until(() => c.saves.saved, 5000, 'saved');
			const shown = c.text();
			c.destroy();
			await until(() => !server.collab.rooms.has(documentId), 3000, 'the unload');
			// Leaving memory compacts, and derives the views the edits had not refreshed yet.
			await until(
				async () => (await rowsOf(documentId)).length === 0 && !!(await snapshotOf(documentId)),
				5000,
				'the compaction'
			);
			const [document] = await db
				.select()
				.from(documentsTable)
				.where(eq(documentsTable.id, documentId));
			expect(document.plainText).toContain('idée 9');
			expect(document.html).toContain('<p>idée 0</p>');

			const again = await client(documentId, server);
			expect(again.text()).toBe(shown);
			expect(server.collab.rooms.has(documentId)).toBe(true);
		} finally {
			for (const client of open.splice(0)) client.destroy();
			await server.stop();
		}
	});

	it('stays in memory while someone has it open', async () => {
		const server = await startCollab({ unloadAfterMs: 50 });
		try {
			const documentId = await newDocument();
			const first = await client(documentId, server);
			const second = await client(documentId, server);
			second.destroy();
			await new Promise((r) => setTimeout(r, 300));
			expect(server.collab.rooms.has(documentId)).toBe(true);
			addParagraph(first.doc, 'toujours là');
			await until(() => first.saves.saved, 5000, 'saved');
		} finally {
			for (const client of open.splice(0)) client.destroy();
			await server.stop();
		}
	});
});

describe('shutdown', () => {
	it('writes every pending update before it resolves', async () => {
		const server = await startCollab({ unloadAfterMs: 60_000 });
		const documentId = await newDocument();
		const c = await client(documentId, server);
		// Edits from a socket the server has applied…
		const run = new Y.XmlText();
		c.doc.transact(() => {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [run]);
			c.doc.getXmlFragment('default').insert(0, [paragraph]);
		});
		for (let i = 0; i < 30; i++) run.insert(run.length, 's');
		const room = server.collab.rooms.get(documentId)!;
		await until(() => contentOf(room.doc) === c.text(), 5000, 'the server to have them');
		// …and edits the server makes itself (a restored version), still queued.
		for (const update of keystrokes(50, 'z').updates) {
			room.edit(lead.id, (doc) => Y.applyUpdate(doc, update));
		}
		expect(server.collab.writer.pending).toBeGreaterThan(0);
		const expected = contentOf(room.doc);
		expect(expected).toContain('z'.repeat(49));
		const closed = new Promise<number>((resolve) =>
			c.provider.on('connection-close', (event) => event && resolve(event.code))
		);
		await server.stop();
		expect(await closed).toBe(CLOSE_GOING_AWAY);
		c.destroy();

		expect(server.collab.writer.pending).toBe(0);
		const stored = contentOf(await loadDoc(documentId));
		expect(stored).toBe(expected);
		expect(stored).toContain('s'.repeat(30));
		// Every open document was unloaded on the way out: compacted into its snapshot.
		expect(await rowsOf(documentId)).toEqual([]);
		expect(await snapshotOf(documentId)).toBeDefined();
	});
});

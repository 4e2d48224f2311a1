import { connect, type Socket } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	CLOSE_FORBIDDEN,
	CLOSE_GOING_AWAY,
	CLOSE_PROTOCOL_ERROR,
	CLOSE_TOO_BIG,
	CLOSE_TRY_AGAIN,
	CLOSE_UNSUPPORTED,
	MAX_FRAME_BYTES,
	MESSAGE_AWARENESS,
	MESSAGE_STORED,
	MESSAGE_SYNC
} from '$lib/collab/protocol';
import type { SessionUser } from '$lib/server/auth/session';
import type { CollabHooks } from '$lib/server/collab';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { documentUpdates } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import { appHooks } from '$lib/server/live-documents/hooks';
import * as memberships from '$lib/server/memberships';
import {
	addParagraph,
	closeOf,
	connectClient,
	contentOf,
	rawSocket,
	seededRandom,
	sessionCookie,
	startCollab,
	synced,
	until,
	type Client,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// Loading a document can be held back, to see what the server does with a socket meanwhile: a
// large document would take as long to read on a busy database.
// Or fail as they do while the database is out of reach (authorisations fail too, in `hooks`).
const held = vi.hoisted(() => ({
	gates: new Map<string, Promise<void>>(),
	unreachable: new Set<string>()
}));
const refusedConnection = () =>
	Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
vi.mock('$lib/server/collab/persistence/storage', async (importOriginal) => {
	const actual = await importOriginal<typeof import('$lib/server/collab/persistence/storage')>();
	return {
		...actual,
		loadStored: async (documentId: string) => {
			await held.gates.get(documentId);
			if (held.unreachable.has(`load:${documentId}`)) throw refusedConnection();
			return actual.loadStored(documentId);
		}
	};
});
/** The app's hooks, but an authorisation fails as it does while the database is out of reach. */
const hooks: CollabHooks = {
	...appHooks,
	authorise: async (request, documentId) => {
		if (held.unreachable.has(`authorise:${documentId}`)) throw refusedConnection();
		return appHooks.authorise(request, documentId);
	}
};

/** Holds the next loads of the document until the returned function is called. */
function holdLoading(documentId: string): () => void {
	let release = () => {};
	held.gates.set(
		documentId,
		new Promise<void>((resolve) => {
			release = () => {
				held.gates.delete(documentId);
				resolve();
			};
		})
	);
	return release;
}

await createTestDb();

let running: RunningCollab;
let lead: SessionUser;
let member: SessionUser;
let groupId: string;
const open: Client[] = [];
const sockets: WebSocket[] = [];
const tcpSockets: Socket[] = [];

beforeAll(async () => {
	running = await startCollab({ hooks });
	lead = await buildUser();
	member = await buildUser();
	groupId = (
		await buildGroup({}, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' }
		])
	).id;
});
afterEach(() => {
	for (const client of open.splice(0)) client.destroy();
	for (const socket of sockets.splice(0)) socket.terminate();
	for (const socket of tcpSockets.splice(0)) socket.destroy();
});
afterAll(() => running.stop());

const newDocument = async () =>
	(await documents.create(lead, groupId, { title: 'Limites', tags: [] })).id;

async function client(documentId: string, user = member) {
	const made = await connectClient(running, user.id, documentId);
	open.push(made);
	await synced(made);
	return made;
}

/** A raw socket on the document, opened like a browser would. */
async function raw(documentId: string, user = member): Promise<WebSocket> {
	const outcome = await rawSocket(`${running.wsUrl}/${documentId}`, {
		origin: running.url,
		cookie: await sessionCookie(user.id)
	});
	if (!outcome.opened) throw new Error(`upgrade refused: ${outcome.status}`);
	sockets.push(outcome.socket);
	return outcome.socket;
}

/** A browser's upgrade request for the document, as raw HTTP. */
function upgradeRequest(documentId: string, port: string, cookie: string): string {
	return [
		`GET /collab/${documentId} HTTP/1.1`,
		`Host: 127.0.0.1:${port}`,
		'Upgrade: websocket',
		'Connection: Upgrade',
		'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
		'Sec-WebSocket-Version: 13',
		`Origin: ${running.url}`,
		`Cookie: ${cookie}`,
		'',
		''
	].join('\r\n');
}

/** A TCP socket upgraded by hand on the document, so that frames can be written byte by byte. */
async function upgradedTcp(documentId: string): Promise<Socket> {
	const cookie = await sessionCookie(member.id);
	const { port } = new URL(running.url);
	const socket = connect(Number(port), '127.0.0.1');
	tcpSockets.push(socket);
	socket.write(upgradeRequest(documentId, port, cookie));
	// Only the answer's head is read here: the server speaks next only once it is spoken to.
	const head = await new Promise<string>((resolve, reject) => {
		socket.once('error', reject);
		socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
	});
	if (!head.startsWith('HTTP/1.1 101 ')) throw new Error(`upgrade refused: ${head.slice(0, 40)}`);
	return socket;
}

/** The code of the close frame among a server's unmasked frames, if one is there. */
function closeCodeIn(bytes: Buffer): number | undefined {
	let at = 0;
	while (at + 2 <= bytes.length) {
		const opcode = bytes[at] & 0x0f;
		let length = bytes[at + 1] & 0x7f;
		let start = at + 2;
		if (length === 126) [length, start] = [bytes.readUInt16BE(at + 2), at + 4];
		else if (length === 127) [length, start] = [Number(bytes.readBigUInt64BE(at + 2)), at + 10];
		if (opcode === 0x8) return start + 2 <= bytes.length ? bytes.readUInt16BE(start) : undefined;
		at = start + length;
	}
	return undefined;
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const syncUpdate = (update: Uint8Array) =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeUpdate(e, update);
	});

/** Checks that the document still works for a healthy client, and that the server answers. */
async function stillServing(documentId: string, healthy: Client, marker: string) {
	addParagraph(healthy.doc, marker);
	await until(() => healthy.saves.saved, 5000, 'the healthy client saved');
	expect(contentOf(await loadDoc(documentId))).toContain(marker);
	const newcomer = await client(documentId, lead);
	expect(newcomer.text()).toContain(marker);
	expect(healthy.closes).toEqual([]);
}

describe('frames the server will not take', () => {
	it('closes a socket that sends a frame over 1 MiB with 1009, and only that one', async () => {
		const documentId = await newDocument();
		const healthy = await client(documentId);
		const socket = await raw(documentId);
		const closed = closeOf(socket);
		socket.send(new Uint8Array(MAX_FRAME_BYTES + 1));
		expect((await closed).code).toBe(CLOSE_TOO_BIG);
		await stillServing(documentId, healthy, 'après la trame géante');
	});

	it('answers 1009 to a frame over 1 MiB still arriving, without resetting the connection', async () => {
		const documentId = await newDocument();
		const healthy = await client(documentId);
		const socket = await upgradedTcp(documentId);
		const errors: string[] = [];
		socket.on('error', (e) => errors.push(e.message));
		let received = Buffer.alloc(0);
		socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
		const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
		// Nothing is read until the client is done: a reset would then discard the close frame.
		socket.pause();
		// A frame announcing 2 MiB whose bytes keep coming after the server has refused it, as a
		// slow uplink would send them: the server must read them away and let the client finish,
		// not cut the connection (the peer would see a reset, and maybe never the 1009).
		const length = 2 * MAX_FRAME_BYTES;
		const header = Buffer.alloc(14);
		header[0] = 0x82;
		header[1] = 0x80 | 127;
		header.writeBigUInt64BE(BigInt(length), 2);
		const chunk = Buffer.alloc(256 * 1024, 0xab);
		socket.write(Buffer.concat([header, chunk]));
		for (let sent = chunk.length; sent < length && errors.length === 0; sent += chunk.length) {
			socket.write(chunk);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		// The client's own close frame, then the end of its side.
		socket.end(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xf1]));
		socket.resume();
		await closed;
		expect(errors).toEqual([]);
		expect(closeCodeIn(received)).toBe(CLOSE_TOO_BIG);
		await stillServing(documentId, healthy, 'après la trame qui arrivait encore');
	});

	it('takes a large paste just under the limit', async () => {
		const documentId = await newDocument();
		const healthy = await client(documentId);
		const writer = await client(documentId, lead);
		const paste = 'x'.repeat(900 * 1024);
		addParagraph(writer.doc, paste);
		await until(() => writer.saves.saved, 10_000, 'the paste saved');
		await until(() => healthy.text().includes(paste), 5000, 'the paste to reach the others');
		expect(writer.closes).toEqual([]);
		expect(contentOf(await loadDoc(documentId))).toContain(paste);
	});

	const random = seededRandom(1009);
	const truncated = (() => {
		const doc = new Y.Doc();
		doc.getXmlFragment('default').insert(0, [new Y.XmlText('une phrase assez longue')]);
		const whole = syncUpdate(Y.encodeStateAsUpdate(doc));
		return whole.slice(0, whole.length - 5);
	})();
	const malformed: [string, Uint8Array, number[]][] = [
		[
			'random bytes',
			// Starting with a message type the server does not know, then anything.
			Uint8Array.from([0x7f, ...Array.from({ length: 200 }, () => random.int(256))]),
			[CLOSE_PROTOCOL_ERROR, CLOSE_UNSUPPORTED]
		],
		[
			'random bytes after a sync header',
			Uint8Array.from([MESSAGE_SYNC, 2, ...Array.from({ length: 200 }, () => random.int(256))]),
			[CLOSE_PROTOCOL_ERROR, CLOSE_UNSUPPORTED]
		],
		['a truncated sync update', truncated, [CLOSE_PROTOCOL_ERROR]],
		['a truncated varint', Uint8Array.from([0xff, 0xff]), [CLOSE_PROTOCOL_ERROR]],
		['an unknown message type', Uint8Array.from([42, 0, 0]), [CLOSE_UNSUPPORTED]],
		['an unknown sync step', Uint8Array.from([MESSAGE_SYNC, 9, 0]), [CLOSE_UNSUPPORTED]],
		[
			'a malformed awareness update',
			Uint8Array.from([MESSAGE_AWARENESS, 4, 1, 0xff, 0xff, 0xff]),
			[CLOSE_PROTOCOL_ERROR]
		],
		[
			'an update whose text refers forward to its own author',
			forwardReference(),
			[CLOSE_PROTOCOL_ERROR]
		]
	];

	/**
	 * A well-formed update no editor can write: one run of text by author 7 whose right neighbour
	 * is author 7's sixth struct, ahead of it. Its left neighbour, author 8's, is not there yet:
	 * Yjs would hold it back without a word, it would be stored, and once author 8's arrived the
	 * document could no longer be loaded.
	 */
	function forwardReference(): Uint8Array {
		const update = encoding.createEncoder();
		encoding.writeVarUint(update, 1); // authors
		encoding.writeVarUint(update, 1); // structs
		encoding.writeVarUint(update, 7); // author
		encoding.writeVarUint(update, 0); // first clock
		encoding.writeUint8(update, 4 | 0x80 | 0x40); // a string, with a left and a right origin
		encoding.writeVarUint(update, 8); // left: author 8's fourth struct, not here yet either
		encoding.writeVarUint(update, 3);
		encoding.writeVarUint(update, 7); // right: its own author's, ahead of it
		encoding.writeVarUint(update, 5);
		encoding.writeVarString(update, 'abc');
		encoding.writeVarUint(update, 0); // no deletions
		const message = encoding.createEncoder();
		encoding.writeVarUint(message, MESSAGE_SYNC);
		encoding.writeVarUint(message, 2); // an update
		encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
		return encoding.toUint8Array(message);
	}

	for (const [what, bytes, codes] of malformed) {
		it(`closes a socket that sends ${what}, and the document carries on`, async () => {
			const documentId = await newDocument();
			const other = await newDocument();
			const healthy = await client(documentId);
			const elsewhere = await client(other);
			const socket = await raw(documentId);
			const closed = closeOf(socket);
			socket.send(bytes);
			expect(codes).toContain((await closed).code);
			await stillServing(documentId, healthy, `après ${what}`);
			await stillServing(other, elsewhere, 'ailleurs');
		});
	}

	it('refuses an upgrade followed at once by a flood of bytes, and keeps serving', async () => {
		const documentId = await newDocument();
		const healthy = await client(documentId);
		const cookie = await sessionCookie(member.id);
		const { port } = new URL(running.url);
		const socket = connect(Number(port), '127.0.0.1');
		socket.on('error', () => {});
		let answer = '';
		socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
		const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
		socket.write(upgradeRequest(documentId, port, cookie));
		socket.write(Buffer.alloc(2 * MAX_FRAME_BYTES, 0xab));
		await ended;
		// Refused before the upgrade: the bytes were there before the answer.
		expect(answer.startsWith('HTTP/1.1 400 ')).toBe(true);
		await stillServing(documentId, healthy, 'après le déluge');
	});
});

describe('the database out of reach', () => {
	it('refuses the upgrade for now (503, Retry-After), not as a fault', async () => {
		const documentId = await newDocument();
		held.unreachable.add(`authorise:${documentId}`);
		try {
			const { port } = new URL(running.url);
			const answer = await new Promise<string>((resolve, reject) => {
				const socket = connect(Number(port), '127.0.0.1');
				tcpSockets.push(socket);
				let text = '';
				socket.on('error', reject);
				socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
				socket.on('end', () => resolve(text));
				void sessionCookie(member.id).then((cookie) =>
					socket.write(upgradeRequest(documentId, port, cookie))
				);
			});
			expect(answer).toMatch(/^HTTP\/1\.1 503 /);
			expect(answer).toMatch(/\r\nRetry-After: \d+\r\n/);
		} finally {
			held.unreachable.delete(`authorise:${documentId}`);
		}
		// Back: the same person opens it.
		await client(documentId);
	});

	it('closes a socket whose document cannot be read for now with 1013', async () => {
		const documentId = await newDocument();
		held.unreachable.add(`load:${documentId}`);
		try {
			const socket = await raw(documentId);
			expect((await closeOf(socket)).code).toBe(CLOSE_TRY_AGAIN);
		} finally {
			held.unreachable.delete(`load:${documentId}`);
		}
		await client(documentId);
	});
});

describe('a socket that speaks before its document is loaded', () => {
	it('has its messages queued, then handled in the order they were sent', async () => {
		const documentId = await newDocument();
		const release = holdLoading(documentId);
		const socket = await raw(documentId);
		const received: Uint8Array[] = [];
		socket.on('message', (data: Buffer) => received.push(new Uint8Array(data)));

		// A local editor typing 60 keystrokes, each its own update depending on the one before.
		const local = new Y.Doc();
		const sent: Uint8Array[] = [];
		local.on('update', (update: Uint8Array) => sent.push(update));
		const text = new Y.XmlText();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [text]);
		local.getXmlFragment('default').insert(0, [paragraph]);
		for (let i = 0; i < 60; i++) text.insert(text.length, String(i % 10));
		const awareness = new awarenessProtocol.Awareness(local);
		awareness.setLocalStateField('user', { name: 'pressé' });

		socket.send(
			message((e) => {
				encoding.writeVarUint(e, MESSAGE_SYNC);
				syncProtocol.writeSyncStep1(e, new Y.Doc());
			})
		);
		for (const update of sent) socket.send(syncUpdate(update));
		socket.send(
			message((e) => {
				encoding.writeVarUint(e, MESSAGE_AWARENESS);
				encoding.writeVarUint8Array(
					e,
					awarenessProtocol.encodeAwarenessUpdate(awareness, [local.clientID])
				);
			})
		);
		awareness.destroy();
		await new Promise((r) => setTimeout(r, 200));
		// Nothing is answered before the stored state is there.
		expect(received).toEqual([]);
		expect(running.collab.rooms.has(documentId)).toBe(false);

		release();
		const storedCount = () =>
			received
				.filter((m) => m[0] === MESSAGE_STORED)
				.map((m) => m[1])
				.at(-1);
		await until(() => storedCount() === sent.length, 5000, 'every update acknowledged');
		// The server greets first: its own sync step 1, before anything else.
		expect(received[0][0]).toBe(MESSAGE_SYNC);
		expect(received[0][1]).toBe(syncProtocol.messageYjsSyncStep1);

		const rows = await db
			.select({ data: documentUpdates.data })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, documentId))
			.orderBy(asc(documentUpdates.id));
		expect(rows.map((r) => Array.from(r.data))).toEqual(sent.map((u) => Array.from(u)));
		expect(contentOf(await loadDoc(documentId))).toBe(contentOf(local));
		const room = running.collab.rooms.get(documentId)!;
		expect([...room.awareness.getStates().keys()]).toContain(local.clientID);
		local.destroy();
	});

	it('closes a socket that floods the queue (1008)', async () => {
		const documentId = await newDocument();
		const release = holdLoading(documentId);
		const socket = await raw(documentId);
		const closed = closeOf(socket);
		const ping = Uint8Array.from([3]);
		for (let i = 0; i < 2500; i++) socket.send(ping);
		expect((await closed).code).toBe(1008);
		release();
		const healthy = await client(documentId);
		await stillServing(documentId, healthy, 'après le trop-plein');
	});

	it('serves other documents while one is slow to load', async () => {
		const slow = await newDocument();
		const fast = await newDocument();
		const release = holdLoading(slow);
		const waiting = await connectClient(running, member.id, slow);
		open.push(waiting);
		const quick = await client(fast);
		addParagraph(quick.doc, 'pendant ce temps');
		await until(() => quick.saves.saved, 5000, 'the other document saved');
		expect(waiting.provider.synced).toBe(false);
		release();
		await synced(waiting);
	});

	it('closes a socket whose person lost access while the document was loading', async () => {
		const leaving = await buildUser();
		const closedGroup = await buildGroup({ joinPolicy: 'closed' }, [
			{ user: lead, role: 'lead' },
			{ user: leaving, role: 'member' }
		]);
		const document = await documents.create(lead, closedGroup.id, { title: 'Fermé', tags: [] });
		const release = holdLoading(document.id);
		const socket = await raw(document.id, leaving);
		const closed = closeOf(socket);
		await memberships.remove(lead, closedGroup.id, leaving.id);
		release();
		expect((await closed).code).toBe(CLOSE_FORBIDDEN);
	});

	it('closes a socket still waiting for its document when the server shuts down', async () => {
		const other = await startCollab();
		try {
			const documentId = await newDocument();
			const release = holdLoading(documentId);
			const outcome = await rawSocket(`${other.wsUrl}/${documentId}`, {
				origin: other.url,
				cookie: await sessionCookie(member.id)
			});
			if (!outcome.opened) throw new Error('refused');
			sockets.push(outcome.socket);
			const closed = closeOf(outcome.socket);
			const stopping = other.collab.shutdown();
			release();
			await stopping;
			expect((await closed).code).toBe(CLOSE_GOING_AWAY);
		} finally {
			await other.stop();
		}
	});
});

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '$lib/collab/protocol';
import { colourFor } from '$lib/editor/mention-suggestion';
import type { SessionUser } from '$lib/server/auth/session';
import { MAX_CLIENTS_PER_SOCKET, MAX_DOCUMENT_PRESENCE_BYTES } from '$lib/server/collab/presence';
import * as avatars from '$lib/server/avatars';
import { db } from '$lib/server/db';
import { groupMembers } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import {
	browserLikeSocket,
	connectClient,
	sessionCookie,
	startCollab,
	synced,
	until,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let running: RunningCollab;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
/** Members enough to fill a document's presence past its limit, four states each. */
let crowd: SessionUser[];
let groupId: string;
const peers: Peer[] = [];

beforeAll(async () => {
	running = await startCollab();
	lead = await buildUser({ name: 'Léa Martin' });
	member = await buildUser({ name: 'Awa Diallo' });
	observer = await buildUser({ name: 'Olivier Petit' });
	crowd = await Promise.all(Array.from({ length: 20 }, () => buildUser()));
	groupId = (
		await buildGroup({}, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' },
			{ user: observer, role: 'observer' },
			...crowd.map((user) => ({ user, role: 'member' as const }))
		])
	).id;
});
afterEach(() => {
	for (const peer of peers.splice(0)) {
		peer.socket.terminate();
		peer.view.destroy();
	}
});
afterAll(() => running.stop());

const newDocument = async () =>
	(await documents.create(lead, groupId, { title: 'Présences', tags: [] })).id;

type State = {
	user?: { name?: unknown; color?: unknown; avatar?: unknown };
	[key: string]: unknown;
};

async function client(documentId: string, user: SessionUser) {
	const made = await connectClient(running, user.id, documentId);
	await synced(made);
	return made;
}

/** A raw socket on a document, with every message it received and the presence they show. */
interface Peer {
	socket: WebSocket;
	received: Uint8Array[];
	view: awarenessProtocol.Awareness;
}

async function peer(documentId: string, user: SessionUser): Promise<Peer> {
	const Socket = browserLikeSocket(await sessionCookie(user.id), running.url);
	const socket = new Socket(`${running.wsUrl}/${documentId}`);
	const view = new awarenessProtocol.Awareness(new Y.Doc());
	view.setLocalState(null);
	const made: Peer = { socket, received: [], view };
	peers.push(made);
	// Listened to before it opens: the server's greeting can come with the answer to the upgrade.
	socket.on('message', (data: Buffer) => {
		const message = Uint8Array.from(data);
		made.received.push(message);
		if (message[0] !== MESSAGE_AWARENESS) return;
		const decoder = decoding.createDecoder(message);
		decoding.readVarUint(decoder);
		awarenessProtocol.applyAwarenessUpdate(view, decoding.readVarUint8Array(decoder), 'server');
	});
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('error', reject);
	});
	await handled(made);
	return made;
}

/**
 * Resolves once the server has handled everything the socket sent before, and sent it what
 * that caused: it answers a first sync step in order, on the same connection.
 */
async function handled(peer: Peer): Promise<void> {
	const before = peer.received.length;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, new Y.Doc());
	peer.socket.send(encoding.toUint8Array(encoder));
	await until(
		() =>
			peer.received
				.slice(before)
				.some((m) => m[0] === MESSAGE_SYNC && m[1] === syncProtocol.messageYjsSyncStep2),
		5000,
		'the answer to a first sync step'
	);
}

/** An awareness message as any client may write one: client id, clock and state of each entry. */
function awarenessMessage(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, entries.length);
	for (const { id, clock, state } of entries) {
		encoding.writeVarUint(update, id);
		encoding.writeVarUint(update, clock);
		encoding.writeVarString(update, JSON.stringify(state));
	}
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
	return encoding.toUint8Array(message);
}

const stateIn = (view: awarenessProtocol.Awareness, id: number) =>
	view.getStates().get(id) as State | undefined;

const roomOf = (documentId: string) => running.collab.rooms.get(documentId)!;

/** The presence the server holds for a document, all states together, as the JSON it sends. */
const heldBytes = (documentId: string) =>
	[...roomOf(documentId).awareness.getStates().values()].reduce(
		(sum: number, state) => sum + Buffer.byteLength(JSON.stringify(state)),
		0
	);

describe('presence belongs to the socket that published it', () => {
	it("refuses a state under another connection's client id: its owner's presence is unchanged", async () => {
		const documentId = await newDocument();
		const victim = await client(documentId, member);
		victim.provider.awareness.setLocalStateField('user', { name: member.name, color: '#2f6f8f' });
		const id = victim.doc.clientID;
		const watcher = await peer(documentId, lead);
		await until(() => stateIn(watcher.view, id)?.user?.color === '#2f6f8f', 5000, 'presence');
		const before = stateIn(watcher.view, id);
		const clock = victim.provider.awareness.meta.get(id)!.clock;

		// A read-only socket, with the clocks that would win: a new name, then a removal.
		const attacker = await peer(documentId, observer);
		attacker.socket.send(
			awarenessMessage([
				{ id, clock: clock + 100, state: { user: { name: 'Pirate', color: '#000000' } } }
			])
		);
		attacker.socket.send(awarenessMessage([{ id, clock: clock + 101, state: null }]));
		attacker.socket.send(awarenessMessage([{ id: 4242, clock: 1, state: { marker: 1 } }]));
		await handled(attacker);
		await handled(watcher);
		await until(() => victim.provider.awareness.getStates().has(4242), 5000, 'the marker');

		expect(stateIn(watcher.view, id)).toEqual(before);
		expect(stateIn(watcher.view, 4242)?.marker).toBe(1);
		expect((roomOf(documentId).awareness.getStates().get(id) as State).user?.name).toBe(
			member.name
		);
		// Not renamed on their own screen either.
		expect(victim.provider.awareness.getLocalState()).toEqual({
			user: { name: member.name, color: '#2f6f8f' }
		});
	});

	it("lets the same person's new socket take over their own id", async () => {
		const documentId = await newDocument();
		const watcher = await peer(documentId, lead);
		const stale = await peer(documentId, member);
		stale.socket.send(awarenessMessage([{ id: 777, clock: 1, state: { tab: 'old' } }]));
		await handled(stale);
		// The tab reconnected before the server saw its old socket go: same id, new socket.
		const fresh = await peer(documentId, member);
		fresh.socket.send(awarenessMessage([{ id: 777, clock: 2, state: { tab: 'new' } }]));
		await handled(fresh);

		stale.socket.close();
		await until(() => roomOf(documentId).connections.size === 2, 5000, 'the old socket gone');
		await handled(watcher);
		expect(stateIn(watcher.view, 777)?.tab).toBe('new');
		expect(roomOf(documentId).awareness.getStates().has(777)).toBe(true);
	});
});

describe('the server writes who is present', () => {
	it("replaces a name the client chose with the account's", async () => {
		const documentId = await newDocument();
		const watcher = await client(documentId, lead);
		const spoofer = await client(documentId, member);
		spoofer.provider.awareness.setLocalStateField('user', {
			name: 'Directeur général',
			color: '#4f7d3a'
		});
		const id = spoofer.doc.clientID;
		await until(
			() => (watcher.provider.awareness.getStates().get(id) as State)?.user?.color === '#4f7d3a',
			5000,
			'presence'
		);
		expect((watcher.provider.awareness.getStates().get(id) as State).user).toEqual({
			name: member.name,
			color: '#4f7d3a',
			avatar: null
		});
	});

	it('shows a read-only socket under its own name too', async () => {
		const documentId = await newDocument();
		const watcher = await peer(documentId, lead);
		const reader = await peer(documentId, observer);
		reader.socket.send(
			awarenessMessage([{ id: 31, clock: 1, state: { user: { name: 'La direction' } } }])
		);
		await handled(reader);
		await handled(watcher);
		expect(stateIn(watcher.view, 31)?.user).toEqual({
			name: observer.name,
			color: colourFor(observer.id),
			avatar: null
		});
	});

	it("shows the account's own photo, whichever photo the client names", async () => {
		const pictured = await buildUser({ name: 'Inès Photo' });
		await db.insert(groupMembers).values({ groupId, userId: pictured.id, role: 'member' });
		const jpeg = await sharp({
			create: { width: 80, height: 60, channels: 3, background: '#0f6b64' }
		})
			.jpeg()
			.toBuffer();
		const photo = await avatars.save(pictured, pictured.id, jpeg);
		const borrowed = `/avatars/${lead.id}/${'a'.repeat(32)}`;
		const documentId = await newDocument();
		const watcher = await peer(documentId, lead);
		const sender = await peer(documentId, pictured);
		const other = await peer(documentId, member);
		sender.socket.send(
			awarenessMessage([{ id: 71, clock: 1, state: { user: { name: 'x', avatar: borrowed } } }])
		);
		// Someone without a photo cannot borrow one, nor point everyone's browser elsewhere.
		other.socket.send(
			awarenessMessage([
				{ id: 72, clock: 1, state: { user: { avatar: photo } } },
				{ id: 73, clock: 1, state: { user: { avatar: 'https://attacker.example/p.gif' } } }
			])
		);
		await handled(sender);
		await handled(other);
		await handled(watcher);
		expect(stateIn(watcher.view, 71)?.user).toEqual({
			name: 'Inès Photo',
			color: colourFor(pictured.id),
			avatar: photo
		});
		expect(stateIn(watcher.view, 72)?.user?.avatar).toBeNull();
		expect(stateIn(watcher.view, 73)?.user?.avatar).toBeNull();
		const text = watcher.received.map((m) => Buffer.from(m).toString('latin1')).join('');
		expect(text).not.toContain('attacker.example');
	});

	it('never lets a colour that is not #rrggbb reach the others', async () => {
		const documentId = await newDocument();
		const watcher = await peer(documentId, lead);
		const sender = await peer(documentId, member);
		const colours = [
			'red; background-image:url(http://attacker.example/x)',
			'#2f6f8f;background:url(http://attacker.example/y)',
			'url(http://attacker.example/z)',
			'#fff',
			{ toString: 'red' }
		];
		for (const [i, color] of colours.entries()) {
			sender.socket.send(
				awarenessMessage([{ id: 55, clock: i + 1, state: { user: { name: 'x', color } } }])
			);
			await handled(sender);
			await handled(watcher);
			expect(stateIn(watcher.view, 55)?.user?.color).toBe(colourFor(member.id));
		}
		const text = watcher.received.map((m) => Buffer.from(m).toString('latin1')).join('');
		expect(text).not.toContain('attacker.example');

		// A well-formed colour the person chose is kept.
		sender.socket.send(
			awarenessMessage([{ id: 55, clock: 99, state: { user: { color: '#12AB34' } } }])
		);
		await handled(sender);
		await handled(watcher);
		expect(stateIn(watcher.view, 55)?.user?.color).toBe('#12AB34');
	});

	it('handles a null name, and drops a 20 KB state', async () => {
		const documentId = await newDocument();
		const watcher = await peer(documentId, lead);
		const sender = await peer(documentId, member);
		sender.socket.send(
			awarenessMessage([{ id: 61, clock: 1, state: { user: { name: null, color: null } } }])
		);
		await handled(sender);
		await handled(watcher);
		expect(stateIn(watcher.view, 61)?.user).toEqual({
			name: member.name,
			color: colourFor(member.id),
			avatar: null
		});

		const big = { user: { name: 'y' }, pad: 'x'.repeat(20_000) };
		sender.socket.send(awarenessMessage([{ id: 61, clock: 2, state: big }]));
		sender.socket.send(awarenessMessage([{ id: 62, clock: 1, state: big }]));
		await handled(sender);
		await handled(watcher);
		expect(stateIn(watcher.view, 61)?.pad).toBeUndefined();
		expect(watcher.view.getStates().has(62)).toBe(false);
		expect(roomOf(documentId).awareness.getStates().has(62)).toBe(false);
		expect(heldBytes(documentId)).toBeLessThan(1024);
		// Dropped, not closed: the socket goes on, and its next state is taken.
		sender.socket.send(awarenessMessage([{ id: 61, clock: 3, state: { user: {}, ok: true } }]));
		await handled(sender);
		await handled(watcher);
		expect(stateIn(watcher.view, 61)?.ok).toBe(true);
	});
});

describe('presence has limits', () => {
	/** A state of about 950 bytes once the server has written its `user`. */
	const padded = (n: number) => ({ user: { name: 'x' }, n, pad: 'x'.repeat(880) });

	it('does not let one socket claim 2,000 ids, and a newcomer is sent little', async () => {
		const documentId = await newDocument();
		const flooder = await peer(documentId, member);
		const ids = Array.from({ length: 2000 }, (_, i) => 10_000 + i);
		for (let at = 0; at < ids.length; at += 500) {
			flooder.socket.send(
				awarenessMessage(ids.slice(at, at + 500).map((id) => ({ id, clock: 1, state: padded(id) })))
			);
		}
		await handled(flooder);

		const held = [...roomOf(documentId).awareness.getStates().keys()].filter((id) =>
			ids.includes(id)
		);
		expect(held.length).toBeGreaterThan(0);
		expect(held.length).toBeLessThanOrEqual(MAX_CLIENTS_PER_SOCKET);
		expect(heldBytes(documentId)).toBeLessThanOrEqual(MAX_DOCUMENT_PRESENCE_BYTES);

		const newcomer = await peer(documentId, lead);
		const first = newcomer.received.find((m) => m[0] === MESSAGE_AWARENESS)!;
		expect(first.length).toBeLessThan(MAX_CLIENTS_PER_SOCKET * 1024 + 64);
	});

	it("keeps a document's presence under 64 KiB, however many sockets fill it", async () => {
		const documentId = await newDocument();
		const sockets = await Promise.all(crowd.map((user) => peer(documentId, user)));
		for (const [s, socket] of sockets.entries()) {
			const entries = Array.from({ length: MAX_CLIENTS_PER_SOCKET }, (_, i) => {
				const id = 20_000 + s * 10 + i;
				return { id, clock: 1, state: padded(id) };
			});
			socket.socket.send(awarenessMessage(entries));
		}
		await Promise.all(sockets.map((socket) => handled(socket)));

		const room = roomOf(documentId);
		// Most got in: the limit is what stopped the rest.
		expect(room.awareness.getStates().size).toBeGreaterThan(60);
		expect(room.awareness.getStates().size).toBeLessThan(crowd.length * MAX_CLIENTS_PER_SOCKET);
		expect(heldBytes(documentId)).toBeLessThanOrEqual(MAX_DOCUMENT_PRESENCE_BYTES);
		expect(room.presence.bytes).toBe(heldBytes(documentId));

		const newcomer = await peer(documentId, lead);
		const first = newcomer.received.find((m) => m[0] === MESSAGE_AWARENESS)!;
		expect(first.length).toBeLessThan(MAX_DOCUMENT_PRESENCE_BYTES + 1024);

		// Sockets that leave make room for others.
		for (const socket of sockets.slice(0, 10)) socket.socket.close();
		await until(
			() => room.presence.bytes < MAX_DOCUMENT_PRESENCE_BYTES - 3 * 1024,
			5000,
			'room made'
		);
		expect(room.presence.bytes).toBe(heldBytes(documentId));
	});
});

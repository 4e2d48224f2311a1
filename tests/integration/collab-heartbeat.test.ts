import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SessionUser } from '$lib/server/auth/session';
import * as documents from '$lib/server/documents';
import {
	addParagraph,
	connectClient,
	contentOf,
	sessionCookie,
	startCollab,
	synced,
	until,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// A peer that vanished without closing (a laptop shut on a train) answers no ping: the server
// cuts it off and its document leaves memory, while a live editor stays connected.

await createTestDb();

let running: RunningCollab;
let member: SessionUser;
let groupId: string;

beforeAll(async () => {
	// Long enough that a busy machine never keeps the editor's answer from one beat to the next.
	running = await startCollab({ heartbeatMs: 500, unloadAfterMs: 50 });
	member = await buildUser();
	groupId = (await buildGroup({}, [{ user: member, role: 'member' }])).id;
});
afterAll(async () => {
	await running?.stop();
});

/** A socket whose peer has gone silent: it never answers pings and sends nothing. */
async function silentPeer(documentId: string): Promise<WebSocket> {
	const socket = new WebSocket(`${running.wsUrl}/${documentId}`, {
		headers: { origin: running.url, cookie: await sessionCookie(member.id) },
		autoPong: false
	});
	socket.on('error', () => {});
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('unexpected-response', () => reject(new Error('refused')));
	});
	return socket;
}

describe('heartbeat', () => {
	it('cuts off a peer that answers no ping, and unloads the document it held', async () => {
		const { id } = await documents.create(member, groupId, { title: 'Train', tags: [] });
		const before = running.collab.stats().silentDropped;
		const socket = await silentPeer(id);
		await until(() => running.collab.rooms.has(id), 5000, 'the document loaded');
		const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
		await closed;
		expect(running.collab.stats().silentDropped).toBe(before + 1);
		await until(() => !running.collab.rooms.has(id), 5000, 'the document unloaded');
	});

	it('keeps an editor that answers, beat after beat', async () => {
		const { id } = await documents.create(member, groupId, { title: 'Bureau', tags: [] });
		const editor = await connectClient(running, member.id, id);
		try {
			await synced(editor);
			// Four pings answered (the client's WebSocket answers them by itself).
			let pings = 0;
			(editor.provider.ws as unknown as WebSocket).on('ping', () => pings++);
			const start = running.collab.stats().silentDropped;
			await until(() => pings >= 4, 10_000, 'four pings');
			addParagraph(editor.doc, 'Toujours là');
			await until(() => editor.saves.saved, 5000, 'stored');
			expect(editor.closes).toEqual([]);
			expect(running.collab.stats().silentDropped).toBe(start);
			expect(contentOf(editor.doc)).toContain('Toujours là');
		} finally {
			editor.destroy();
		}
	});
});

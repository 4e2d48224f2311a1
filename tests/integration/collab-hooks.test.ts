import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_FORBIDDEN, CLOSE_RIGHTS_CHANGED } from '$lib/collab/protocol';
import type { SessionUser } from '$lib/server/auth/session';
import type { AccessChange, CollabHooks, SocketIdentity } from '$lib/server/collab';
import * as documents from '$lib/server/documents';
import {
	addParagraph,
	contentOf,
	openClient,
	rawSocket,
	startCollab,
	synced,
	until,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// The sync core with fake hooks: it knows nothing of sessions or rights, only what its hooks say.
// The database holds real documents and people, as its storage writes rows that refer to them.

await createTestDb();

/** Who may do what, as the fake hooks decide: `${userId}:${documentId}` → right. */
const rights = new Map<string, 'write' | 'read'>();
const calls = {
	authorise: [] as string[],
	recheck: [] as { socket: SocketIdentity; documentId: string }[],
	settled: [] as { documentId: string; content: string; editorId: string | null }[]
};
const listeners = new Set<(change: AccessChange) => void>();

/** The person is named by a `who` cookie: the core never reads cookies itself. */
const whoOf = (cookie: string | undefined) => /(?:^|;\s*)who=([^;]+)/.exec(cookie ?? '')?.[1];

function fakeHooks(label = 'first'): CollabHooks {
	return {
		authorise: async (request, documentId) => {
			calls.authorise.push(`${label}:${documentId}`);
			const who = whoOf(request.headers.cookie);
			if (!who) return { ok: false, status: 401 };
			const right = rights.get(`${who}:${documentId}`);
			if (!right) return { ok: false, status: 403 };
			return {
				ok: true,
				userId: who,
				name: `Personne ${who.slice(0, 4)}`,
				avatar: null,
				colour: '#123456',
				sessionId: `session-${who}`,
				canWrite: right === 'write'
			};
		},
		recheck: async (socket, documentId) => {
			calls.recheck.push({ socket, documentId });
			const right = rights.get(`${socket.userId}:${documentId}`);
			if (!right) return 'forbidden';
			return socket.readOnly === (right === 'read') ? 'ok' : 'rights_changed';
		},
		onSettled: async (documentId, doc, editorId) => {
			calls.settled.push({ documentId, content: contentOf(doc), editorId });
		},
		onAccessChanged: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}

let running: RunningCollab;
let ana: SessionUser;
let ben: SessionUser;
let groupId: string;

beforeAll(async () => {
	running = await startCollab({ hooks: fakeHooks(), deriveAfterMs: 50 });
	ana = await buildUser();
	ben = await buildUser();
	groupId = (await buildGroup({}, [{ user: ana, role: 'lead' }])).id;
});
afterAll(async () => {
	await running?.stop();
});

async function newDocument(): Promise<string> {
	return (await documents.create(ana, groupId, { title: 'Notes', tags: [] })).id;
}

const client = (userId: string, documentId: string) =>
	openClient({ wsUrl: running.wsUrl, origin: running.url, cookie: `who=${userId}` }, documentId);

const accessChanged = (change: AccessChange) => listeners.forEach((listener) => listener(change));

describe('the sync core with fake hooks', () => {
	it('refuses the upgrade with the status authorise gives, before any socket opens', async () => {
		const documentId = await newDocument();
		const url = `${running.wsUrl}/${documentId}`;
		const anonymous = await rawSocket(url, { origin: running.url });
		expect(anonymous).toMatchObject({ opened: false, status: 401 });
		const stranger = await rawSocket(url, { origin: running.url, cookie: `who=${ben.id}` });
		expect(stranger).toMatchObject({ opened: false, status: 403 });
		expect(calls.authorise.filter((c) => c === `first:${documentId}`)).toHaveLength(2);
		expect(running.collab.rooms.has(documentId)).toBe(false);
	});

	it('calls onSettled with the content and its editor once the edits settle', async () => {
		const documentId = await newDocument();
		rights.set(`${ana.id}:${documentId}`, 'write');
		const editor = client(ana.id, documentId);
		await synced(editor);
		addParagraph(editor.doc, 'Ordre du jour');
		await until(
			() => calls.settled.some((s) => s.documentId === documentId),
			5000,
			'the document settled'
		);
		const settled = calls.settled.find((s) => s.documentId === documentId)!;
		expect(settled.content).toContain('Ordre du jour');
		expect(settled.editorId).toBe(ana.id);
	});

	it('re-checks open sockets on an access change and closes those that lost access', async () => {
		const documentId = await newDocument();
		rights.set(`${ana.id}:${documentId}`, 'write');
		rights.set(`${ben.id}:${documentId}`, 'write');
		const kept = client(ana.id, documentId);
		const revoked = client(ben.id, documentId);
		await Promise.all([synced(kept), synced(revoked)]);
		rights.delete(`${ben.id}:${documentId}`);
		accessChanged({ documentId });
		await until(() => revoked.closes.length > 0, 5000, 'the revoked socket closed');
		expect(revoked.closes[0]).toBe(CLOSE_FORBIDDEN);
		expect(calls.recheck.filter((c) => c.documentId === documentId)).toHaveLength(2);
		// A change naming someone else re-checks nobody here; a read-only right closes a writer.
		rights.set(`${ana.id}:${documentId}`, 'read');
		accessChanged({ userId: ben.id });
		accessChanged({ userId: ana.id });
		await until(() => kept.closes.length > 0, 5000, 'the writer closed');
		expect(kept.closes[0]).toBe(CLOSE_RIGHTS_CHANGED);
	});

	it('calls the hooks installed last, and only their access changes', async () => {
		const [first] = listeners;
		running.collab.useHooks(fakeHooks('second'));
		// The first hooks' subscription was ended, the second's begun.
		expect(listeners.has(first)).toBe(false);
		expect(listeners.size).toBe(1);
		const documentId = await newDocument();
		await rawSocket(`${running.wsUrl}/${documentId}`, { origin: running.url });
		expect(calls.authorise).toContain(`second:${documentId}`);
		expect(calls.authorise).not.toContain(`first:${documentId}`);
	});
});

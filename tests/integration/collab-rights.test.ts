import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	CLOSE_ARCHIVED,
	CLOSE_FORBIDDEN,
	CLOSE_LOGGED_OUT,
	CLOSE_RIGHTS_CHANGED
} from '$lib/collab/protocol';
import { invalidateSession, type SessionUser } from '$lib/server/auth/session';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { documentUpdates } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import * as memberships from '$lib/server/memberships';
import * as people from '$lib/server/people';
import {
	addParagraph,
	connectClient,
	contentOf,
	newSession,
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
let admin: SessionUser;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let groupId: string;

beforeAll(async () => {
	running = await startCollab();
	admin = await buildUser({ role: 'admin' });
	lead = await buildUser();
	member = await buildUser();
	observer = await buildUser();
	director = await buildUser({ role: 'director' });
	// A closed group: outside it, an ordinary member may not even read.
	groupId = (
		await buildGroup({ joinPolicy: 'closed' }, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' },
			{ user: observer, role: 'observer' }
		])
	).id;
});
afterAll(() => running.stop());

const newDocument = async (title = 'Étude') =>
	(await documents.create(lead, groupId, { title, tags: [] })).id;

async function client(user: SessionUser, documentId: string, cookie?: string) {
	const made = await connectClient(running, user.id, documentId, { cookie });
	return made;
}

/** The status the server answers an upgrade with (101 when it accepts it). */
async function upgradeStatus(documentId: string, headers: Record<string, string | undefined>) {
	const outcome = await rawSocket(`${running.wsUrl}/${documentId}`, {
		origin: running.url,
		...headers
	});
	if (outcome.opened) {
		outcome.socket.terminate();
		return 101;
	}
	return outcome.status;
}

const rowsBy = async (documentId: string, userId: string) =>
	(
		await db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId))
	).filter((r) => r.userId === userId).length;

/** Resolves with the time the client's socket is closed by the server, and its code. */
function nextClose(c: Client): Promise<{ code: number; at: number }> {
	return new Promise((resolve) => {
		const handler = (event: { code: number } | null) => {
			if (!event) return;
			c.provider.off('connection-close', handler);
			resolve({ code: event.code, at: performance.now() });
		};
		c.provider.on('connection-close', handler);
	});
}

describe('authorisation at the upgrade', () => {
	let documentId: string;
	beforeAll(async () => {
		documentId = await newDocument();
	});

	it('answers 401 without a session, and 401 for a session that does not exist', async () => {
		expect(await upgradeStatus(documentId, {})).toBe(401);
		expect(await upgradeStatus(documentId, { cookie: 'maillage_session=nope' })).toBe(401);
		expect(running.collab.stats().connections).toBe(0);
	});

	it('answers 403 to people who may not read the document', async () => {
		const partner = await buildUser({ role: 'partner' });
		const outsider = await buildUser({ role: 'member' });
		expect(await upgradeStatus(documentId, { cookie: await sessionCookie(partner.id) })).toBe(403);
		expect(await upgradeStatus(documentId, { cookie: await sessionCookie(outsider.id) })).toBe(403);
		expect(running.collab.stats().connections).toBe(0);
	});

	it('answers 403 to a foreign or missing Origin, even with a valid session', async () => {
		const cookie = await sessionCookie(member.id);
		expect(await upgradeStatus(documentId, { cookie })).toBe(101);
		expect(await upgradeStatus(documentId, { cookie, origin: 'https://evil.example' })).toBe(403);
		expect(
			await upgradeStatus(documentId, {
				cookie,
				origin: running.url.replace('127.0.0.1', 'localhost')
			})
		).toBe(403);
		expect(await upgradeStatus(documentId, { cookie, origin: undefined })).toBe(403);
	});

	it('answers 403 for a document that does not exist, and 404 for a path that is not one', async () => {
		const cookie = await sessionCookie(member.id);
		expect(await upgradeStatus(randomUUID(), { cookie })).toBe(403);
		const outcome = await rawSocket(`${running.wsUrl}/not-a-document`, {
			origin: running.url,
			cookie
		});
		expect(outcome.opened ? 101 : outcome.status).toBe(404);
	});
});

describe('read-only connections', () => {
	for (const who of ['director', 'observer'] as const) {
		it(`lets a ${who} read, and drops what their client sends`, async () => {
			const documentId = await newDocument();
			const reader = who === 'director' ? director : observer;
			const writer = await client(member, documentId);
			await synced(writer);
			addParagraph(writer.doc, 'Texte du groupe');
			await until(() => writer.saves.saved, 5000, 'the writer saved');

			const ro = await client(reader, documentId);
			await synced(ro);
			expect(ro.text()).toContain('Texte du groupe');
			// Live edits reach them too.
			addParagraph(writer.doc, 'Suite');
			await until(() => ro.text().includes('Suite'), 5000, 'live edits');

			addParagraph(ro.doc, 'Intrusion');
			// Presence sent after the edit on the same socket: once the writer sees it, the server
			// has handled (and dropped) the edit.
			ro.provider.awareness.setLocalStateField('user', { name: 'lecteur' });
			await until(
				() => writer.provider.awareness.getStates().has(ro.doc.clientID),
				5000,
				'presence of the reader'
			);
			await running.collab.writer.flush();
			expect(writer.text()).not.toContain('Intrusion');
			expect(await rowsBy(documentId, reader.id)).toBe(0);
			const stored = await loadDoc(documentId);
			expect(contentOf(stored)).not.toContain('Intrusion');
			expect(contentOf(stored)).toContain('Suite');
			// Nothing of theirs is ever acknowledged as stored.
			expect(ro.saves.saved).toBe(false);
		});
	}
});

describe('losing access closes open sockets within a second', () => {
	it('closes the socket of a member removed from the group with 4403, and for good', async () => {
		const documentId = await newDocument();
		const leaving = await buildUser();
		await memberships.add(lead, groupId, leaving.id, 'member');
		const c = await client(leaving, documentId);
		const stays = await client(member, documentId);
		await Promise.all([synced(c), synced(stays)]);
		const closed = nextClose(c);
		const start = performance.now();
		await memberships.remove(lead, groupId, leaving.id);
		const { code, at } = await closed;
		expect(code).toBe(CLOSE_FORBIDDEN);
		expect(at - start).toBeLessThan(1000);
		// 4403 is final: the client does not come back, and could not.
		await new Promise((r) => setTimeout(r, 400));
		expect(c.provider.wsconnected || c.provider.wsconnecting).toBe(false);
		expect(await upgradeStatus(documentId, { cookie: await sessionCookie(leaving.id) })).toBe(403);
		// The others are untouched.
		expect(stays.provider.wsconnected).toBe(true);
		expect(stays.closes).toEqual([]);
	});

	it('closes every socket of a disabled account with 4401', async () => {
		const documentId = await newDocument();
		const other = await newDocument('Autre');
		const person = await buildUser();
		await memberships.add(lead, groupId, person.id, 'member');
		const first = await client(person, documentId);
		const second = await client(person, other);
		await Promise.all([synced(first), synced(second)]);
		const closes = [nextClose(first), nextClose(second)];
		const start = performance.now();
		await people.disable(admin, person.id);
		for (const { code, at } of await Promise.all(closes)) {
			expect(code).toBe(CLOSE_LOGGED_OUT);
			expect(at - start).toBeLessThan(1000);
		}
	});

	it('closes the sockets of a logged-out session with 4401, and only those', async () => {
		const documentId = await newDocument();
		const session = await newSession(member.id);
		const loggedOut = await client(member, documentId, session.cookie);
		const otherDevice = await client(member, documentId);
		await Promise.all([synced(loggedOut), synced(otherDevice)]);
		const closed = nextClose(loggedOut);
		const start = performance.now();
		await invalidateSession(session.sessionId);
		const { code, at } = await closed;
		expect(code).toBe(CLOSE_LOGGED_OUT);
		expect(at - start).toBeLessThan(1000);
		await new Promise((r) => setTimeout(r, 300));
		expect(otherDevice.provider.wsconnected).toBe(true);
		expect(otherDevice.closes).toEqual([]);
	});
});

describe('rights that change while the document is open', () => {
	it('turns writers read-only when the document is archived (4510), and back when restored (4509)', async () => {
		const documentId = await newDocument();
		const writer = await client(member, documentId);
		const reader = await client(director, documentId);
		await Promise.all([synced(writer), synced(reader)]);
		addParagraph(writer.doc, 'Avant archivage');
		await until(() => writer.saves.saved, 5000, 'saved');

		const closed = nextClose(writer);
		const start = performance.now();
		await documents.setArchived(lead, documentId, true);
		const { code, at } = await closed;
		expect(code).toBe(CLOSE_ARCHIVED);
		expect(at - start).toBeLessThan(1000);
		// Readers had no right to lose.
		expect(reader.closes).toEqual([]);

		// y-websocket reconnects after 4510; the new socket is read-only.
		await until(() => writer.provider.synced, 5000, 'the writer reconnected');
		const rows = (
			await db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId))
		).length;
		addParagraph(writer.doc, 'Après archivage');
		writer.provider.awareness.setLocalStateField('user', { name: 'm' });
		await until(() => reader.provider.awareness.getStates().has(writer.doc.clientID), 5000);
		await running.collab.writer.flush();
		expect(reader.text()).not.toContain('Après archivage');
		expect(
			(await db.select().from(documentUpdates).where(eq(documentUpdates.documentId, documentId)))
				.length
		).toBe(rows);

		// Restored: the read-only socket is told its rights changed, and the new one may write.
		const reopened = nextClose(writer);
		await documents.setArchived(lead, documentId, false);
		expect((await reopened).code).toBe(CLOSE_RIGHTS_CHANGED);
		await until(() => writer.provider.synced, 5000, 'reconnected');
		addParagraph(writer.doc, 'Après restauration');
		await until(() => reader.text().includes('Après restauration'), 5000, 'edit after restoring');
		// The two converge again: what the client held while read-only is sent once it may write.
		expect(reader.text()).toContain('Après archivage');
		await until(() => writer.saves.saved, 5000, 'saved after restoring');
		expect(contentOf(await loadDoc(documentId))).toContain('Après restauration');
	});

	it('makes an observer promoted to member reconnect (4509) with the right to write', async () => {
		const documentId = await newDocument();
		const promoted = await buildUser();
		await memberships.add(lead, groupId, promoted.id, 'observer');
		const c = await client(promoted, documentId);
		const other = await client(member, documentId);
		await Promise.all([synced(c), synced(other)]);
		const closed = nextClose(c);
		const start = performance.now();
		await memberships.add(lead, groupId, promoted.id, 'member');
		const { code, at } = await closed;
		expect(code).toBe(CLOSE_RIGHTS_CHANGED);
		expect(at - start).toBeLessThan(1000);
		await until(() => c.provider.synced, 5000, 'reconnected');
		addParagraph(c.doc, 'Première contribution');
		await until(() => other.text().includes('Première contribution'), 5000, 'the edit');
		await until(() => c.saves.saved, 5000, 'saved');
		expect(await rowsBy(documentId, promoted.id)).toBeGreaterThan(0);
	});

	it('makes a member demoted to observer reconnect (4509) read-only', async () => {
		const documentId = await newDocument();
		const demoted = await buildUser();
		await memberships.add(lead, groupId, demoted.id, 'member');
		const c = await client(demoted, documentId);
		const other = await client(member, documentId);
		await Promise.all([synced(c), synced(other)]);
		const closed = nextClose(c);
		await memberships.add(lead, groupId, demoted.id, 'observer');
		expect((await closed).code).toBe(CLOSE_RIGHTS_CHANGED);
		await until(() => c.provider.synced, 5000, 'reconnected');
		addParagraph(c.doc, 'Refusé');
		c.provider.awareness.setLocalStateField('user', { name: 'd' });
		await until(() => other.provider.awareness.getStates().has(c.doc.clientID), 5000);
		await running.collab.writer.flush();
		expect(other.text()).not.toContain('Refusé');
		expect(await rowsBy(documentId, demoted.id)).toBe(0);
	});
});

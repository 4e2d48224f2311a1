import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as documents from '$lib/server/documents';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import type { SessionUser } from '$lib/server/auth/session';
import { connectClient, startCollab, synced, until, type RunningCollab } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let running: RunningCollab;
let lead: SessionUser;
let member: SessionUser;
let documentId: string;

beforeAll(async () => {
	running = await startCollab();
	lead = await buildUser();
	member = await buildUser();
	const group = await buildGroup({}, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' }
	]);
	documentId = (await documents.create(lead, group.id, { title: 'Notes', tags: [] })).id;
});
afterAll(() => running.stop());

function type(doc: Y.Doc, text: string) {
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		fragment.insert(fragment.length, [paragraph]);
	});
}

describe('sync between two real y-websocket clients', () => {
	it('converges and stores every update', async () => {
		const a = await connectClient(running, lead.id, documentId);
		const b = await connectClient(running, member.id, documentId);
		await Promise.all([synced(a), synced(b)]);
		type(a.doc, 'Bonjour');
		type(b.doc, 'Salut');
		await until(
			() => a.text() === b.text() && a.text().includes('Salut') && b.text().includes('Bonjour')
		);
		await until(() => a.saves.saved && b.saves.saved, 5000, 'acknowledgements');
		// Acknowledged means stored: read it back from the database without flushing anything.
		const stored = await loadDoc(documentId);
		expect(stored.getXmlFragment('default').toString()).toBe(a.text());
		a.destroy();
		b.destroy();
	});
});

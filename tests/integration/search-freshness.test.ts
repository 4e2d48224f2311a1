import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import * as documents from '$lib/server/documents';
import * as search from '$lib/server/search';
import {
	addParagraph,
	connectClient,
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
let writer: SessionUser;
let reader: SessionUser;
let client: Client | undefined;

beforeAll(async () => {
	// The production delay is 2 s; the path is the same.
	running = await startCollab({ deriveAfterMs: 50 });
	writer = await buildUser();
	reader = await buildUser();
	await buildGroup({ joinPolicy: 'open' }, [{ user: writer, role: 'member' }]);
});
afterAll(async () => {
	client?.destroy();
	await running.stop();
});

it('finds a word typed in a live document once the edits settle, and forgets a removed one', async () => {
	const group = await buildGroup({ joinPolicy: 'open' }, [{ user: writer, role: 'lead' }]);
	const { id } = await documents.create(writer, group.id, { title: 'Compte rendu', tags: [] });
	const found = async (q: string) =>
		(await search.search(reader, q, { kinds: ['document'] })).results.some((r) => r.id === id);
	expect(await found('hippomobile')).toBe(false);

	client = await connectClient(running, writer.id, id);
	await synced(client);
	addParagraph(client.doc, 'Transport hippomobile entre Sélestat et Erstein');
	await until(() => found('hippomobile'), 5000, 'the new word to be found');
	expect(await found('selestat erstein')).toBe(true);
	const [hit] = (await search.search(reader, 'hippomobile')).results;
	expect(hit.snippetHtml).toContain('<mark>hippomobile</mark>');

	const fragment = client.doc.getXmlFragment('default');
	client.doc.transact(() => fragment.delete(0, fragment.length));
	addParagraph(client.doc, 'Transport en autocar');
	await until(async () => !(await found('hippomobile')), 5000, 'the old word to be gone');
	expect(await found('autocar')).toBe(true);
});

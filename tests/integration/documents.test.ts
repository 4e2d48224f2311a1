import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { jsonFromDoc } from '$lib/richtext/content';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { db } from '$lib/server/db';
import { documents as documentsTable, documentUpdates } from '$lib/server/db/schema';
import * as documents from '$lib/server/documents';
import * as versions from '$lib/server/versions';
import type { RichNode } from '$lib/richtext/types';
import {
	addParagraph,
	connectClient,
	contentOf,
	startCollab,
	synced,
	until,
	type RunningCollab
} from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let running: RunningCollab;
let lead: SessionUser;
let member: SessionUser;
let observer: SessionUser;
let partnerIn: SessionUser;
let partnerOut: SessionUser;
let outsider: SessionUser;
let director: SessionUser;
let coordinator: SessionUser;
let closedGroup: string;
let openGroup: string;

beforeAll(async () => {
	running = await startCollab({ deriveAfterMs: 50 });
	[lead, member, observer, outsider] = await Promise.all([1, 2, 3, 4].map(() => buildUser()));
	partnerIn = await buildUser({ role: 'partner' });
	partnerOut = await buildUser({ role: 'partner' });
	director = await buildUser({ role: 'director' });
	coordinator = await buildUser({ role: 'coordinator' });
	const roster = [
		{ user: lead, role: 'lead' as const },
		{ user: member, role: 'member' as const },
		{ user: observer, role: 'observer' as const },
		{ user: partnerIn, role: 'member' as const }
	];
	closedGroup = (await buildGroup({ joinPolicy: 'closed' }, roster)).id;
	openGroup = (await buildGroup({ joinPolicy: 'open' }, roster)).id;
});
afterAll(() => running.stop());

const text = (t: string): RichNode => ({ type: 'text', text: t });
const content: RichNode = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [text('Étude mobilité')] },
		{ type: 'paragraph', content: [text('Covoiturage entre sites.')] },
		{
			type: 'taskList',
			content: [
				{
					type: 'taskItem',
					attrs: { checked: false, taskId: 'tache-1' },
					content: [{ type: 'paragraph', content: [text('Sonder les salariés')] }]
				}
			]
		}
	]
};

describe('who may read and write a document', () => {
	const cases: [string, () => SessionUser, 'closed' | 'open', boolean, boolean][] = [
		['the lead', () => lead, 'closed', true, true],
		['a member', () => member, 'closed', true, true],
		['a partner in the group', () => partnerIn, 'closed', true, true],
		['the coordination', () => coordinator, 'closed', true, true],
		['an observer', () => observer, 'closed', true, false],
		['a director', () => director, 'closed', true, false],
		['a partner outside the group', () => partnerOut, 'closed', false, false],
		['a member outside a closed group', () => outsider, 'closed', false, false],
		['a member outside an open group', () => outsider, 'open', true, false],
		['a partner outside an open group', () => partnerOut, 'open', false, false]
	];
	for (const [who, actor, policy, canRead, canWrite] of cases) {
		it(`${who} of a ${policy} group: read ${canRead}, write ${canWrite}`, async () => {
			const groupId = policy === 'closed' ? closedGroup : openGroup;
			const { id } = await documents.create(lead, groupId, { title: 'Droits', tags: [] });
			const rights = await documents.rights(actor(), id);
			expect({ read: rights.canRead, write: rights.canWrite }).toEqual({
				read: canRead,
				write: canWrite
			});
		});
	}

	it('nobody writes in an archived document, and everyone who could still reads it', async () => {
		const { id } = await documents.create(lead, closedGroup, { title: 'Archivé', tags: [] });
		await documents.setArchived(member, id, true);
		for (const person of [lead, member, coordinator]) {
			expect(await documents.rights(person, id)).toMatchObject({
				canRead: true,
				canWrite: false,
				archived: true
			});
		}
		expect(await documents.listForGroup(member, closedGroup)).not.toContainEqual(
			expect.objectContaining({ id })
		);
		expect(await documents.listForGroup(member, closedGroup, true)).toContainEqual(
			expect.objectContaining({ id })
		);
		await documents.setArchived(member, id, false);
		expect((await documents.rights(member, id)).canWrite).toBe(true);
	});

	it('refuses creating, renaming and archiving to those who may only read', async () => {
		const { id } = await documents.create(member, closedGroup, { title: 'Note', tags: [] });
		expect(
			(await refusal(documents.create(observer, closedGroup, { title: 'x', tags: [] }))).kind
		).toBe('forbidden');
		expect((await refusal(documents.rename(director, id, { title: 'x', tags: [] }))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(documents.setArchived(observer, id, true))).kind).toBe('forbidden');
		// Outsiders of a closed group do not learn that it exists.
		expect((await refusal(documents.access(outsider, id))).kind).toBe('not_found');
		expect((await documents.rights(null, id)).canRead).toBe(false);
		expect((await documents.rights(member, 'not-an-id')).canRead).toBe(false);
	});
});

describe('creating a document', () => {
	it('stores a template as the first update, with its derived views', async () => {
		const document = await documents.create(
			lead,
			closedGroup,
			{ title: 'Étude', tags: ['mobilité'] },
			{ content }
		);
		const rows = await db
			.select()
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, document.id));
		expect(rows).toHaveLength(1);
		expect(jsonFromDoc(await loadDoc(document.id))).toEqual(content);
		expect(document.plainText).toBe(
			'Étude mobilité\nCovoiturage entre sites.\nSonder les salariés'
		);
		expect(document.html).toContain('<h1>Étude mobilité</h1>');
		expect(document.tasks).toEqual([
			expect.objectContaining({ id: 'tache-1', text: 'Sonder les salariés', checked: false })
		]);
		const listed = await documents.listForGroup(observer, closedGroup);
		expect(listed).toContainEqual(
			expect.objectContaining({ id: document.id, lastEditor: lead.name })
		);
	});

	it('derives text, HTML and tasks again once the edits settle', async () => {
		const { id } = await documents.create(
			lead,
			closedGroup,
			{ title: 'Vivant', tags: [] },
			{ content }
		);
		const c = await connectClient(running, member.id, id);
		await synced(c);
		addParagraph(c.doc, 'Ajout en direct');
		await until(
			async () => {
				const [row] = await db.select().from(documentsTable).where(eq(documentsTable.id, id));
				return row.plainText?.includes('Ajout en direct') ?? false;
			},
			5000,
			'the derived text'
		);
		const [row] = await db.select().from(documentsTable).where(eq(documentsTable.id, id));
		expect(row.html).toContain('<p>Ajout en direct</p>');
		expect(row.tasks).toEqual([
			expect.objectContaining({ id: 'tache-1', text: 'Sonder les salariés', checked: false })
		]);
		expect(row.lastEditorId).toBe(member.id);
	});
});

describe('versions', () => {
	it('saves what the editors see, and restores it as a live edit that keeps the present as a version', async () => {
		const { id } = await documents.create(lead, closedGroup, { title: 'Charte', tags: [] });
		const c = await connectClient(running, member.id, id);
		const watcher = await connectClient(running, director.id, id);
		await Promise.all([synced(c), synced(watcher)]);
		addParagraph(c.doc, 'Version une');
		await until(() => watcher.text().includes('Version une'));

		const first = await versions.save(member, id, 'Première');
		addParagraph(c.doc, 'Ajout regretté');
		await until(() => watcher.text().includes('Ajout regretté'));
		await until(() => c.saves.saved);

		await versions.restore(lead, id, first.id, 'Avant restauration');
		// Every open editor sees it at once, as an ordinary edit.
		await until(() => !watcher.text().includes('Ajout regretté'), 5000, 'the restore, live');
		await until(() => c.text() === watcher.text());
		expect(c.text()).toContain('Version une');
		await running.collab.writer.flush();
		expect(contentOf(await loadDoc(id))).toBe(c.text());

		const list = await versions.list(observer, id);
		expect(list.map((v) => v.name)).toEqual(
			expect.arrayContaining(['Première', 'Avant restauration'])
		);
		const backup = list.find((v) => v.name === 'Avant restauration')!;
		expect((await versions.get(observer, id, backup.id)).html).toContain('Ajout regretté');

		// The restore itself can be undone by restoring the backup.
		await versions.restore(lead, id, backup.id, 'Avant annulation');
		await until(() => watcher.text().includes('Ajout regretté'), 5000, 'undoing the restore');

		expect((await refusal(versions.save(observer, id, 'x'))).kind).toBe('forbidden');
		expect((await refusal(versions.restore(director, id, first.id, 'x'))).kind).toBe('forbidden');
	});
});

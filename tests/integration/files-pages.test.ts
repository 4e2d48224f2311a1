import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { fileFolders } from '$lib/server/db/schema';
import * as library from '$lib/server/files/library';
import { localStore } from '$lib/server/files/local-store';
import { useFileStore } from '$lib/server/files/storage';
import { upload } from '$lib/server/files/uploads';
import { FILE_LIMITS, fileLimits } from '$lib/server/files/limits';
import { deleteSetting } from '$lib/server/settings';
import * as adminFiles from '../../src/routes/(app)/admin/fichiers/+page.server';
import * as binPage from '../../src/routes/(app)/groupes/[slug]/fichiers/corbeille/+page.server';
import * as filePage from '../../src/routes/(app)/groupes/[slug]/fichiers/[id=uuid]/+page.server';
import * as libraryPage from '../../src/routes/(app)/groupes/[slug]/fichiers/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, expectHttpError, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// The pages of a group's files, as their loads and forms answer each person.

await createTestDb();
const root = mkdtempSync(join(tmpdir(), 'maillage-file-pages-'));
useFileStore(localStore(root));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let member: SessionUser;
let observer: SessionUser;
let partner: SessionUser;
let group: { id: string; slug: string };
let other: { id: string; slug: string };
let fileId: string;

const bytes = (text: string) =>
	(async function* () {
		yield new TextEncoder().encode(text);
	})();

/** A request to a page of the group's files; `id` names the file of a file's page. */
const at = (
	user: SessionUser | null,
	path: string,
	form?: Record<string, string>,
	id?: string
) => ({
	user,
	path,
	form,
	params: { slug: group.slug, ...(id && { id }) }
});

beforeAll(async () => {
	[member, observer, partner] = await Promise.all([
		buildUser({ name: 'Mia Membre' }),
		buildUser({ name: 'Olga Observatrice' }),
		buildUser({ role: 'partner', name: 'Paula Partenaire' })
	]);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: member, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	other = await buildGroup({ joinPolicy: 'closed' }, [{ user: member, role: 'member' }]);
	fileId = (
		await upload(member, { groupId: group.id, folderId: null }, 'Horaires.txt', bytes('8h10'), 4)
	).id;
});

describe('the library page', () => {
	it('lists the files for a reader, and is not found for a partner outside the group', async () => {
		const { result } = await run(
			libraryPage.load as never,
			at(observer, `/groupes/${group.slug}/fichiers`)
		);
		const data = result as { files: { name: string; canRemove: boolean }[]; total: number };
		expect(data.files.map((f) => f.name)).toEqual(['Horaires.txt']);
		expect(data.files[0].canRemove).toBe(false);
		const { thrown } = await run(
			libraryPage.load as never,
			at(partner, `/groupes/${group.slug}/fichiers`)
		);
		expectHttpError(thrown, 404);
	});

	it('creates a folder for a member, refuses one for an observer, and a bad name with its reason', async () => {
		const { thrown } = await run(
			libraryPage.actions.createFolder as never,
			at(member, `/groupes/${group.slug}/fichiers?/createFolder`, { name: 'Devis', parent: '' })
		);
		expect(isRedirect(thrown)).toBe(true);
		const [folder] = await db.select().from(fileFolders).where(eq(fileFolders.name, 'Devis'));
		expect((thrown as { location: string }).location).toBe(
			`/groupes/${group.slug}/fichiers?dossier=${folder.id}`
		);

		const refused = await run(
			libraryPage.actions.createFolder as never,
			at(observer, `/groupes/${group.slug}/fichiers?/createFolder`, { name: 'Non', parent: '' })
		);
		expectHttpError(refused.thrown, 403);

		const bad = await run(
			libraryPage.actions.createFolder as never,
			at(member, `/groupes/${group.slug}/fichiers?/createFolder`, { name: 'a/b', parent: '' })
		);
		const failure = expectFailure(bad.result);
		expect(failure.errors.name).toBe('files.folder_name_invalid');
		// What was typed comes back.
		expect(failure.values.name).toBe('a/b');
	});

	it('answers a folder that does not exist, or is another group’s, with a 404', async () => {
		const theirs = await library.createFolder(member, other.id, null, 'Ailleurs');
		for (const id of [crypto.randomUUID(), theirs.id, 'pas-un-id']) {
			const { thrown } = await run(
				libraryPage.load as never,
				at(member, `/groupes/${group.slug}/fichiers?dossier=${id}`)
			);
			expectHttpError(thrown, 404);
		}
	});
});

describe('a file’s page', () => {
	it('shows the file and its versions, only in its own group', async () => {
		const { result } = await run(
			filePage.load as never,
			at(observer, `/groupes/${group.slug}/fichiers/${fileId}`, undefined, fileId)
		);
		expect(result).toMatchObject({ file: { name: 'Horaires.txt' }, versions: [{ number: 1 }] });
		const wrong = await run(filePage.load as never, {
			...at(member, `/groupes/${other.slug}/fichiers/${fileId}`),
			params: { slug: other.slug, id: fileId }
		});
		expectHttpError(wrong.thrown, 404);
	});

	it('renames, keeping the name typed when it is refused', async () => {
		const path = `/groupes/${group.slug}/fichiers/${fileId}?/rename`;
		const empty = await run(
			filePage.actions.rename as never,
			at(member, path, { name: '   ' }, fileId)
		);
		expect(expectFailure(empty.result).errors.name).toBe('validation.required');
		await run(
			filePage.actions.rename as never,
			at(member, path, { name: 'Horaires navette.txt' }, fileId)
		);
		const observed = await run(
			filePage.actions.rename as never,
			at(observer, path, { name: 'x' }, fileId)
		);
		expectHttpError(observed.thrown, 403);
		const details = await library.fileDetails(member, fileId);
		expect(details.file.name).toBe('Horaires navette.txt');
	});

	it('sends the file to the bin, and the bin page brings it back', async () => {
		const removed = await run(
			filePage.actions.remove as never,
			at(member, `/groupes/${group.slug}/fichiers/${fileId}?/remove`, {}, fileId)
		);
		expect(isRedirect(removed.thrown)).toBe(true);
		const { result } = await run(
			binPage.load as never,
			at(member, `/groupes/${group.slug}/fichiers/corbeille`)
		);
		expect((result as { items: { id: string; canRestore: boolean }[] }).items).toMatchObject([
			{ id: fileId, canRestore: true }
		]);
		const restored = await run(
			binPage.actions.restore as never,
			at(member, `/groupes/${group.slug}/fichiers/corbeille?/restore`, { kind: 'file', id: fileId })
		);
		expect(restored.result).toMatchObject({ restored: fileId, name: 'Horaires navette.txt' });
		const bad = await run(
			binPage.actions.restore as never,
			at(member, `/groupes/${group.slug}/fichiers/corbeille?/restore`, {
				kind: 'disque',
				id: fileId
			})
		);
		expectFailure(bad.result);
	});
});

describe('the administration of files', () => {
	it('shows each group’s usage to the coordination, and lets only an admin change the limits', async () => {
		const coordinator = await buildUser({ role: 'coordinator' });
		const admin = await buildUser({ role: 'admin' });
		const { result } = await run(adminFiles.load as never, {
			user: coordinator,
			path: '/admin/fichiers'
		});
		const data = result as {
			byGroup: { id: string; used: number }[];
			networkUsed: number;
			canEdit: boolean;
		};
		expect(data.canEdit).toBe(false);
		expect(data.byGroup.find((g) => g.id === group.id)!.used).toBeGreaterThan(0);
		expect(data.networkUsed).toBeGreaterThanOrEqual(data.byGroup[0].used);

		const form = { maxFileMb: '20', groupQuotaGb: '2', networkQuotaGb: '10' };
		const refused = await run(adminFiles.actions.limits as never, {
			user: coordinator,
			path: '/admin/fichiers?/limits',
			form
		});
		expectHttpError(refused.thrown, 403);
		const inverted = await run(adminFiles.actions.limits as never, {
			user: admin,
			path: '/admin/fichiers?/limits',
			form: { ...form, groupQuotaGb: '50' }
		});
		expect(expectFailure(inverted.result).errors.groupQuotaGb).toBe('files.group_over_network');
		const saved = await run(adminFiles.actions.limits as never, {
			user: admin,
			path: '/admin/fichiers?/limits',
			form
		});
		expect(saved.result).toEqual({ saved: true });
		try {
			expect(await fileLimits()).toEqual({
				maxFileBytes: 20 * 1024 ** 2,
				groupQuotaBytes: 2 * 1024 ** 3,
				networkQuotaBytes: 10 * 1024 ** 3
			});
		} finally {
			await deleteSetting(FILE_LIMITS);
		}
	});
});

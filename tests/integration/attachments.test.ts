import { beforeAll, describe, expect, it } from 'vitest';
import type { RichDoc } from '$lib/richtext/types';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { attachmentsField, choosable } from '$lib/server/files/attachments';
import * as library from '$lib/server/files/library';
import { upload } from '$lib/server/files/uploads';
import { afterAnswersSettled } from '$lib/server/jobs';
import * as threadView from '$lib/server/threads/view';
import * as threads from '$lib/server/threads';
import * as actionPage from '../../src/routes/(app)/actions/[id=uuid]/+page.server';
import * as threadPage from '../../src/routes/(app)/groupes/[slug]/discussions/[threadId=uuid]/+page.server';
import * as choicesRoute from '../../src/routes/(app)/groupes/[slug]/fichiers/choix/+server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// Files attached to a thread's message: only files of the thread's group, in the order chosen;
// a file sent to the bin is not shown until restored; the picker offers only what may be
// attached, to those who may attach.

await createTestDb();

const ORIGIN = 'http://localhost';
const doc = (text: string): RichDoc => ({
	type: 'doc',
	content: [{ type: 'paragraph', content: [{ type: 'text', text }] }]
});

let julie: SessionUser;
let nicolas: SessionUser;
let outsider: SessionUser;
let director: SessionUser;
let group: { id: string; slug: string };
let threadId: string;
const ids: Record<string, string> = {};

async function put(
	user: SessionUser,
	groupId: string,
	name: string,
	folderId: string | null = null
) {
	const bytes = Buffer.from(`%PDF-1.4\n% ${name}\n`);
	const file = await upload(user, { groupId, folderId }, name, [bytes], bytes.length);
	return file.id;
}

beforeAll(async () => {
	[julie, nicolas, outsider, director] = await Promise.all([
		buildUser(),
		buildUser(),
		buildUser(),
		buildUser({ role: 'director' })
	]);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: julie, role: 'lead' },
		{ user: nicolas, role: 'member' }
	]);
	const other = await buildGroup({ joinPolicy: 'closed' }, [{ user: outsider, role: 'lead' }]);
	const archive = await library.createFolder(julie, group.id, null, 'Archives');
	ids.quote = await put(julie, group.id, 'Devis benne.pdf');
	ids.timetable = await put(nicolas, group.id, 'Horaires navette.pdf');
	ids.archived = await put(julie, group.id, 'Ancien devis.pdf', archive.id);
	ids.foreign = await put(outsider, other.id, 'Secret.pdf');
	await library.removeFolder(julie, group.id, archive.id);
	await afterAnswersSettled();
	const created = await threads.create(
		julie,
		group.id,
		threads.threadSchema.parse({ title: 'Benne', body: JSON.stringify(doc('Qui a le devis ?')) }),
		ORIGIN
	);
	threadId = created.thread.id;
});

const attachedOf = async (reader: SessionUser, text: string) => {
	const view = await threadView.read(reader, threadId);
	const message = view.messages.find((m) => m.html.includes(text));
	return message?.attachments.map((a) => a.name);
};

describe('attachments on a message', () => {
	it('shows the chosen files of the group, in order, to every reader', async () => {
		await threads.post(
			nicolas,
			threadId,
			{ body: doc('Les voici'), parentId: '', attachments: [ids.timetable, ids.quote] },
			ORIGIN
		);
		expect(await attachedOf(julie, 'Les voici')).toEqual([
			'Horaires navette.pdf',
			'Devis benne.pdf'
		]);
		expect(await attachedOf(director, 'Les voici')).toEqual([
			'Horaires navette.pdf',
			'Devis benne.pdf'
		]);
	});

	it('refuses a file of another group, or one in the bin, and posts nothing', async () => {
		for (const id of [ids.foreign, ids.archived, '00000000-0000-4000-8000-000000000000']) {
			await expect(
				threads.post(
					nicolas,
					threadId,
					{ body: doc(`Avec ${id}`), parentId: '', attachments: [ids.quote, id] },
					ORIGIN
				)
			).rejects.toMatchObject({ messageKey: 'files.attachment_invalid', field: 'attachments' });
			expect(await attachedOf(julie, `Avec ${id}`)).toBeUndefined();
		}
	});

	it('hides a file sent to the bin, and shows it again once restored', async () => {
		await library.removeFile(julie, ids.quote);
		expect(await attachedOf(julie, 'Les voici')).toEqual(['Horaires navette.pdf']);
		await library.restoreFile(julie, group.id, ids.quote);
		expect(await attachedOf(julie, 'Les voici')).toEqual([
			'Horaires navette.pdf',
			'Devis benne.pdf'
		]);
	});

	it('shows nothing of the files once the thread moves to another group', async () => {
		const elsewhere = await buildGroup({}, [
			{ user: julie, role: 'lead' },
			{ user: outsider, role: 'member' }
		]);
		const moved = await threads.create(
			julie,
			group.id,
			threads.threadSchema.parse({ title: 'À déplacer', body: JSON.stringify(doc('Voir pièce')) }),
			ORIGIN
		);
		await threads.post(
			julie,
			moved.thread.id,
			{ body: doc('La pièce'), parentId: '', attachments: [ids.timetable] },
			ORIGIN
		);
		await threads.move(julie, moved.thread.id, elsewhere.id);
		const view = await threadView.read(outsider, moved.thread.id);
		const message = view.messages.find((m) => m.html.includes('La pièce'));
		expect(message?.attachments).toEqual([]);
	});

	it('reads the form’s list: ids separated by commas, at most ten, each an id', () => {
		expect(attachmentsField.parse(` ${ids.quote}, ${ids.quote},`)).toEqual([ids.quote]);
		expect(attachmentsField.parse(undefined)).toEqual([]);
		expect(attachmentsField.safeParse('../etc/passwd').success).toBe(false);
		const eleven = Array.from({ length: 11 }, () => crypto.randomUUID()).join(',');
		expect(attachmentsField.safeParse(eleven).error?.issues[0].message).toBe(
			'files.too_many_attachments'
		);
	});
});

describe('the library’s picker', () => {
	it('offers the group’s live files, by name, accents aside', async () => {
		const all = (await choosable(group.id, '')).map((f) => f.name);
		expect(all).toContain('Horaires navette.pdf');
		expect(all).not.toContain('Ancien devis.pdf');
		expect((await choosable(group.id, 'NAVÉTTE')).map((f) => f.name)).toEqual([
			'Horaires navette.pdf'
		]);
	});

	it('is offered on the thread’s page to those who may reply, not to a director', async () => {
		const attachOf = async (user: SessionUser) => {
			const { result } = await run(threadPage.load as never, {
				path: `/groupes/${group.slug}/discussions/${threadId}`,
				params: { slug: group.slug, threadId },
				user
			});
			return (result as { attach: unknown }).attach;
		};
		expect(await attachOf(nicolas)).toEqual({
			groupId: group.id,
			slug: group.slug,
			maxFileBytes: 100 * 1024 * 1024
		});
		expect(await attachOf(director)).toBeNull();
	});

	it('answers contributors only', async () => {
		const ask = (user: SessionUser) =>
			run(choicesRoute.GET as never, {
				path: `/groupes/${group.slug}/fichiers/choix`,
				params: { slug: group.slug },
				user
			});
		const mine = await ask(nicolas);
		expect(((await (mine.result as Response).json()) as { files: unknown[] }).files.length).toBe(2);
		expect((await ask(director)).thrown).toMatchObject({ status: 403 });
		expect((await ask(outsider)).thrown).toMatchObject({ status: 404 });
	});
});

describe('files of an action', () => {
	it('are attached by those who may edit it, seen by its readers, refused to the others', async () => {
		const action = await actionItems.create(
			julie,
			group.id,
			actionItems.actionSchema.parse({ title: 'Commander la benne', dueDate: '', ownerId: '' })
		);
		const act = (
			name: 'attachFiles' | 'detachFile',
			user: SessionUser,
			form: Record<string, string>
		) =>
			run(actionPage.actions[name] as never, {
				path: `/actions/${action.id}`,
				params: { id: action.id },
				user,
				form
			});
		const filesOf = async (user: SessionUser) => {
			const { result } = await run(actionPage.load as never, {
				path: `/actions/${action.id}`,
				params: { id: action.id },
				user
			});
			return (result as { actionFiles: { files: { name: string }[]; attach: unknown } })
				.actionFiles;
		};

		expect((await act('attachFiles', julie, { attachments: ids.timetable })).result).toEqual({
			done: 'files.attached_done'
		});
		await act('attachFiles', nicolas, { attachments: ids.quote });
		expect((await filesOf(director)).files.map((f) => f.name)).toEqual([
			'Horaires navette.pdf',
			'Devis benne.pdf'
		]);
		expect((await filesOf(director)).attach).toBeNull();

		// A director reads but does not attach; an outsider does not even find the action.
		expect((await act('attachFiles', director, { attachments: ids.quote })).thrown).toMatchObject({
			status: 403
		});
		expect((await act('detachFile', outsider, { fileId: ids.quote })).thrown).toMatchObject({
			status: 404
		});
		// Another group's file is refused, with nothing attached.
		const refused = await act('attachFiles', julie, { attachments: ids.foreign });
		expect(refused.result).toMatchObject({
			status: 400,
			data: { errors: { attachments: 'files.attachment_invalid' } }
		});

		await act('detachFile', julie, { fileId: ids.quote });
		expect((await filesOf(nicolas)).files.map((f) => f.name)).toEqual(['Horaires navette.pdf']);
	});
});

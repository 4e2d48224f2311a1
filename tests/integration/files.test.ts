import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, generateSessionToken, SESSION_COOKIE } from '$lib/server/auth/session';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { activity, files, fileVersions } from '$lib/server/db/schema';
import * as library from '$lib/server/files/library';
import { FILE_LIMITS } from '$lib/server/files/limits';
import { localStore } from '$lib/server/files/local-store';
import { purgeBin, sweepOrphans } from '$lib/server/files/purge';
import { s3Store } from '$lib/server/files/s3-store';
import { fileStore, useFileStore } from '$lib/server/files/storage';
import { strToU8, zipSync } from 'fflate';
import { documentText, pdfText } from '$lib/server/files/extract';
import { handleUpload } from '$lib/server/files/upload-request';
import { simplePdf } from '$lib/server/demo/simple-pdf';
import { afterAnswersSettled } from '$lib/server/jobs';
import * as search from '$lib/server/search';
import { deleteSetting, setSetting } from '$lib/server/settings';
import * as download from '../../src/routes/(app)/fichiers/[id=uuid]/+server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { startS3 } from '../helpers/s3';

// A group's files, as people use them through the upload address and the download address:
// who may add, read, remove and restore, what is refused and why, and that a refusal or a cut
// leaves nothing behind.

await createTestDb();
// On the local disk, or in an S3 bucket (s3rver) when files-on-s3.test.ts runs this file.
const onS3 = process.env.MAILLAGE_TEST_FILE_STORE === 's3';
const root = mkdtempSync(join(tmpdir(), 'maillage-files-'));
const s3 = onS3 ? await startS3() : null;
useFileStore(s3 ? s3Store(s3.settings) : localStore(root));
afterAll(async () => {
	rmSync(root, { recursive: true, force: true });
	await s3?.stop();
});

let lead: SessionUser;
let member: SessionUser;
let colleague: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let partner: SessionUser;
let outsider: SessionUser;
let coordinator: SessionUser;
let group: { id: string; slug: string };
const tokens = new Map<string, string>();

async function tokenOf(user: SessionUser) {
	let token = tokens.get(user.id);
	if (!token) {
		token = generateSessionToken();
		await createSession(token, user.id);
		tokens.set(user.id, token);
	}
	return token;
}

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PROGRAM = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...new Array(200).fill(0)]);

interface Sent {
	status: number;
	body: {
		file?: { id: string; name: string; size: number; version: number };
		error?: string;
		key?: string;
	};
}

/** Sends `bytes` to the upload address as `user` would from the app's page. */
async function send(
	user: SessionUser | null,
	query: string,
	bytes: Uint8Array | ReadableStream<Uint8Array>,
	headers: Record<string, string> = {}
): Promise<Sent> {
	const request = new Request(`http://localhost/televersement?${query}`, {
		method: 'PUT',
		body: bytes,
		duplex: 'half',
		headers: {
			host: 'localhost',
			origin: 'http://localhost',
			...(user && { cookie: `${SESSION_COOKIE}=${await tokenOf(user)}` }),
			...(bytes instanceof Uint8Array && { 'content-length': String(bytes.byteLength) }),
			...headers
		}
	} as RequestInit);
	const response = await handleUpload(request);
	return { status: response.status, body: await response.json() };
}

const intoGroup = (name: string, folder?: string) =>
	`groupe=${group.id}${folder ? `&dossier=${folder}` : ''}&nom=${encodeURIComponent(name)}`;

async function fetchFile(user: SessionUser | null, id: string, query = '') {
	const { result, thrown } = await run(download.GET as never, {
		path: `/fichiers/${id}${query}`,
		params: { id },
		user
	});
	return { response: result as Response | undefined, thrown: thrown as { status?: number } };
}

async function storedObjects(): Promise<string[]> {
	const ids: string[] = [];
	for await (const found of fileStore().ids()) ids.push(found.id);
	return ids;
}

/** What unfinished writes left on the disk (an S3 upload leaves no object until complete). */
function partials(): string[] {
	if (onS3) return [];
	try {
		return readdirSync(join(root, 'partial'));
	} catch {
		return [];
	}
}

beforeAll(async () => {
	[lead, member, colleague, observer, director, partner, outsider, coordinator] = await Promise.all(
		[
			buildUser({ name: 'Luc Pilote' }),
			buildUser({ name: 'Mia Membre' }),
			buildUser({ name: 'Colin Collègue' }),
			buildUser({ name: 'Olga Observatrice' }),
			buildUser({ role: 'director', name: 'Denis Directeur' }),
			buildUser({ role: 'partner', name: 'Paula Partenaire' }),
			buildUser({ name: 'Oscar Ailleurs' }),
			buildUser({ role: 'coordinator', name: 'Claire Coordination' })
		]
	);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: colleague, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
});

describe('uploading', () => {
	it('stores a member’s file, records it in the activity, and serves it back', async () => {
		const sent = await send(member, intoGroup('Devis navette.pdf'), PDF);
		expect(sent.status).toBe(201);
		expect(sent.body.file).toMatchObject({
			name: 'Devis navette.pdf',
			size: PDF.byteLength,
			version: 1
		});
		const id = sent.body.file!.id;
		const [row] = await db.select().from(files).where(eq(files.id, id));
		expect(row).toMatchObject({
			groupId: group.id,
			folderId: null,
			mime: 'application/pdf',
			versions: 1
		});
		const [entry] = await db
			.select()
			.from(activity)
			.where(and(eq(activity.subjectId, id), eq(activity.verb, 'uploaded')));
		expect(entry).toMatchObject({
			actorId: member.id,
			subjectType: 'file',
			label: 'Devis navette.pdf'
		});

		const { response } = await fetchFile(observer, id);
		expect(response!.status).toBe(200);
		expect(response!.headers.get('content-type')).toBe('application/pdf');
		expect(response!.headers.get('content-disposition')).toMatch(/^inline;/);
		expect(new Uint8Array(await response!.arrayBuffer())).toEqual(PDF);
	});

	it('lets members and leads add, and refuses everyone else', async () => {
		expect((await send(lead, intoGroup('a.pdf'), PDF)).status).toBe(201);
		expect((await send(coordinator, intoGroup('b.pdf'), PDF)).status).toBe(201);
		// Observers and directors read; partners and others outside a closed group see nothing.
		expect((await send(observer, intoGroup('c.pdf'), PDF)).status).toBe(403);
		expect((await send(director, intoGroup('c.pdf'), PDF)).status).toBe(403);
		expect((await send(partner, intoGroup('c.pdf'), PDF)).status).toBe(404);
		expect((await send(outsider, intoGroup('c.pdf'), PDF)).status).toBe(404);
		expect((await send(null, intoGroup('c.pdf'), PDF)).status).toBe(401);
		const rows = await db.select().from(files).where(eq(files.name, 'c.pdf'));
		expect(rows).toEqual([]);
	});

	it('refuses an upload sent from another site, whatever the cookie', async () => {
		const sent = await send(member, intoGroup('x.pdf'), PDF, { origin: 'https://evil.example' });
		expect(sent.status).toBe(403);
		const noOrigin = await send(member, intoGroup('x.pdf'), PDF, { origin: '' });
		expect(noOrigin.status).toBe(403);
	});

	it('keeps a name, never a path or control characters', async () => {
		const sent = await send(member, intoGroup('../../etc/pa\u0000ss\u202ewd.pdf'), PDF);
		expect(sent.status).toBe(201);
		expect(sent.body.file!.name).toBe('passwd.pdf');
		const long = await send(member, intoGroup(`${'é'.repeat(300)}.pdf`), PDF);
		expect([...long.body.file!.name]).toHaveLength(200);
		expect(long.body.file!.name.endsWith('.pdf')).toBe(true);
	});

	it('refuses programs by their content, and empty files, with a localised reason', async () => {
		const program = await send(member, intoGroup('horaires.pdf'), PROGRAM);
		expect(program.status).toBe(415);
		expect(program.body.error).toMatch(/programmes/);
		const empty = await send(member, intoGroup('vide.txt'), new Uint8Array());
		expect(empty.status).toBe(400);
		expect(empty.body.key).toBe('files.empty');
		const rows = await db.select().from(files).where(eq(files.name, 'horaires.pdf'));
		expect(rows).toEqual([]);
	});

	it('refuses a file over the maximum size, announced or not, and keeps nothing of it', async () => {
		await setSetting(FILE_LIMITS, { maxFileBytes: 1024 });
		try {
			const before = (await storedObjects()).length;
			const announced = await send(member, intoGroup('gros.pdf'), new Uint8Array(2000).fill(65));
			expect(announced.status).toBe(413);
			expect(announced.body.error).toMatch(/taille maximale \(1\sko\)/);
			// Chunked, without a length: stopped as the bytes pass the limit.
			const stream = new ReadableStream<Uint8Array>({
				start(controller) {
					for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(400).fill(65));
					controller.close();
				}
			});
			const chunked = await send(member, intoGroup('gros.pdf'), stream);
			expect(chunked.status).toBe(413);
			expect(await storedObjects()).toHaveLength(before);
			expect(partials()).toEqual([]);
		} finally {
			await deleteSetting(FILE_LIMITS);
		}
	});

	it('refuses what would pass the group’s quota', async () => {
		const used = (await library.listFolder(member, group.id, null, () => ({ offset: 0, limit: 1 })))
			.total;
		expect(used).toBeGreaterThan(0);
		await setSetting(FILE_LIMITS, { groupQuotaBytes: 1 });
		try {
			const sent = await send(member, intoGroup('quota.pdf'), PDF);
			expect(sent.status).toBe(413);
			expect(sent.body.key).toBe('files.group_quota');
		} finally {
			await deleteSetting(FILE_LIMITS);
		}
	});

	it('keeps nothing of an upload cut halfway', async () => {
		const before = (await storedObjects()).length;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				controller.enqueue(PDF);
				// As Node's request stream fails when the client's connection breaks.
				controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
			}
		});
		const sent = await send(member, intoGroup('coupé.pdf'), stream);
		expect(sent.status).toBe(400);
		expect(sent.body.key).toBe('files.interrupted');
		expect(await storedObjects()).toHaveLength(before);
		expect(partials()).toEqual([]);
		expect(await db.select().from(files).where(eq(files.name, 'coupé.pdf'))).toEqual([]);
	});
});

describe('versions', () => {
	it('keeps both of two new versions sent at once, each downloadable', async () => {
		const first = await send(member, intoGroup('Planning.pdf'), PDF);
		const id = first.body.file!.id;
		const v = (text: string) => new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`);
		const [a, b] = await Promise.all([
			send(colleague, `fichier=${id}&nom=Planning-v2.pdf`, v('A')),
			send(lead, `fichier=${id}&nom=Planning-v2.pdf`, v('B'))
		]);
		expect([a.status, b.status]).toEqual([201, 201]);
		expect([a.body.file!.version, b.body.file!.version].sort()).toEqual([2, 3]);
		// The file keeps its name; each version its own bytes.
		expect(a.body.file!.name).toBe('Planning.pdf');
		const versions = await db.select().from(fileVersions).where(eq(fileVersions.fileId, id));
		expect(versions.map((x) => x.number).sort()).toEqual([1, 2, 3]);
		const one = await fetchFile(member, id, '?version=1');
		expect(new Uint8Array(await one.response!.arrayBuffer())).toEqual(PDF);
		const latest = await fetchFile(member, id);
		const newest = a.body.file!.version === 3 ? 'A' : 'B';
		expect(await latest.response!.text()).toContain(newest);
		expect((await fetchFile(member, id, '?version=9')).thrown?.status).toBe(404);
		expect((await fetchFile(member, id, '?version=..')).thrown?.status).toBe(404);
	});

	it('refuses a new version from a reader', async () => {
		const first = await send(member, intoGroup('Lecture.pdf'), PDF);
		const id = first.body.file!.id;
		expect((await send(observer, `fichier=${id}&nom=x.pdf`, PDF)).status).toBe(403);
		expect((await send(partner, `fichier=${id}&nom=x.pdf`, PDF)).status).toBe(404);
	});
});

describe('reading', () => {
	it('never serves a file to someone outside its closed group, nor says it exists', async () => {
		const sent = await send(member, intoGroup('Confidentiel.pdf'), PDF);
		const id = sent.body.file!.id;
		expect((await fetchFile(director, id)).response!.status).toBe(200);
		expect((await fetchFile(partner, id)).thrown?.status).toBe(404);
		expect((await fetchFile(outsider, id)).thrown?.status).toBe(404);
		expect((await fetchFile(null, id)).thrown?.status).toBe(401);
		expect((await fetchFile(member, crypto.randomUUID())).thrown?.status).toBe(404);
		await expect(library.fileDetails(partner, id)).rejects.toMatchObject({ kind: 'not_found' });
	});
});

describe('folders, the bin and restoring', () => {
	it('moves a file into a folder; a folder in the bin takes it along, and brings it back', async () => {
		const folder = await library.createFolder(member, group.id, null, 'Photos du site');
		const sub = await library.createFolder(member, group.id, folder.id, '2027');
		const sent = await send(member, intoGroup('plan.pdf', sub.id), PDF);
		const id = sent.body.file!.id;
		const listed = await library.listFolder(observer, group.id, sub.id, () => ({
			offset: 0,
			limit: 50
		}));
		expect(listed.path.map((p) => p.name)).toEqual(['Photos du site', '2027']);
		expect(listed.files.map((f) => f.name)).toEqual(['plan.pdf']);

		// Never into itself or a folder it holds.
		await expect(library.moveFolder(member, group.id, folder.id, sub.id)).rejects.toMatchObject({
			messageKey: 'files.destination_invalid'
		});

		// A colleague who did not create it may not send it to the bin; a lead may.
		await expect(library.removeFolder(colleague, group.id, folder.id)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await library.removeFolder(lead, group.id, folder.id);
		expect((await fetchFile(member, id)).thrown?.status).toBe(404);
		await expect(
			library.listFolder(member, group.id, sub.id, () => ({ offset: 0, limit: 50 }))
		).rejects.toMatchObject({ kind: 'not_found' });
		const binned = await library.bin(member, group.id);
		// The folder is listed, not what it holds.
		expect(binned.filter((b) => b.name === 'Photos du site')).toHaveLength(1);
		expect(binned.some((b) => b.name === 'plan.pdf')).toBe(false);
		// Its creator may bring it back; a colleague may not.
		expect(binned.find((b) => b.name === 'Photos du site')!.canRestore).toBe(true);
		expect(
			(await library.bin(colleague, group.id)).find((b) => b.id === folder.id)!.canRestore
		).toBe(false);

		await library.restoreFolder(member, group.id, folder.id);
		expect((await fetchFile(member, id)).response!.status).toBe(200);
	});

	it('lets the uploader, a lead or the coordination remove and restore a file, no one else', async () => {
		const sent = await send(member, intoGroup('à jeter.pdf'), PDF);
		const id = sent.body.file!.id;
		await expect(library.removeFile(colleague, id)).rejects.toMatchObject({ kind: 'forbidden' });
		await expect(library.removeFile(observer, id)).rejects.toMatchObject({ kind: 'forbidden' });
		await expect(library.removeFile(partner, id)).rejects.toMatchObject({ kind: 'not_found' });
		await library.removeFile(member, id);
		expect((await fetchFile(member, id)).thrown?.status).toBe(404);
		await expect(library.restoreFile(colleague, group.id, id)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await library.restoreFile(coordinator, group.id, id);
		expect((await fetchFile(member, id)).response!.status).toBe(200);
		await library.removeFile(lead, id);
		await library.restoreFile(member, group.id, id);
		expect((await fetchFile(observer, id)).response!.status).toBe(200);
	});

	it('restores a file to the top when its folder is itself in the bin', async () => {
		const folder = await library.createFolder(member, group.id, null, 'Éphémère');
		const sent = await send(member, intoGroup('seul.pdf', folder.id), PDF);
		const id = sent.body.file!.id;
		await library.removeFile(member, id);
		await library.removeFolder(member, group.id, folder.id);
		const { folderId } = await library.restoreFile(member, group.id, id);
		expect(folderId).toBeNull();
		const top = await library.listFolder(member, group.id, null, () => ({ offset: 0, limit: 500 }));
		expect(top.files.some((f) => f.id === id)).toBe(true);
	});

	it('purges after thirty days, then sweeps the bytes no version names', async () => {
		const sent = await send(member, intoGroup('ancien.pdf'), PDF);
		const id = sent.body.file!.id;
		const [version] = await db.select().from(fileVersions).where(eq(fileVersions.fileId, id));
		await library.removeFile(member, id);
		expect(await purgeBin()).toBe(0);
		const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
		expect(await purgeBin(later)).toBeGreaterThanOrEqual(1);
		expect(await db.select().from(files).where(eq(files.id, id))).toEqual([]);
		expect(await storedObjects()).toContain(version.id);
		// Bytes a crash left between the store and the row are orphans too.
		const crashed = crypto.randomUUID();
		await fileStore().write(
			crashed,
			(async function* () {
				yield PDF;
			})(),
			1000
		);
		// Too recent to be sure: an upload may be writing its row right now.
		await sweepOrphans();
		expect(await storedObjects()).toContain(crashed);
		const removed = await sweepOrphans(0);
		expect(removed).toBeGreaterThanOrEqual(2);
		expect(await storedObjects()).not.toContain(version.id);
		expect(await storedObjects()).not.toContain(crashed);
		// Every version still named keeps its bytes.
		const named = await db.select({ id: fileVersions.id }).from(fileVersions);
		for (const { id: kept } of named) expect(await storedObjects()).toContain(kept);
	});
});

describe('bad input', () => {
	it('answers a malformed address or target plainly', async () => {
		expect((await send(member, `nom=x.pdf`, PDF)).status).toBe(400);
		expect((await send(member, `groupe=pas-un-id&nom=x.pdf`, PDF)).status).toBe(404);
		expect(
			(await send(member, `${intoGroup('x.pdf')}&dossier=${crypto.randomUUID()}`, PDF)).status
		).toBe(404);
		expect((await send(member, `fichier=${crypto.randomUUID()}&nom=x.pdf`, PDF)).status).toBe(404);
		expect((await send(member, intoGroup('x'.repeat(3000)), PDF)).status).toBe(400);
	});
});

describe('search', () => {
	it('finds a PDF by a word of its text for a reader, never for a partner outside the group', async () => {
		const bytes = simplePdf('Devis transporteur', [
			'Navette quotidienne zorglubnavette, 38 places'
		]);
		const sent = await send(member, intoGroup('devis-2027.pdf'), new Uint8Array(bytes));
		await afterAnswersSettled();
		const [row] = await db.select().from(files).where(eq(files.id, sent.body.file!.id));
		expect(row.plainText).toContain('zorglubnavette');
		expect(row.textVersionId).toBe(row.versionId);

		const found = await search.search(observer, 'zorglubnavette');
		expect(found.results.map((r) => [r.kind, r.title])).toEqual([['file', 'devis-2027.pdf']]);
		expect(found.results[0].href).toBe(`/groupes/${group.slug}/fichiers/${row.id}`);
		expect(found.results[0].snippetHtml).toContain('<mark>');
		expect((await search.search(partner, 'zorglubnavette')).results).toEqual([]);
		// By its name too.
		expect((await search.search(member, 'devis-2027')).results[0]?.id).toBe(row.id);

		// Not once it is in the bin, nor when its folder is.
		await library.removeFile(member, row.id);
		expect((await search.search(observer, 'zorglubnavette')).results).toEqual([]);
		await library.restoreFile(member, group.id, row.id);
		const folder = await library.createFolder(member, group.id, null, 'Archives');
		const sub = await library.createFolder(member, group.id, folder.id, '2027');
		await library.moveFile(member, row.id, sub.id);
		expect((await search.search(observer, 'zorglubnavette')).results).toHaveLength(1);
		await library.removeFolder(member, group.id, folder.id);
		expect((await search.search(observer, 'zorglubnavette')).results).toEqual([]);
	});

	it('finds a .docx and an .odt by a word of their text', async () => {
		const docx = zipSync({
			'[Content_Types].xml': strToU8(
				'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
			),
			'word/document.xml': strToU8(
				'<w:document><w:body><w:p><w:r><w:t>Compte rendu</w:t></w:r></w:p><w:p><w:r><w:t>Covoiturage zorglubdocx &amp; navette</w:t></w:r></w:p></w:body></w:document>'
			)
		});
		const odt = zipSync({
			mimetype: strToU8('application/vnd.oasis.opendocument.text'),
			'content.xml': strToU8(
				'<office:document-content><office:body><office:text><text:h>Horaires</text:h><text:p>Ligne zorglubodt<text:s/>vers la zone</text:p></office:text></office:body></office:document-content>'
			)
		});
		for (const [name, bytes, word] of [
			['compte-rendu.docx', docx, 'zorglubdocx'],
			['horaires.odt', odt, 'zorglubodt']
		] as const) {
			const sent = await send(member, intoGroup(name), bytes);
			expect(sent.status).toBe(201);
			await afterAnswersSettled();
			const [row] = await db.select().from(files).where(eq(files.id, sent.body.file!.id));
			expect(row.plainText).toContain(word);
			const found = await search.search(observer, word);
			expect(found.results.map((r) => r.title)).toEqual([name]);
		}
		const [docxRow] = await db
			.select({ text: files.plainText })
			.from(files)
			.where(eq(files.name, 'compte-rendu.docx'));
		// Paragraphs stay apart, entities read as characters.
		expect(docxRow.text).toBe('Compte rendu Covoiturage zorglubdocx & navette');

		// A text part that unzips to more than 30 MB (a zip bomb: 40 MB of spaces in a few
		// kilobytes) is not read on: the file is found by its name.
		const bomb = zipSync(
			{ 'word/document.xml': new Uint8Array(40 * 1024 * 1024).fill(32) },
			{ level: 9 }
		);
		expect(bomb.byteLength).toBeLessThan(200_000);
		expect(
			await documentText(
				bomb,
				'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
			)
		).toBeNull();
	});

	it('reads a PDF’s text within a time limit, and nothing of a broken one', async () => {
		const bytes = new Uint8Array(simplePdf('Planning', ['zorglubplanning']));
		expect(await pdfText(bytes)).toContain('zorglubplanning');
		// A reading that takes too long is stopped: the file is then found by its name.
		expect(await pdfText(bytes, { timeoutMs: 1, memoryMb: 64 })).toBeNull();
		expect(await pdfText(new TextEncoder().encode('%PDF-1.4 garbage'))).toBeNull();
	});
});

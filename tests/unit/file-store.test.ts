import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTooLarge, localStore, type FileStore } from '$lib/server/files/local-store';
import { fileResponse, requestedRange, type ServedFile } from '$lib/server/files/serve';

let root: string;
let store: FileStore;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'maillage-files-'));
	store = localStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function* chunks(...parts: string[]) {
	for (const part of parts) yield new TextEncoder().encode(part);
}

const partials = () => {
	try {
		return readdirSync(join(root, 'partial'));
	} catch {
		return [];
	}
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('files on the local disk', () => {
	it('stores a file streamed in chunks, under its id, with its size and hash', async () => {
		const id = randomUUID();
		const stored = await store.write(id, chunks('Horaires ', 'de la navette'), 1_000);
		expect(stored).toEqual({ size: 22, sha256: sha256('Horaires de la navette') });
		expect(await text((await store.read(id))!)).toBe('Horaires de la navette');
		expect(await text((await store.read(id, { start: 9, end: 13 }))!)).toBe('de la');
		expect(await store.size(id)).toBe(22);
		expect(partials()).toEqual([]);
		const ids: string[] = [];
		for await (const found of store.ids()) ids.push(found.id);
		expect(ids).toEqual([id]);
	});

	it('keeps nothing of a file past the limit', async () => {
		const id = randomUUID();
		await expect(store.write(id, chunks('12345', '67890', 'x'), 10)).rejects.toBeInstanceOf(
			FileTooLarge
		);
		expect(await store.read(id)).toBeNull();
		expect(partials()).toEqual([]);
	});

	it('keeps nothing of an upload cut halfway', async () => {
		const id = randomUUID();
		async function* cut() {
			yield new TextEncoder().encode('début');
			throw new Error('connection reset');
		}
		await expect(store.write(id, cut(), 1_000)).rejects.toThrow('connection reset');
		expect(await store.size(id)).toBeNull();
		expect(partials()).toEqual([]);
	});

	it('sweeps what a crash left unfinished, once old enough', async () => {
		const id = randomUUID();
		// A crash stops the process mid-write: here, a write that never ends.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		async function* stalled() {
			yield new TextEncoder().encode('moitié');
			await held;
		}
		const writing = store.write(id, stalled(), 1_000);
		await expect.poll(partials).toHaveLength(1);
		expect(await store.sweepPartial(60_000)).toBe(0);
		const old = new Date(Date.now() - 120_000);
		utimesSync(join(root, 'partial', partials()[0]), old, old);
		expect(await store.sweepPartial(60_000)).toBe(1);
		expect(partials()).toEqual([]);
		release();
		await writing.catch(() => {});
		expect(await store.size(id)).toBeNull();
	});

	it('takes only its own ids, never a name or a path', async () => {
		await expect(store.write('../../etc/passwd', chunks('x'), 10)).rejects.toThrow('Not a file id');
		await expect(store.read('devis.pdf')).rejects.toThrow('Not a file id');
		await expect(store.remove('..')).rejects.toThrow('Not a file id');
	});

	it('removes a file, and a second removal changes nothing', async () => {
		const id = randomUUID();
		await store.write(id, chunks('x'), 10);
		await store.remove(id);
		await store.remove(id);
		expect(await store.read(id)).toBeNull();
	});
});

describe('the range a request asks for', () => {
	it.each([
		[null, 100, null],
		['bytes=0-9', 100, { start: 0, end: 9 }],
		['bytes=90-', 100, { start: 90, end: 99 }],
		['bytes=-10', 100, { start: 90, end: 99 }],
		['bytes=-500', 100, { start: 0, end: 99 }],
		['bytes=50-5000', 100, { start: 50, end: 99 }],
		['bytes=100-', 100, 'unsatisfiable'],
		['bytes=9-0', 100, 'unsatisfiable'],
		['bytes=-0', 100, 'unsatisfiable'],
		['bytes=0-1,5-9', 100, null],
		['items=0-9', 100, null],
		['bytes=abc', 100, null]
	] as const)('%s of %i bytes', (header, size, expected) => {
		expect(requestedRange(header, size)).toEqual(expected);
	});
});

describe('a file as an answer', () => {
	const content = 'Devis de la navette : 1 200 € HT';
	let file: ServedFile;
	beforeEach(async () => {
		const id = randomUUID();
		const stored = await store.write(id, chunks(content), 1_000);
		file = { id, name: 'Devis été.pdf', mime: 'application/pdf', inline: true, ...stored };
	});
	const get = (headers: Record<string, string> = {}, method = 'GET') =>
		fileResponse(new Request('http://localhost/f', { method, headers }), store, file);

	it('sends the whole file, sandboxed, never sniffed, revalidated each time', async () => {
		const response = await get();
		expect(response.status).toBe(200);
		expect(await response.text()).toBe(content);
		expect(Object.fromEntries(response.headers)).toMatchObject({
			'content-type': 'application/pdf',
			'content-length': String(Buffer.byteLength(content)),
			'accept-ranges': 'bytes',
			etag: `"${file.sha256}"`,
			'cache-control': 'private, no-cache, no-transform',
			'x-content-type-options': 'nosniff',
			'content-disposition': `inline; filename="Devis ete.pdf"; filename*=UTF-8''Devis%20%C3%A9t%C3%A9.pdf`
		});
		expect(response.headers.get('content-security-policy')).toMatch(/^sandbox;/);
	});

	it('sends a type not safe to show as a download', async () => {
		file = { ...file, mime: 'application/octet-stream', inline: false };
		const response = await get();
		expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
		await response.body?.cancel();
	});

	it('sends the part asked for, and says when it lies outside the file', async () => {
		const part = await get({ range: 'bytes=0-4' });
		expect(part.status).toBe(206);
		expect(await part.text()).toBe('Devis');
		expect(part.headers.get('content-range')).toBe(`bytes 0-4/${file.size}`);
		expect(part.headers.get('content-length')).toBe('5');
		const outside = await get({ range: `bytes=${file.size}-` });
		expect(outside.status).toBe(416);
		expect(outside.headers.get('content-range')).toBe(`bytes */${file.size}`);
	});

	it('sends the whole file when the copy a resumed download began with has changed', async () => {
		const response = await get({ range: 'bytes=0-4', 'if-range': '"another"' });
		expect(response.status).toBe(200);
		expect(await response.text()).toBe(content);
	});

	it('answers 304 to a browser holding the same file, and HEAD without a body', async () => {
		expect((await get({ 'if-none-match': `W/"x", "${file.sha256}"` })).status).toBe(304);
		const head = await get({}, 'HEAD');
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
	});

	it('answers 404 when the file’s bytes are gone', async () => {
		await store.remove(file.id);
		expect((await get()).status).toBe(404);
	});
});

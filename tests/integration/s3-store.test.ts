import { createHash, randomUUID } from 'node:crypto';
import { buffer, text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTooLarge, type FileStore } from '$lib/server/files/local-store';
import { s3SettingsFromEnv, s3Store } from '$lib/server/files/s3-store';
import { startS3 } from '../helpers/s3';

// The store in an S3-compatible bucket, tested against s3rver (an S3 server written for tests,
// started here): the same promises as the local disk's.

let s3: Awaited<ReturnType<typeof startS3>>;
let store: FileStore;
beforeAll(async () => {
	s3 = await startS3();
	store = s3Store(s3.settings);
});
afterAll(async () => {
	await s3?.stop();
});

async function* chunks(...parts: (string | Uint8Array)[]) {
	for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}
const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const allIds = async () => {
	const ids: string[] = [];
	for await (const found of store.ids()) ids.push(found.id);
	return ids;
};

describe('files in an S3 bucket', () => {
	it('stores a file streamed in chunks, under its id, with its size and hash', async () => {
		const id = randomUUID();
		const stored = await store.write(id, chunks('Horaires ', 'de la navette'), 1_000);
		expect(stored).toEqual({ size: 22, sha256: sha256('Horaires de la navette') });
		expect(await text((await store.read(id))!)).toBe('Horaires de la navette');
		expect(await text((await store.read(id, { start: 9, end: 13 }))!)).toBe('de la');
		expect(await store.size(id)).toBe(22);
		expect(await allIds()).toContain(id);
	});

	it('stores a file of several parts whole', async () => {
		const id = randomUUID();
		const part = new Uint8Array(3 * 1024 * 1024).fill(65);
		const stored = await store.write(id, chunks(part, part, part, 'fin'), 20 * 1024 * 1024);
		expect(stored.size).toBe(9 * 1024 * 1024 + 3);
		const back = Buffer.from(await buffer((await store.read(id))!));
		expect(sha256(back)).toBe(stored.sha256);
	});

	it('keeps nothing of a file past the limit, nor of an upload cut halfway', async () => {
		const big = randomUUID();
		const part = new Uint8Array(3 * 1024 * 1024);
		await expect(
			store.write(big, chunks(part, part, part), 8 * 1024 * 1024)
		).rejects.toBeInstanceOf(FileTooLarge);
		expect(await store.size(big)).toBeNull();
		const cut = randomUUID();
		async function* broken() {
			yield new TextEncoder().encode('début');
			throw new Error('connection reset');
		}
		await expect(store.write(cut, broken(), 1_000)).rejects.toThrow('connection reset');
		expect(await store.read(cut)).toBeNull();
		expect(await allIds()).not.toContain(big);
		expect(await allIds()).not.toContain(cut);
	});

	it('takes only its own ids, and removes a file twice without failing', async () => {
		await expect(store.write('../../etc/passwd', chunks('x'), 10)).rejects.toThrow('Not a file id');
		await expect(store.read('devis.pdf')).rejects.toThrow('Not a file id');
		const id = randomUUID();
		await store.write(id, chunks('x'), 10);
		await store.remove(id);
		await store.remove(id);
		expect(await store.read(id)).toBeNull();
		expect(await store.sweepPartial(60_000)).toBe(0);
	});
});

describe('settings', () => {
	it('uses a bucket only when one is named', () => {
		expect(s3SettingsFromEnv({})).toBeNull();
		expect(
			s3SettingsFromEnv({
				S3_BUCKET: 'fichiers',
				S3_ENDPOINT: 'https://s3.example',
				S3_ACCESS_KEY_ID: 'k',
				S3_SECRET_ACCESS_KEY: 's'
			})
		).toEqual({
			bucket: 'fichiers',
			endpoint: 'https://s3.example',
			region: 'us-east-1',
			credentials: { accessKeyId: 'k', secretAccessKey: 's' }
		});
	});
});

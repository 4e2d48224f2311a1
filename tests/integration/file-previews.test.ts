import { deflateSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { filePreviews, files } from '$lib/server/db/schema';
import { simplePdf } from '$lib/server/demo/simple-pdf';
import { previewOf } from '$lib/server/files/previews';
import { upload } from '$lib/server/files/uploads';
import { afterAnswersSettled } from '$lib/server/jobs';
import * as previewRoute from '../../src/routes/(app)/fichiers/[id=uuid]/apercu/[size]/+server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// The smaller images of an uploaded photo: upright, without its metadata, made once, refused
// for an image that would take too much memory to decode, and shown only to the group's readers.

await createTestDb();

let member: SessionUser;
let partner: SessionUser;
let group: { id: string; slug: string };

beforeAll(async () => {
	[member, partner] = await Promise.all([buildUser(), buildUser({ role: 'partner' })]);
	group = await buildGroup({ joinPolicy: 'closed' }, [{ user: member, role: 'member' }]);
});

const put = async (name: string, bytes: Buffer) => {
	const file = await upload(
		member,
		{ groupId: group.id, folderId: null },
		name,
		[bytes],
		bytes.length
	);
	await afterAnswersSettled();
	return file;
};

async function fetchPreview(user: SessionUser | null, id: string, size: string) {
	const { result, thrown } = await run(previewRoute.GET as never, {
		path: `/fichiers/${id}/apercu/${size}`,
		params: { id, size },
		user
	});
	return { response: result as Response | undefined, thrown: thrown as { status?: number } };
}

/** A PNG whose header claims `width` × `height` pixels, whatever its data holds. */
function claimedPng(width: number, height: number): Buffer {
	const table = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (bytes: Buffer) => {
		let c = 0xffffffff;
		for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(8 + data.length + 4);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc(body), 8 + data.length);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.alloc(1000))),
		chunk('IEND', Buffer.alloc(0))
	]);
}

describe('previews', () => {
	it('turns a photo upright, strips its metadata, and makes it smaller, once', async () => {
		// 1200 × 800 as stored, to be shown turned a quarter (EXIF orientation 6): 800 wide.
		const photo = await sharp({
			create: { width: 1200, height: 800, channels: 3, background: '#2f6f8f' }
		})
			.jpeg()
			.withExif({ IFD0: { Make: 'Appareil', Copyright: 'Julie, 48.26 N 7.45 E' } })
			.withMetadata({ orientation: 6 })
			.toBuffer();
		expect((await sharp(photo).metadata()).exif).toBeDefined();
		const file = await put('Chantier.jpg', photo);

		const rows = await db.select().from(filePreviews);
		expect(rows.map((r) => r.size).sort()).toEqual(['large', 'small']);
		const { response } = await fetchPreview(member, file.id, 'petit');
		expect(response!.headers.get('content-type')).toBe('image/webp');
		expect(response!.headers.get('cache-control')).toBe('private, max-age=86400');
		const small = Buffer.from(await response!.arrayBuffer());
		const meta = await sharp(small).metadata();
		expect(meta.format).toBe('webp');
		expect([meta.width, meta.height]).toEqual([213, 320]);
		expect(meta.exif).toBeUndefined();
		expect(meta.orientation).toBeUndefined();

		// Asked again: the same one, not made anew.
		const etag = response!.headers.get('etag');
		const again = await fetchPreview(member, file.id, 'petit');
		expect(again.response!.headers.get('etag')).toBe(etag);
		expect(await db.select().from(filePreviews)).toHaveLength(2);
	});

	it('draws a PDF’s first page, portrait as the page is', async () => {
		const pdf = await put(
			'Horaires navette.pdf',
			simplePdf('Horaires de la navette', ['Départ 7 h 12, gare de Sélestat', 'Arrivée 7 h 41'])
		);
		const { response } = await fetchPreview(member, pdf.id, 'petit');
		expect(response?.headers.get('content-type')).toBe('image/webp');
		const bytes = Buffer.from(await response!.arrayBuffer());
		const image = sharp(bytes);
		const { width, height } = await image.metadata();
		expect(Math.max(width!, height!)).toBe(320);
		expect(height!).toBeGreaterThan(width!);
		// A page is mostly white paper, with its letterhead's dark band drawn at the top.
		const { channels } = await image.stats();
		expect(channels[0].mean).toBeGreaterThan(180);
		const band = await sharp(bytes)
			.extract({ left: 0, top: 0, width: width!, height: 5 })
			.toBuffer();
		const top = await sharp(band).stats();
		expect(top.channels[0].mean).toBeLessThan(100);
	});

	it('makes none of an image that would take too much memory to decode, nor of a damaged PDF', async () => {
		const bomb = await put('immense.png', claimedPng(50_000, 50_000));
		// Recorded as having none, so that it is not tried again at each showing.
		const recorded = await db
			.select({ objectId: filePreviews.objectId })
			.from(filePreviews)
			.innerJoin(files, eq(files.versionId, filePreviews.versionId))
			.where(eq(files.id, bomb.id));
		expect(recorded).toEqual([{ objectId: null }, { objectId: null }]);
		expect((await fetchPreview(member, bomb.id, 'grand')).thrown?.status).toBe(404);
		const pdf = await put('plan.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
		expect((await fetchPreview(member, pdf.id, 'petit')).thrown?.status).toBe(404);
		// A PDF that cannot be drawn is recorded as such: it is not read again at each showing.
		const damaged = await db
			.select({ objectId: filePreviews.objectId })
			.from(filePreviews)
			.innerJoin(files, eq(files.versionId, filePreviews.versionId))
			.where(eq(files.id, pdf.id));
		expect(damaged).toEqual([{ objectId: null }, { objectId: null }]);
		expect(await previewOf(crypto.randomUUID(), 'small')).toBeNull();
	});

	it('shows a preview only to the group’s readers', async () => {
		const photo = await sharp({
			create: { width: 50, height: 50, channels: 3, background: '#7a4690' }
		})
			.png()
			.toBuffer();
		const file = await put('badge.png', photo);
		expect((await fetchPreview(member, file.id, 'grand')).response!.status).toBe(200);
		expect((await fetchPreview(partner, file.id, 'grand')).thrown?.status).toBe(404);
		expect((await fetchPreview(null, file.id, 'grand')).thrown?.status).toBe(401);
		expect((await fetchPreview(member, file.id, 'moyen')).thrown?.status).toBe(404);
	});
});

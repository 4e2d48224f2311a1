import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { avatarPath } from '$lib/avatars';
import type { SessionUser } from '$lib/server/auth/session';
import * as avatarService from '$lib/server/avatars';
import { db } from '$lib/server/db';
import { avatars } from '$lib/server/db/schema';
import * as profilePage from '../../src/routes/(app)/profil/+page.server';
import { match as matchUuid } from '../../src/params/uuid';
import * as avatarRoute from '../../src/routes/(app)/avatars/[userId=uuid]/[hash]/[size].webp/+server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, fakeEvent, run } from '../helpers/events';
import { buildUser } from '../helpers/factories';

await createTestDb();

let julie: SessionUser;
let nicolas: SessionUser;
let partner: SessionUser;

beforeAll(async () => {
	julie = await buildUser({ name: 'Julie Fritsch' });
	nicolas = await buildUser({ name: 'Nicolas Haas' });
	partner = await buildUser({ role: 'partner' });
});

/**
 * A 200 × 100 JPEG, red on its left half and blue on its right, that says it must be turned a
 * quarter clockwise (EXIF orientation 6) and carries a name and GPS position in its EXIF.
 */
async function sidewaysJpeg(): Promise<Buffer> {
	const blue = await sharp({
		create: { width: 100, height: 100, channels: 3, background: '#0000ff' }
	})
		.png()
		.toBuffer();
	return sharp({ create: { width: 200, height: 100, channels: 3, background: '#ff0000' } })
		.composite([{ input: blue, left: 100, top: 0 }])
		.jpeg()
		.withExif({
			IFD0: { Artist: 'Julie Secret-Fritsch', Copyright: 'Maison Fritsch' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 15/1 30/1' }
		})
		.withMetadata({ orientation: 6 })
		.toBuffer();
}

const plainPng = (width = 300, height = 300) =>
	sharp({ create: { width, height, channels: 4, background: '#3d6b2a' } })
		.png()
		.toBuffer();

/** The upload form of /profil, as a browser posts it. */
function upload(bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg') {
	const form = new FormData();
	form.append('photo', new File([new Uint8Array(bytes)], name, { type }));
	return form;
}

const postPhoto = (user: SessionUser, body: FormData | ReadableStream<Uint8Array>) =>
	run(profilePage.actions.photo, { path: '/profil?/photo', user, body });

async function storedRow(userId: string) {
	const [row] = await db.select().from(avatars).where(eq(avatars.userId, userId));
	return row;
}

async function rowCount() {
	const [row] = await db.select({ n: count() }).from(avatars);
	return row.n;
}

/** GET of a photo's address by `user` (null: logged out), with the route's own parameters. */
async function fetchPhoto(
	user: SessionUser | null,
	userId: string,
	hash: string,
	size: string,
	headers: Record<string, string> = {}
) {
	const { event } = fakeEvent<Parameters<typeof avatarRoute.GET>[0]>({
		path: `/avatars/${userId}/${hash}/${size}.webp`,
		params: { userId, hash, size },
		user,
		headers
	});
	try {
		return { response: await avatarRoute.GET(event) };
	} catch (thrown) {
		return { thrown };
	}
}

async function pixel(image: Uint8Array, x: number, y: number) {
	const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
	const at = (y * info.width + x) * info.channels;
	return [data[at], data[at + 1], data[at + 2]];
}

describe('uploading a photo on /profil', () => {
	it('stores it upright, cropped square in two sizes, as WebP without any metadata', async () => {
		const { result } = await postPhoto(julie, upload(await sidewaysJpeg()));
		expect(result).toEqual({ saved: 'photo' });
		const row = await storedRow(julie.id);
		expect(row.hash).toMatch(/^[0-9a-f]{32}$/);

		for (const [bytes, size] of [
			[row.small, 64],
			[row.large, 256]
		] as const) {
			const meta = await sharp(bytes).metadata();
			expect(meta).toMatchObject({ format: 'webp', width: size, height: size });
			expect(meta.exif).toBeUndefined();
			expect(meta.icc).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.orientation).toBeUndefined();
			expect(Buffer.from(bytes).includes('Secret-Fritsch')).toBe(false);
			// Turned a quarter clockwise, the left (red) half is on top: the centre square keeps a
			// red top and a blue bottom. Unturned, it would be red on the left and blue on the right.
			const [top, bottom] = [
				await pixel(bytes, size / 2, 4),
				await pixel(bytes, size / 2, size - 5)
			];
			expect(top[0]).toBeGreaterThan(200);
			expect(top[2]).toBeLessThan(60);
			expect(bottom[2]).toBeGreaterThan(200);
			expect(bottom[0]).toBeLessThan(60);
		}
		expect(await avatarService.pathOf(julie.id)).toBe(avatarPath(julie.id, row.hash));
	});

	it('takes PNG and WebP by their content, whatever the file is called', async () => {
		// Red and blue side by side, without any orientation: turned, it makes another photo.
		const png = await sharp(await sidewaysJpeg())
			.png()
			.toBuffer();
		expect((await postPhoto(nicolas, upload(png, 'portrait.jpg', 'image/jpeg'))).result).toEqual({
			saved: 'photo'
		});
		const first = (await storedRow(nicolas.id)).hash;
		const webp = await sharp(png).rotate(90).webp().toBuffer();
		expect((await postPhoto(nicolas, upload(webp, 'moi', ''))).result).toEqual({
			saved: 'photo'
		});
		const second = await storedRow(nicolas.id);
		expect(second.hash).not.toBe(first);
		expect((await sharp(second.large).metadata()).width).toBe(256);
	});

	it('gives the same photo the same address, and a new photo a new one', async () => {
		const person = await buildUser();
		const png = await plainPng();
		await postPhoto(person, upload(png));
		const once = (await storedRow(person.id)).hash;
		await postPhoto(person, upload(png));
		expect((await storedRow(person.id)).hash).toBe(once);
	});
});

describe('bad uploads', () => {
	const svgWithScript = Buffer.from(
		'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
	);

	/** A real PNG whose header claims 30,000 × 30,000 pixels: 900 million to decode. */
	async function bomb(): Promise<Buffer> {
		const png = Buffer.from(await plainPng(10, 10));
		png.writeUInt32BE(30_000, 16);
		png.writeUInt32BE(30_000, 20);
		return png;
	}

	/** An iPhone's HEIC: an ISO box "ftyp" of brand heic, then anything. */
	const heic = Buffer.concat([
		Buffer.from([0, 0, 0, 24]),
		Buffer.from('ftypheic\0\0\0\0mif1heic'),
		Buffer.alloc(200, 7)
	]);

	it.each([
		[
			'a text file called .jpg',
			async () => Buffer.from('Bonjour, ceci est un texte.'),
			'profile.photo_not_image',
			400
		],
		['an SVG with a script', async () => svgWithScript, 'profile.photo_not_image', 400],
		[
			'a PDF',
			async () => Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'),
			'profile.photo_not_image',
			400
		],
		[
			'a JPEG cut short',
			async () => (await sidewaysJpeg()).subarray(0, 300),
			'profile.photo_not_image',
			400
		],
		['a decompression bomb', bomb, 'profile.photo_too_many_pixels', 400],
		['a HEIC photo', async () => heic, 'profile.photo_heic', 400],
		[
			'a file over 5 MB',
			async () => Buffer.concat([await sidewaysJpeg(), Buffer.alloc(5 * 1024 * 1024)]),
			'profile.photo_too_large',
			413
		],
		['an empty file', async () => Buffer.alloc(0), 'profile.photo_missing', 400]
	] as const)('refuses %s and keeps the photo there was', async (_, make, message, status) => {
		const person = await buildUser();
		await postPhoto(person, upload(await plainPng()));
		const before = await storedRow(person.id);
		const { result } = await postPhoto(person, upload(await make(), 'photo.png', 'image/png'));
		expect(expectFailure(result, status).errors).toEqual({ photo: message });
		expect(await storedRow(person.id)).toEqual(before);
	});

	it('refuses a form without a file', async () => {
		const count = await rowCount();
		const { result } = await run(profilePage.actions.photo, {
			path: '/profil?/photo',
			user: julie,
			form: { photo: 'not a file' }
		});
		expect(expectFailure(result).errors).toEqual({ photo: 'profile.photo_missing' });
		expect(await rowCount()).toBe(count);
	});

	it('says "too large" when the body goes over the server limit while it is read', async () => {
		const count = await rowCount();
		// What SvelteKit's adapter does past BODY_SIZE_LIMIT: the body stream fails with a 413.
		const overLimit = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.error(Object.assign(new Error('Payload Too Large'), { status: 413 }));
			}
		});
		const { event } = fakeEvent<Parameters<typeof profilePage.actions.photo>[0]>({
			path: '/profil?/photo',
			user: julie,
			body: overLimit,
			headers: { 'content-type': 'multipart/form-data; boundary=x' }
		});
		const result = await profilePage.actions.photo(event);
		expect(expectFailure(result, 413).errors).toEqual({ photo: 'profile.photo_too_large' });
		expect(await rowCount()).toBe(count);
	});

	it('lets nobody set the photo of someone else, not even an admin', async () => {
		const admin = await buildUser({ role: 'admin' });
		const png = await plainPng();
		expect((await refusal(avatarService.save(admin, nicolas.id, png))).kind).toBe('forbidden');
		expect((await refusal(avatarService.save(null, nicolas.id, png))).kind).toBe('forbidden');
	});

	it('sends a logged-out visitor to the login page', async () => {
		const { thrown } = await run(profilePage.actions.photo, {
			path: '/profil?/photo',
			body: upload(await plainPng())
		});
		expect(thrown).toMatchObject({ status: 303 });
	});
});

describe('serving photos', () => {
	let hash: string;
	beforeAll(async () => {
		await postPhoto(julie, upload(await plainPng()));
		hash = (await storedRow(julie.id)).hash;
	});

	it('serves each size to anyone logged in, partners too, to keep for a year', async () => {
		const row = await storedRow(julie.id);
		for (const [viewer, size, bytes] of [
			[nicolas, '64', row.small],
			[partner, '256', row.large],
			[julie, '64', row.small]
		] as const) {
			const { response } = await fetchPhoto(viewer, julie.id, hash, size);
			expect(response!.status).toBe(200);
			expect(response!.headers.get('content-type')).toBe('image/webp');
			expect(response!.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
			expect(response!.headers.get('etag')).toBe(`"${hash}-${size}"`);
			expect(new Uint8Array(await response!.arrayBuffer())).toEqual(new Uint8Array(bytes));
		}
	});

	it('answers a browser that has it already with a 304', async () => {
		const { response } = await fetchPhoto(nicolas, julie.id, hash, '64', {
			'if-none-match': `"${hash}-64"`
		});
		expect(response!.status).toBe(304);
		expect(response!.headers.get('cache-control')).toContain('immutable');
	});

	it('refuses a logged-out visitor with a 401', async () => {
		expectHttpError((await fetchPhoto(null, julie.id, hash, '64')).thrown, 401);
	});

	it.each([
		['another hash', () => [julie.id, 'f'.repeat(32), '64']],
		['a size not stored', () => [julie.id, hash, '128']],
		['a hash that is not one', () => [julie.id, "../../etc'", '64']],
		['a person without a photo', () => [partner.id, hash, '64']]
	])('answers 404 to %s', async (_, address) => {
		const [userId, h, size] = address();
		expectHttpError((await fetchPhoto(nicolas, userId, h, size)).thrown, 404);
	});

	it('leaves an id that is not one to the route’s matcher, a 404 before the handler', () => {
		expect(matchUuid('x')).toBe(false);
	});
});

describe('removing a photo', () => {
	it('takes the photo down and its address finds nothing any more', async () => {
		const person = await buildUser();
		await postPhoto(person, upload(await plainPng()));
		const { hash } = await storedRow(person.id);
		const { result } = await run(profilePage.actions.removePhoto, {
			path: '/profil?/removePhoto',
			user: person,
			form: {}
		});
		expect(result).toEqual({ saved: 'photo_removed' });
		expect(await storedRow(person.id)).toBeUndefined();
		expect(await avatarService.pathOf(person.id)).toBeNull();
		expectHttpError((await fetchPhoto(nicolas, person.id, hash, '256')).thrown, 404);
	});

	it("removes only one's own photo: other people's stay", async () => {
		const person = await buildUser();
		await postPhoto(person, upload(await plainPng()));
		await run(profilePage.actions.removePhoto, {
			path: '/profil?/removePhoto',
			user: nicolas,
			form: { userId: person.id }
		});
		expect(await storedRow(person.id)).toBeDefined();
		for (const someone of [nicolas, await buildUser({ role: 'coordinator' }), null]) {
			expect((await refusal(avatarService.remove(someone, person.id))).kind).toBe('forbidden');
		}
		expect(await storedRow(person.id)).toBeDefined();
	});
});

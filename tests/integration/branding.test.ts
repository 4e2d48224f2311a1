import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { getBranding } from '$lib/server/branding';
import { setColour } from '$lib/server/branding/colour';
import { MAX_LOGO_BYTES, saveLogo } from '$lib/server/branding/logo';
import { contrast } from '$lib/colours';
import { load as rootLoad } from '../../src/routes/+layout.server';
import { actions } from '../../src/routes/(app)/admin/reglages/+page.server';
import { GET as logoRoute } from '../../src/routes/logo/[file]/+server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, fakeEvent, run } from '../helpers/events';
import { buildUser } from '../helpers/factories';

await createTestDb();

let admin: SessionUser;
beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
});

type LogoEvent = Parameters<typeof actions.logo>[0];

/** Posts the logo form with a file, as a browser sends it (multipart). */
async function upload(user: SessionUser | null, file: Blob | null, name = 'logo.png') {
	const { event } = fakeEvent<LogoEvent>({ path: '/admin/reglages?/logo', user, form: {} });
	const body = new FormData();
	body.append('section', 'logo');
	if (file) body.append('logo', file, name);
	Object.assign(event, { request: new Request(event.url, { method: 'POST', body }) });
	try {
		return { result: await actions.logo(event) };
	} catch (thrown) {
		return { thrown };
	}
}

const image = (format: 'png' | 'jpeg' | 'webp' | 'gif', width = 800, height = 400) =>
	sharp({ create: { width, height, channels: 3, background: '#c8622b' } })
		[format]()
		.toBuffer();
const blob = (bytes: Uint8Array, type = 'image/png') => new Blob([new Uint8Array(bytes)], { type });

/** A PNG whose header claims 30 000 × 30 000 pixels, in 70 bytes: a decompression bomb. */
function pngBomb(): Buffer {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (bytes: Buffer) => {
		let c = 0xffffffff;
		for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(typed));
		return Buffer.concat([length, typed, sum]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(30_000, 0);
	header.writeUInt32BE(30_000, 4);
	header[8] = 8; // bit depth; colour type 0 (grey), the rest 0
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.alloc(16))),
		chunk('IEND', Buffer.alloc(0))
	]);
}

async function served(src: string) {
	const file = src.split('/').pop()!;
	const { event } = fakeEvent<Parameters<typeof logoRoute>[0]>({ path: src, params: { file } });
	try {
		return await logoRoute(event);
	} catch (thrown) {
		return thrown as { status: number };
	}
}

describe('the network’s logo', () => {
	it('takes a PNG, JPEG or WebP, resized into 640 × 160, served with a long cache', async () => {
		for (const format of ['png', 'jpeg', 'webp'] as const) {
			const { result } = await upload(admin, blob(await image(format), `image/${format}`));
			expect(result).toEqual({ logoDone: 'settings.logo.saved' });
			const { logo } = await getBranding();
			expect(logo).toMatchObject({ width: 320, height: 160 });
			const response = (await served(logo!.src)) as Response;
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('image/png');
			expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
			const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
			expect(meta).toMatchObject({ format: 'png', width: 320, height: 160 });
		}
	});

	it('draws an SVG into a PNG: its script never reaches a browser', async () => {
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">
			<script>alert(document.cookie)</script>
			<rect width="120" height="30" fill="#1f5f7a"/></svg>`;
		const { result } = await upload(admin, blob(Buffer.from(svg), 'image/svg+xml'), 'logo.svg');
		expect(result).toEqual({ logoDone: 'settings.logo.saved' });
		const { logo } = await getBranding();
		// Drawn at the size it is shown at, not at its own 120 × 30.
		expect(logo).toMatchObject({ width: 640, height: 160 });
		const response = (await served(logo!.src)) as Response;
		const bytes = Buffer.from(await response.arrayBuffer());
		expect((await sharp(bytes).metadata()).format).toBe('png');
		expect(bytes.includes('alert')).toBe(false);
	});

	it('stops serving the previous logo once replaced, and any other name', async () => {
		await upload(admin, blob(await image('png', 200, 100)));
		const before = (await getBranding()).logo!.src;
		await upload(admin, blob(await image('png', 300, 100)));
		const after = (await getBranding()).logo!.src;
		expect(after).not.toBe(before);
		expect((await served(before)).status).toBe(404);
		expect((await served(after)).status).toBe(200);
		for (const name of [
			'x',
			`${'0'.repeat(32)}.png`,
			after.split('/').pop()!.replace('.png', '.svg')
		]) {
			expect((await served(`/logo/${name}`)).status).toBe(404);
		}
	});

	it('refuses what is not an accepted image, with a reason, keeping the current logo', async () => {
		await upload(admin, blob(await image('png', 400, 100)));
		const current = (await getBranding()).logo;
		const cases: [Blob | null, string][] = [
			[null, 'settings.logo.required'],
			[blob(new Uint8Array()), 'settings.logo.required'],
			[blob(Buffer.from('Bonjour, ceci est du texte.'), 'image/png'), 'settings.logo.not_image'],
			[blob(await image('gif'), 'image/gif'), 'settings.logo.format'],
			[blob(pngBomb()), 'settings.logo.too_many_pixels'],
			// A real header, then nothing: the picture cannot be read.
			[blob((await image('png')).subarray(0, 120)), 'settings.logo.not_image']
		];
		for (const [file, reason] of cases) {
			const data = expectFailure((await upload(admin, file)).result, 400);
			expect(data, reason).toEqual({ values: { section: 'logo' }, errors: { logo: reason } });
		}
		const big = expectFailure(
			(await upload(admin, blob(new Uint8Array(MAX_LOGO_BYTES + 1)))).result,
			413
		);
		expect(big.errors).toEqual({ logo: 'settings.logo.too_large' });
		expect((await getBranding()).logo).toEqual(current);
	});

	it('answers a body over the server’s limit with the same words', async () => {
		const { event } = fakeEvent<LogoEvent>({
			path: '/admin/reglages?/logo',
			user: admin,
			form: {}
		});
		// What adapter-node's request does past BODY_SIZE_LIMIT.
		const tooLarge = Object.assign(new Error('Content-length exceeds limit'), { status: 413 });
		Object.assign(event, { request: { formData: () => Promise.reject(tooLarge) } });
		expect(expectFailure(await actions.logo(event), 413).errors).toEqual({
			logo: 'settings.logo.too_large'
		});
	});

	it('is changed by admins only', async () => {
		const current = (await getBranding()).logo;
		const png = await image('png');
		for (const role of ['coordinator', 'director', 'member', 'partner'] as const) {
			const person = await buildUser({ role });
			expectHttpError((await upload(person, blob(png))).thrown, 403);
			expectHttpError(
				(
					await run(actions.removeLogo, {
						path: '/admin/reglages?/removeLogo',
						user: person,
						form: {}
					})
				).thrown,
				403
			);
			expect((await refusal(saveLogo(person, png))).kind).toBe('forbidden');
		}
		const visitor = await upload(null, blob(png));
		expect((visitor.thrown as { status: number }).status).toBe(303);
		expect((await getBranding()).logo).toEqual(current);
	});

	it('is shown to everyone, logged in or not, and can be removed', async () => {
		const { logo } = await getBranding();
		const anonymous = (await run(rootLoad, { path: '/login' })).result as {
			brand: { logo: unknown };
		};
		expect(anonymous.brand.logo).toEqual(logo);
		const { result } = await run(actions.removeLogo, {
			path: '/admin/reglages?/removeLogo',
			user: admin,
			form: {}
		});
		expect(result).toEqual({ logoDone: 'settings.logo.removed' });
		expect((await getBranding()).logo).toBeNull();
		expect((await served(logo!.src)).status).toBe(404);
	});
});

describe('the network’s colour', () => {
	const post = (user: SessionUser | null, colour: string) =>
		run(actions.colour, {
			path: '/admin/reglages?/colour',
			user,
			form: { section: 'colour', colour }
		});

	it('applies a colour white text reads on, as it is', async () => {
		const { result } = await post(admin, '#2D4A1E');
		expect(result).toMatchObject({ colourSet: { colour: '#2d4a1e' } });
		expect((result as { colourSet: { adjustedFrom?: unknown } }).colourSet.adjustedFrom).toBe(
			undefined
		);
		expect((await getBranding()).colour).toBe('#2d4a1e');
		const root = (await run(rootLoad, { path: '/' })).result as { brand: { colour: string } };
		expect(root.brand.colour).toBe('#2d4a1e');
	});

	it('darkens a colour too light for white text until it passes WCAG AA, and says so', async () => {
		const { result } = await post(admin, '#f5a623');
		const set = (
			result as {
				colourSet: {
					colour: string;
					ratio: number;
					adjustedFrom: { colour: string; ratio: number };
				};
			}
		).colourSet;
		expect(set.adjustedFrom.colour).toBe('#f5a623');
		expect(set.adjustedFrom.ratio).toBeLessThan(4.5);
		expect(set.colour).not.toBe('#f5a623');
		expect(contrast(set.colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrast(set.colour, '#f6f5f1')).toBeGreaterThanOrEqual(4.5);
		expect((await getBranding()).colour).toBe(set.colour);
	});

	it('refuses what is not a colour, keeping what was typed and the colour in place', async () => {
		const before = (await getBranding()).colour;
		for (const colour of ['bleu', '#12345', 'url(x);}body{display:none']) {
			const data = expectFailure((await post(admin, colour)).result, 400);
			expect(data).toEqual({
				values: { section: 'colour', colour },
				errors: { colour: 'settings.colour.invalid' }
			});
		}
		expect((await getBranding()).colour).toBe(before);
	});

	it('is changed by admins only, and goes back to the app’s own', async () => {
		const before = (await getBranding()).colour;
		for (const role of ['coordinator', 'director', 'member', 'partner'] as const) {
			const person = await buildUser({ role });
			expectHttpError((await post(person, '#000000')).thrown, 403);
			expect((await refusal(setColour(person, '#000000'))).kind).toBe('forbidden');
		}
		expect((await getBranding()).colour).toBe(before);
		const { result } = await run(actions.resetColour, {
			path: '/admin/reglages?/resetColour',
			user: admin,
			form: {}
		});
		expect(result).toEqual({ colourReset: true });
		expect((await getBranding()).colour).toBeNull();
	});
});

import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { MessageKey } from '$lib/i18n';
import { db } from '$lib/server/db';
import { logos, type Logo } from '$lib/server/db/schema';
import { forbidden, ServiceError } from '../errors';
import { can, type Actor } from '../policy';
import { deleteSetting, setSetting, settingsChanged } from '../settings';

export const LOGO_SETTING = 'network.logo';
/** Under adapter-node's default request limit (512 kB), so that its refusal and ours agree. */
export const MAX_LOGO_BYTES = 500 * 1024;
/** What an image may declare before it is decoded: a small file can claim a huge picture. */
export const MAX_LOGO_PIXELS = 40_000_000;
/** The stored logo fits this box: twice the largest size it is shown at, for sharp screens. */
const BOX = { width: 640, height: 160 };
const FORMATS = new Set(['png', 'jpeg', 'webp', 'svg']);
const CONTENT_TYPE = 'image/png';

/** What the setting keeps: enough to write the address and the size of the image. */
export interface LogoRef {
	hash: string;
	width: number;
	height: number;
}

export const logoPath = (ref: LogoRef) => `/logo/${ref.hash}.png`;

const refused = (key: MessageKey) => new ServiceError('invalid', key, 'logo');

/** Fits an SVG's drawing to the box when it is drawn: its own size may be anything. */
async function svgDensity(bytes: Uint8Array): Promise<number> {
	// Reading an SVG's size parses it without drawing it.
	const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
	if (!width || !height) throw refused('settings.logo.not_image');
	const scale = Math.min(BOX.width / width, BOX.height / height);
	return Math.min(Math.max(72 * scale, 1), 2400);
}

/**
 * Checks an uploaded file by its content (not its name or declared type) and turns it into the
 * PNG that is served: resized to the box, without metadata. SVG is accepted and drawn into a
 * PNG, so no script or external reference it holds ever reaches a browser.
 */
export async function prepareLogo(
	bytes: Uint8Array
): Promise<{ data: Buffer; width: number; height: number }> {
	if (bytes.length === 0) throw refused('settings.logo.required');
	if (bytes.length > MAX_LOGO_BYTES) throw refused('settings.logo.too_large');
	let format: string | undefined;
	try {
		({ format } = await sharp(bytes, { limitInputPixels: false }).metadata());
	} catch {
		throw refused('settings.logo.not_image');
	}
	if (!format || !FORMATS.has(format)) throw refused('settings.logo.format');
	try {
		const density = format === 'svg' ? await svgDensity(bytes) : undefined;
		// limitInputPixels is checked on the header, before a pixel is decoded.
		const { data, info } = await sharp(bytes, { limitInputPixels: MAX_LOGO_PIXELS, density })
			.rotate()
			.resize({ ...BOX, fit: 'inside', withoutEnlargement: true })
			.png({ compressionLevel: 9 })
			.timeout({ seconds: 10 })
			.toBuffer({ resolveWithObject: true });
		return { data, width: info.width, height: info.height };
	} catch (e) {
		if (e instanceof ServiceError) throw e;
		const message = e instanceof Error ? e.message : '';
		throw refused(
			/pixel limit/i.test(message) ? 'settings.logo.too_many_pixels' : 'settings.logo.not_image'
		);
	}
}

/** Replaces the network's logo (admins only); the previous one stops being served. */
export async function saveLogo(actor: Actor, bytes: Uint8Array): Promise<LogoRef> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	const { data, width, height } = await prepareLogo(bytes);
	const hash = createHash('sha256').update(data).digest('hex').slice(0, 32);
	const ref: LogoRef = { hash, width, height };
	await db.transaction(async (tx) => {
		await tx.delete(logos);
		await tx.insert(logos).values({ hash, contentType: CONTENT_TYPE, data, width, height });
		await setSetting(LOGO_SETTING, ref, tx);
	});
	settingsChanged();
	return ref;
}

/** Goes back to no logo (admins only). */
export async function removeLogo(actor: Actor): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await db.transaction(async (tx) => {
		await tx.delete(logos);
		await deleteSetting(LOGO_SETTING, tx);
	});
	settingsChanged();
}

/** The stored logo of that hash, if it is the current one. Public: see the logo route. */
export async function readLogo(hash: string): Promise<Logo | undefined> {
	const [row] = await db.select().from(logos).where(eq(logos.hash, hash));
	return row;
}

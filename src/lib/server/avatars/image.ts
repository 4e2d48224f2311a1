import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { AVATAR_SIZES, MAX_PHOTO_BYTES, type AvatarSize } from '$lib/avatars';
import type { MessageKey } from '$lib/i18n';
import { ServiceError } from '$lib/server/errors';

/**
 * Most pixels a photo may have (a 48-megapixel camera's full size fits). A few kilobytes of PNG
 * can claim a billion pixels and take gigabytes to decode: refused before decoding.
 */
export const MAX_PHOTO_PIXELS = 50_000_000;

type Kind = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic';

const ascii = (bytes: Uint8Array, from: number, to: number) =>
	String.fromCharCode(...bytes.subarray(from, to));

/** The kind of image the bytes are, read from their first bytes (never from a file name). */
export function sniff(bytes: Uint8Array): Kind | null {
	if (bytes.length < 12) return null;
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
	if (ascii(bytes, 4, 8) === 'ftyp') {
		// The major brand, then the compatible ones, up to the end of the ftyp box.
		const boxEnd = Math.min(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), 64);
		const brands: string[] = [];
		for (let at = 8; at + 4 <= Math.min(boxEnd, bytes.length); at += 4) {
			if (at !== 12) brands.push(ascii(bytes, at, at + 4));
		}
		if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif';
		if (brands.some((b) => /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(b))) return 'heic';
	}
	return null;
}

/** What sharp calls each kind we take. */
const FORMATS: Record<Exclude<Kind, 'heic'>, string> = {
	jpeg: 'jpeg',
	png: 'png',
	webp: 'webp',
	avif: 'heif'
};

/** A refusal shown next to the photo field. */
const refuse = (key: MessageKey) => new ServiceError('invalid', key, 'photo');

export interface ProcessedPhoto {
	/** Names this image: the same photo uploaded twice gets the same address. */
	hash: string;
	sizes: Record<AvatarSize, Uint8Array>;
}

/**
 * An uploaded photo as avatars: turned upright by its EXIF orientation, cropped to its centre
 * square, resized to each of AVATAR_SIZES, written as WebP without any metadata (no EXIF, GPS,
 * camera or ICC profile). Anything but a JPEG, PNG, WebP or AVIF image by its content, a file
 * too large, an image of too many pixels or one that does not decode is refused with the reason.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto> {
	if (bytes.length === 0) throw refuse('profile.photo_missing');
	if (bytes.length > MAX_PHOTO_BYTES) throw refuse('profile.photo_too_large');
	const kind = sniff(bytes);
	// The prebuilt sharp decodes AVIF but not HEVC: an iPhone's HEIC gets its own advice.
	if (kind === 'heic') throw refuse('profile.photo_heic');
	if (!kind) throw refuse('profile.photo_not_image');
	const input = () => sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' });
	let meta: Metadata;
	try {
		meta = await sharp(bytes, { limitInputPixels: false }).metadata();
	} catch {
		throw refuse('profile.photo_not_image');
	}
	if (meta.format !== FORMATS[kind] || !meta.width || !meta.height) {
		throw refuse('profile.photo_not_image');
	}
	if (kind === 'avif' && meta.compression !== 'av1') throw refuse('profile.photo_heic');
	if (meta.width * meta.height > MAX_PHOTO_PIXELS) throw refuse('profile.photo_too_many_pixels');
	try {
		const upright = input().autoOrient().flatten({ background: '#ffffff' });
		const encoded = await Promise.all(
			AVATAR_SIZES.map((size) =>
				upright
					.clone()
					.resize(size, size, { fit: 'cover', position: 'centre' })
					.webp({ quality: 82 })
					.toBuffer()
			)
		);
		const hash = createHash('sha256');
		for (const image of encoded) hash.update(image);
		return {
			hash: hash.digest('hex').slice(0, 32),
			sizes: Object.fromEntries(
				AVATAR_SIZES.map((size, i) => [size, new Uint8Array(encoded[i])])
			) as Record<AvatarSize, Uint8Array>
		};
	} catch (e) {
		if (e instanceof Error && /pixel limit/i.test(e.message)) {
			throw refuse('profile.photo_too_many_pixels');
		}
		// Truncated or corrupt data behind a valid header.
		throw refuse('profile.photo_not_image');
	}
}

/**
 * Avatars as pages show them: a photo's address, or initials on a colour drawn from the name.
 * Shared by the browser and the server (which writes the addresses and checks presence states).
 */

/** The two sizes a photo is stored in, in pixels: lists and presence, then the profile card. */
export const AVATAR_SIZES = [64, 256] as const;
export type AvatarSize = (typeof AVATAR_SIZES)[number];

/** Largest photo accepted, in bytes (what a phone's camera writes is well under it). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Where photos are served from (the server writes this prefix in SQL too: avatarOf). */
export const AVATAR_PREFIX = '/avatars/';

/** Where a person's photo is served: the person, then a hash of this very image. */
export const avatarPath = (userId: string, hash: string) => `${AVATAR_PREFIX}${userId}/${hash}`;

/** The address of one size of a photo at `path` (from `avatarPath`). */
export const avatarFile = (path: string, size: AvatarSize) => `${path}/${size}.webp`;

const PATH =
	/^\/avatars\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{32}$/;

/** Whether `value` is an address `avatarPath` writes: nothing else goes into an `src`. */
export const isAvatarPath = (value: unknown): value is string =>
	typeof value === 'string' && PATH.test(value);

/** One or two capitals: the first letters of the first and last words of the name. */
export function initials(name: string): string {
	const words = name
		.trim()
		.split(/[\s\-‐–]+/)
		.filter((w) => /\p{L}|\p{N}/u.test(w));
	if (words.length === 0) return '?';
	const first = (word: string) => [...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '';
	const letters = words.length === 1 ? first(words[0]) : first(words[0]) + first(words.at(-1)!);
	return letters.toLocaleUpperCase('fr');
}

/** Backgrounds on which white text reads at 4.5:1 or more (checked by a unit test). */
export const AVATAR_COLOURS = [
	'#9c3d24',
	'#1f5f7a',
	'#3d6b2a',
	'#7a4690',
	'#8a5a00',
	'#0f6b64',
	'#a3154f',
	'#4338ca',
	'#5a6570',
	'#6b4f2a'
] as const;

/** The same colour for the same name on every page and in every browser. */
export function avatarColour(name: string): string {
	// FNV-1a, then mixed (MurmurHash3's finaliser) so that names alike spread over the colours.
	let hash = 0x811c9dc5;
	for (const char of name.normalize('NFC')) {
		hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
	}
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0xc2b2ae35);
	hash ^= hash >>> 16;
	return AVATAR_COLOURS[(hash >>> 0) % AVATAR_COLOURS.length];
}

/** Relative luminance of `#rrggbb` (WCAG 2). */
export function luminance(colour: string): number {
	const channel = (i: number) => {
		const c = parseInt(colour.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on `background` (a presence colour may be pale). */
export const textOn = (background: string): string =>
	contrast(background, '#ffffff') >= contrast(background, '#1d2327') ? '#ffffff' : '#1d2327';

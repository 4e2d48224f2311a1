import { withoutAccents } from '$lib/text';

// A file's name as people gave it, made safe to keep and to send back: never a path, never a
// control character, never longer than a file system or a header takes.

/** The most characters (user-perceived ones) a file's name keeps. */
export const MAX_NAME_LENGTH = 200;

const segmenter = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/**
 * The name to keep for an uploaded file: its last path segment (a browser may send
 * `C:\fakepath\devis.pdf`, a script `../../etc/passwd`), without control or invisible formatting
 * characters, spaces folded, no leading dots (a hidden file) and at most MAX_NAME_LENGTH
 * characters, the extension kept when it is cut. `fallback` when nothing is left.
 */
export function cleanFileName(raw: string, fallback = 'fichier'): string {
	const last = raw.split(/[/\\]/).pop() ?? '';
	const cleaned = last
		.normalize('NFC')
		.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
		.replace(/\s+/gu, ' ')
		.replace(/^[\s.]+/u, '')
		.trimEnd();
	if (!cleaned || cleaned === '.' || cleaned === '..') return fallback;
	const characters = [...segmenter.segment(cleaned)].map((s) => s.segment);
	if (characters.length <= MAX_NAME_LENGTH) return cleaned;
	const dot = cleaned.lastIndexOf('.');
	const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
	const keep = MAX_NAME_LENGTH - [...segmenter.segment(extension)].length;
	return characters.slice(0, keep).join('').trimEnd() + extension;
}

/** The name's extension, lower case and without its dot ('' when it has none). */
export function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * A `Content-Disposition` header for `name`: an ASCII fallback for old clients and the exact
 * name in UTF-8 (RFC 6266, RFC 8187), so that no name can break out of the header.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
	const ascii = withoutAccents(name)
		.replace(/[^\x20-\x7e]/g, '_')
		.replace(/["\\]/g, '_');
	const exact = encodeURIComponent(name).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

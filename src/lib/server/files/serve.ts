import { Readable } from 'node:stream';
import type { ByteRange, FileStore } from './local-store';
import { contentDisposition } from './names';

// A stored file as an HTTP answer, once the reader's rights are checked: the part asked for
// (Range, so that a large PDF or a video streams and resumes), revalidated by its ETag on every
// request (a browser never keeps a file its reader may have lost access to), and never able to
// run anything in the app's origin.

/** The file to send, as its row describes it. */
export interface ServedFile {
	id: string;
	name: string;
	mime: string;
	/** Whether the browser may show it (see types.ts); otherwise it is a download. */
	inline: boolean;
	size: number;
	sha256: string;
}

/**
 * The range a `Range` header asks for in a file of `size` bytes: null when it asks for the whole
 * file (no header, another unit, several ranges: all answered whole, as RFC 9110 allows), or
 * 'unsatisfiable' when it lies outside the file.
 */
export function requestedRange(
	header: string | null,
	size: number
): ByteRange | null | 'unsatisfiable' {
	const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
	if (!match) return null;
	const [, from, to] = match;
	if (from === '' && to === '') return null;
	if (from === '') {
		const suffix = Number(to);
		if (suffix === 0 || size === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - suffix), end: size - 1 };
	}
	const start = Number(from);
	const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
	if (start >= size || end < start) return 'unsatisfiable';
	return { start, end };
}

/** The headers every answer about a file carries. */
function baseHeaders(file: ServedFile, etag: string): Headers {
	return new Headers({
		etag,
		'accept-ranges': 'bytes',
		// Kept, but asked again each time: the rights are checked on every request. Never
		// compressed on the way (a range of a compressed answer would be no range of the file).
		'cache-control': 'private, no-cache, no-transform',
		'x-content-type-options': 'nosniff',
		// Shown in a tab of its own, a file is a sandboxed document: no script, no form, no
		// plug-in, in an origin of its own, whatever it holds.
		'content-security-policy':
			"sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
		'content-disposition': contentDisposition(file.inline ? 'inline' : 'attachment', file.name)
	});
}

/** The answer to `request` for `file`, read from `store`; 404 when its bytes are gone. */
export async function fileResponse(
	request: Request,
	store: FileStore,
	file: ServedFile
): Promise<Response> {
	const etag = `"${file.sha256}"`;
	const headers = baseHeaders(file, etag);
	const matches = (header: string | null) =>
		header !== null && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
	if (matches(request.headers.get('if-none-match')))
		return new Response(null, { status: 304, headers });

	const ifRange = request.headers.get('if-range');
	const range =
		ifRange === null || ifRange === etag
			? requestedRange(request.headers.get('range'), file.size)
			: null;
	if (range === 'unsatisfiable') {
		headers.set('content-range', `bytes */${file.size}`);
		return new Response(null, { status: 416, headers });
	}
	const body = await store.read(file.id, range ?? undefined);
	if (!body) return new Response(null, { status: 404, headers: { 'cache-control': 'no-store' } });
	headers.set('content-type', file.mime);
	const length = range ? range.end - range.start + 1 : file.size;
	headers.set('content-length', String(length));
	if (range) headers.set('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
	const stream = request.method === 'HEAD' ? null : (Readable.toWeb(body) as ReadableStream);
	if (!stream) body.destroy();
	return new Response(stream, { status: range ? 206 : 200, headers });
}

/**
 * A stored preview (WebP, made by the server) as an HTTP answer, once the reader's rights are
 * checked; `cacheControl` says who may keep it how long. Null when its object is gone.
 */
export async function previewResponse(
	store: FileStore,
	objectId: string,
	request: Request,
	cacheControl: string
): Promise<Response | null> {
	const etag = `"${objectId}"`;
	const headers = {
		etag,
		'cache-control': cacheControl,
		'content-type': 'image/webp',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "sandbox; default-src 'none'"
	};
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	const stream = await store.read(objectId);
	if (!stream) return null;
	return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
}

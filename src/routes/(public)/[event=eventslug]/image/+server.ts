import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { publicImageObject } from '$lib/server/events/image';
import { publicEvent } from '$lib/server/events/public';
import { fileStore } from '$lib/server/files/storage';
import type { RequestHandler } from './$types';

/**
 * A published event's picture, to anyone: its large WebP preview only (never the file uploaded,
 * nor anything else of the group's library). Its address changes with the picture (`?v=`), so
 * browsers and proxies keep it a day.
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const event = await publicEvent(params.event);
	if (!event) error(404, { message: 'error.not_found' });
	const objectId = await publicImageObject(event.imageFileId);
	if (!objectId) error(404, { message: 'error.not_found' });
	const etag = `"${objectId}"`;
	const headers = {
		etag,
		'cache-control': 'public, max-age=86400',
		'content-type': 'image/webp',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "sandbox; default-src 'none'"
	};
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	const stream = await fileStore().read(objectId);
	if (!stream) error(404, { message: 'error.not_found' });
	return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
};

import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { orErrorPage } from '$lib/server/errors';
import { fileAccess } from '$lib/server/files/library';
import { previewOf, type PreviewSize } from '$lib/server/files/previews';
import { fileStore } from '$lib/server/files/storage';
import type { RequestHandler } from './$types';

const SIZES: Record<string, PreviewSize> = { petit: 'small', grand: 'large' };

/**
 * The smaller image of a file's current version, for those who may read its group. Its address
 * stays while its version does, so the browser keeps it a day (`private`: no shared cache);
 * a new version is a new ETag. A file without a preview is a 404: the page shows its icon.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, { message: 'error.forbidden' });
	const size = SIZES[params.size];
	if (!size) error(404, { message: 'error.not_found' });
	const { file } = await orErrorPage(fileAccess(locals.user, params.id));
	const objectId = await previewOf(file.versionId, size);
	if (!objectId) error(404, { message: 'error.not_found' });
	const etag = `"${objectId}"`;
	const headers = {
		etag,
		'cache-control': 'private, max-age=86400',
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

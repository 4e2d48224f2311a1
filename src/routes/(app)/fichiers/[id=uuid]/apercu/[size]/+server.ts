import { error } from '@sveltejs/kit';
import { orErrorPage } from '$lib/server/errors';
import { fileAccess } from '$lib/server/files/library';
import { previewOf, type PreviewSize } from '$lib/server/files/previews';
import { previewResponse } from '$lib/server/files/serve';
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
	const response = await previewResponse(fileStore(), objectId, request, 'private, max-age=86400');
	if (!response) error(404, { message: 'error.not_found' });
	return response;
};

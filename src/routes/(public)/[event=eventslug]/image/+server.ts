import { error } from '@sveltejs/kit';
import { publicImageObject } from '$lib/server/events/image';
import { publicEvent } from '$lib/server/events/public';
import { previewResponse } from '$lib/server/files/serve';
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
	const response = await previewResponse(fileStore(), objectId, request, 'public, max-age=86400');
	if (!response) error(404, { message: 'error.not_found' });
	return response;
};

import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { fileVersions } from '$lib/server/db/schema';
import { ServiceError } from '$lib/server/errors';
import { fileAccess } from '$lib/server/files/library';
import { fileResponse } from '$lib/server/files/serve';
import { fileStore } from '$lib/server/files/storage';
import type { RequestHandler } from './$types';

/**
 * A file of a group's library (its current version, or `?version=N`), for those who may read
 * the group, checked at every request: a file is never kept by a browser past its reader's
 * access. Anyone else gets a 404, as for a file that does not exist; no redirect to the login
 * page (an image or a download has no page to come back to).
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	if (!locals.user) error(401, { message: 'error.forbidden' });
	let access;
	try {
		access = await fileAccess(locals.user, params.id);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
	const asked = url.searchParams.get('version');
	const number = asked === null ? null : Number(asked);
	if (number !== null && !(Number.isInteger(number) && number >= 1)) {
		error(404, { message: 'error.not_found' });
	}
	const [version] = await db
		.select()
		.from(fileVersions)
		.where(
			number === null
				? eq(fileVersions.id, access.file.versionId)
				: and(eq(fileVersions.fileId, access.file.id), eq(fileVersions.number, number))
		);
	if (!version) error(404, { message: 'error.not_found' });
	return fileResponse(request, fileStore(), {
		id: version.id,
		// The file's name as it is now, whichever version is asked.
		name: access.file.name,
		mime: version.mime,
		inline: version.inline,
		size: version.size,
		sha256: version.sha256
	});
};

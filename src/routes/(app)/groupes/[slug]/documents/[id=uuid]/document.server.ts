import { error, type RequestEvent } from '@sveltejs/kit';
import * as documents from '$lib/server/documents';
import { ServiceError } from '$lib/server/errors';
import { loadGroup } from '../../group.server';

/**
 * The document named by the URL, in the group named by the URL, if the person may read it.
 * With `write`, a person who may only read gets a 403 before anything else.
 */
export async function loadDocument(
	event: Pick<RequestEvent<{ slug: string; id: string }>, 'locals' | 'url' | 'params'>,
	write = false
) {
	const loaded = await loadGroup(event);
	const id = event.params.id;
	let rights;
	try {
		rights = await documents.access(loaded.user, id);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
	if (rights.document.groupId !== loaded.group.id) error(404, { message: 'error.not_found' });
	if (write && !rights.canWrite) error(403, { message: 'error.forbidden' });
	return { ...loaded, document: rights.document, canWrite: rights.canWrite };
}

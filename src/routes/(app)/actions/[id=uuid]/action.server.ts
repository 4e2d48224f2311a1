import { error, type RequestEvent } from '@sveltejs/kit';
import * as actionItems from '$lib/server/actions';
import { requireUser } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/errors';

/**
 * The action named by the URL, if the person may see it (a 404 otherwise, as for one that does
 * not exist). With `edit`, a person who may only read it gets a 403 before anything else.
 */
export async function loadAction(
	event: Pick<RequestEvent<{ id: string }>, 'locals' | 'url' | 'params'>,
	edit = false
) {
	const user = requireUser(event);
	let found: Awaited<ReturnType<typeof actionItems.details>>;
	try {
		found = await actionItems.details(user, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
	if (edit && !found.canEdit) error(403, { message: 'error.forbidden' });
	return { user, ...found };
}

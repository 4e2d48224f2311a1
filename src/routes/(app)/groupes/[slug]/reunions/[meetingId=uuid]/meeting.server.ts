import { error, type RequestEvent } from '@sveltejs/kit';
import { ServiceError } from '$lib/server/errors';
import * as meetings from '$lib/server/meetings';
import { loadGroup } from '../../group.server';

/**
 * The meeting named by the URL, in the group named by the URL, with what the page shows. A
 * meeting of another group, or of a group the person may not see, is a 404; with `manage`, a
 * person who may see it but not run it gets a 403 before anything is read from the form.
 */
export async function loadMeeting(
	event: Pick<RequestEvent<{ slug: string; meetingId: string }>, 'locals' | 'url' | 'params'>,
	manage = false
) {
	const loaded = await loadGroup(event);
	const id = event.params.meetingId;
	let found;
	try {
		found = await meetings.details(loaded.user, id);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
	if (found.meeting.groupId !== loaded.group.id) error(404, { message: 'error.not_found' });
	if (manage && !found.canManage) error(403, { message: 'error.forbidden' });
	return { ...loaded, ...found };
}

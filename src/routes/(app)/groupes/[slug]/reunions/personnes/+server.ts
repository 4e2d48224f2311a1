import { error, json } from '@sveltejs/kit';
import { searchPeople } from '$lib/server/people-search';
import { loadGroup } from '../../group.server';
import type { RequestHandler } from './$types';

/**
 * People of the network whose name holds `q`, whom a meeting of the group may invite or give an
 * agenda item to: what the meeting forms' pickers ask as one types, past a few hundred people.
 * Only for those who run the group's meetings. JSON for a script, so no redirect to the login
 * page: a 401 when the session is gone.
 */
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) error(401, { message: 'error.forbidden' });
	const { user, group } = await loadGroup(event, 'meeting.manage');
	const people = await searchPeople(
		user,
		{ among: 'invitees', groupId: group.id },
		event.url.searchParams.get('q') ?? ''
	);
	return json({ people }, { headers: { 'cache-control': 'private, no-store' } });
};

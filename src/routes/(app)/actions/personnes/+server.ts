import { error, json } from '@sveltejs/kit';
import { searchPeople } from '$lib/server/people-search';
import type { RequestHandler } from './$types';

/**
 * People one may make owner of an action whose name holds `q`: owner pickers ask as one types
 * when there are too many people to list. JSON for a script, so no redirect to the login page:
 * a 401 when the session is gone.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) error(401, { message: 'error.forbidden' });
	const people = await searchPeople(user, { among: 'assignees' }, url.searchParams.get('q') ?? '');
	return json({ people }, { headers: { 'cache-control': 'private, no-store' } });
};

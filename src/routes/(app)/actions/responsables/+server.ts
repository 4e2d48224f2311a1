import { error, json } from '@sveltejs/kit';
import { searchPeople } from '$lib/server/people-search';
import type { RequestHandler } from './$types';

/**
 * The owners of the actions the person may see whose name holds `q`: the board's owner filter
 * asks as one types when there are too many owners to list. JSON for a script, so no redirect
 * to the login page: a 401 when the session is gone.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) error(401, { message: 'error.forbidden' });
	const people = await searchPeople(user, { among: 'owners' }, url.searchParams.get('q') ?? '');
	return json({ people }, { headers: { 'cache-control': 'private, no-store' } });
};

import { error, json } from '@sveltejs/kit';
import { findMentionable, type MentionPlace } from '$lib/server/mentions';
import { loadGroup } from '../group.server';
import type { RequestHandler } from './$types';

const PLACES: readonly MentionPlace[] = ['notes', 'discussion'];

/**
 * People whose name holds `q` whom a mention written in the group may name (`dans`: in notes or
 * in a discussion): what the @-mention picker asks as one types, when the page could not list
 * everyone. Only for those who may write in the group. JSON for a script, so no redirect to the
 * login page: a 401 when the session is gone.
 */
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) error(401, { message: 'error.forbidden' });
	const { user, group } = await loadGroup(event, 'group.contribute');
	const place = event.url.searchParams.get('dans');
	if (!PLACES.includes(place as MentionPlace)) error(400, { message: 'error.bad_request' });
	const people = await findMentionable(
		user,
		group.id,
		place as MentionPlace,
		event.url.searchParams.get('q') ?? ''
	);
	return json({ people }, { headers: { 'cache-control': 'private, no-store' } });
};

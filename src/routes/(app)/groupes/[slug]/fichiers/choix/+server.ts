import { json } from '@sveltejs/kit';
import { choosable } from '$lib/server/files/attachments';
import { loadGroup } from '../../group.server';
import type { RequestHandler } from './$types';

/**
 * The group's files a person may attach to a message, for the picker of the message form:
 * `?q=` filters by name. Only for those who may add to the group (others get its 403 or 404).
 */
export const GET: RequestHandler = async (event) => {
	const { group } = await loadGroup(event, 'group.contribute');
	const files = await choosable(group.id, event.url.searchParams.get('q') ?? '');
	return json({ files }, { headers: { 'cache-control': 'private, no-store' } });
};

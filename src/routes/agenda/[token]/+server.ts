import { error } from '@sveltejs/kit';
import * as calendars from '$lib/server/meetings/calendar';
import * as networkCalendar from '$lib/server/meetings/network-calendar';
import type { RequestHandler } from './$types';
import { publicOrigin } from '$lib/server/origin';

/**
 * A person's private calendar feed, personal or of the whole network (the token says which).
 * Outside (app) on purpose: calendar apps have no session, the secret token in the address is the
 * only key. An unknown or revoked token is a plain 404.
 */
export const GET: RequestHandler = async ({ params }) => {
	const token = params.token.replace(/\.ics$/i, '');
	const origin = await publicOrigin();
	const body = token
		? ((await calendars.feed(token, origin)) ?? (await networkCalendar.feed(token, origin)))
		: undefined;
	if (!body) error(404, { message: 'error.not_found' });
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="maillage.ics"',
			// The feed names people and meetings: no shared cache may keep it.
			'cache-control': 'private, max-age=300'
		}
	});
};

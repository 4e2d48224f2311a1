import { error } from '@sveltejs/kit';
import * as calendars from '$lib/server/calendar';
import type { RequestHandler } from './$types';

/**
 * A person's private calendar feed. Outside (app) on purpose: calendar apps have no session, the
 * secret token in the address is the only key. An unknown or revoked token is a plain 404.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const token = params.token.replace(/\.ics$/i, '');
	const body = token ? await calendars.feed(token, url.origin) : undefined;
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

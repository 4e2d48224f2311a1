import { error, json } from '@sveltejs/kit';
import * as search from '$lib/server/search';
import type { RequestHandler } from './$types';

/**
 * Results as you type, for the box in the header: the same search as the results page, the last
 * word matching the beginning of longer words. JSON for a script, so no redirect to the login
 * page: a 401 when the session is gone.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) error(401, { message: 'error.forbidden' });
	const answer = await search.search(
		user,
		url.searchParams.get('q'),
		{},
		{ prefix: true, limit: 8 }
	);
	return json(
		{
			results: answer.results.map((r) => ({
				kind: r.kind,
				id: r.id,
				titleHtml: r.titleHtml,
				title: r.title,
				href: r.href,
				group: r.group?.name ?? null,
				archived: r.archived
			}))
		},
		{ headers: { 'cache-control': 'private, no-store' } }
	);
};

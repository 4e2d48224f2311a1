import type { RequestEvent } from '@sveltejs/kit';
import { recordQueries } from '$lib/server/db/query-count';
import { handle } from '../../src/hooks.server';
import { fakeEvent } from './events';

/** A layout's or a page's server load, as a route module exports it. */
export type ServerLoad = (event: never) => unknown;

export interface PageRequest {
	/** Path and query, on http://localhost. */
	path: string;
	params?: Record<string, string>;
	cookies: Record<string, string>;
	/** The route's server loads, outermost layout first, the page last. */
	loads: ServerLoad[];
}

/**
 * Requests a page as SvelteKit would (the hooks, then each layout's load and the page's with
 * `parent()` answering what the ones above returned) and records the statements it ran. Loads
 * run one after another here; the count is the same as when SvelteKit runs them side by side.
 * Needs `vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'))` in the test file.
 */
export async function requestPage({ path, params = {}, cookies, loads }: PageRequest) {
	const { event } = fakeEvent<RequestEvent>({ path, params, cookies });
	let data: Record<string, unknown> = {};
	let status = 0;
	const { statements } = await recordQueries(async () => {
		const response = await handle({
			event,
			resolve: async (resolved) => {
				for (const load of loads) {
					const above = data;
					const own = await load({ ...resolved, parent: async () => above } as never);
					data = { ...data, ...(own as Record<string, unknown>) };
				}
				return new Response('ok');
			}
		});
		status = response.status;
	});
	return { data, status, statements };
}

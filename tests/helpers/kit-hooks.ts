import type { Handle, RequestEvent } from '@sveltejs/kit';

/**
 * Stands in for `@sveltejs/kit/hooks` in tests: SvelteKit's own `sequence` needs the request
 * store its server sets up around `handle`. A plain chain of the same handlers, which run for
 * real. Use as `vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'))`.
 */
export const sequence =
	(...handlers: Handle[]): Handle =>
	({ event, resolve }) => {
		const apply = (i: number, current: RequestEvent): ReturnType<Handle> =>
			i === handlers.length
				? resolve(current)
				: handlers[i]({ event: current, resolve: (next) => apply(i + 1, next) });
		return apply(0, event);
	};

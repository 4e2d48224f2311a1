import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from './session';
import { can, type Verb, type Verbs } from '$lib/server/policy';

/** The logged-in person, or a redirect to the login page that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return user;
}

/** The logged-in person if they may `verb`; a 403 page otherwise. */
export function requireCan<V extends Verb>(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	verb: V,
	...resource: Verbs[V] extends undefined ? [] : [Verbs[V]]
): SessionUser {
	const user = requireUser(event);
	if (!can(user, verb, ...resource)) error(403, { message: 'error.forbidden' });
	return user;
}

const SAME_SITE = 'http://maillage.invalid';

/**
 * Only same-site paths are followed after login, never another host. The path is returned as the
 * URL parser serialises it: percent-encoded, without the tabs and line breaks browsers drop, so
 * that it is always a valid Location header.
 */
export function safeRedirectTarget(target: string | null | undefined): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
		return '/';
	}
	// Browsers drop tabs and newlines before parsing a URL, so "/\t/evil.com" is "//evil.com".
	const url = new URL(target, SAME_SITE);
	if (url.origin !== SAME_SITE) return '/';
	return url.pathname + url.search + url.hash;
}

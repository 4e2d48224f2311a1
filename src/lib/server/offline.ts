import type { RequestEvent } from '@sveltejs/kit';
import { formatKeep, formatSession, KEEP_HEADER, localDocumentName } from '$lib/offline/marks';
import { hashToken } from '$lib/server/auth/tokens';

/**
 * The session mark of an answer (see $lib/offline/marks): which session it was made for, so
 * that the service worker keeps pages for that session only, or `none`.
 */
export function sessionMark(locals: Partial<App.Locals>): string {
	const { session, user } = locals;
	if (!session || !user) return formatSession(null);
	return formatSession({
		// Derived from the session's id, which is itself a hash of the cookie's token: it names
		// the session without giving anything that could be turned back into it.
		key: hashToken(`offline:${session.id}`).slice(0, 32),
		user: user.id,
		expires: session.expiresAt.getTime()
	});
}

/**
 * Marks the page being loaded as one a person may read offline later (a document, a meeting and
 * its notes). Called by the page's load after its guard, so only readers' pages carry it.
 */
export function keepOffline(
	event: Pick<RequestEvent, 'setHeaders'>,
	user: { id: string },
	page: { title: string; group: string; documentId: string | null }
): void {
	event.setHeaders({
		[KEEP_HEADER]: formatKeep({
			title: page.title,
			group: page.group,
			local: page.documentId ? localDocumentName(user.id, page.documentId) : ''
		})
	});
}

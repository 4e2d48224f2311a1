import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/errors';
import * as groups from '$lib/server/groups';
import * as meetings from '$lib/server/meetings';
import { can, type GroupContext, type Verb, type Verbs } from '$lib/server/policy';

/** The verbs asked about the group itself ('group.view', 'meeting.manage', …). */
type GroupVerb = {
	[V in Verb]: [GroupContext] extends [Verbs[V]]
		? [Verbs[V]] extends [GroupContext]
			? V
			: never
		: never;
}[Verb];

/**
 * The group named by the URL's slug, as the logged-in person may see it. An old slug redirects
 * to the current one; a group the person may not see is a 404, like one that does not exist.
 * With `verb`, a person who may see the group but not do that gets a 403 before anything else
 * (form actions name the right they need, so a refusal never depends on what was posted).
 * On a meeting's pages, someone invited to it from outside the group is its `guest`: they see
 * that meeting, and nothing else of the group.
 */
export async function loadGroup(
	event: Pick<RequestEvent<{ slug: string; meetingId?: string }>, 'locals' | 'url' | 'params'>,
	verb?: GroupVerb
) {
	const user = requireUser(event);
	const slug = event.params.slug;
	const found = await groups.resolveSlug(slug);
	if (!found) error(404, { message: 'error.not_found' });
	if (found.movedTo) {
		const rest = event.url.pathname.slice(`/groupes/${slug}`.length);
		redirect(308, `/groupes/${found.movedTo}${rest}${event.url.search}`);
	}
	let access: groups.GroupAccess;
	try {
		access = await groups.access(user, found.id);
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		const meetingId = event.params.meetingId;
		const guest = !verb && meetingId ? await meetings.guestAccess(user, found.id, meetingId) : null;
		if (!guest) error(404, { message: 'error.not_found' });
		return { user, ...guest, guest: true };
	}
	if (verb && !can(user, verb, access.context)) error(403, { message: 'error.forbidden' });
	return { user, ...access, guest: false };
}

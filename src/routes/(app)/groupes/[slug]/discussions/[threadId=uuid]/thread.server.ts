import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { ServiceError } from '$lib/server/errors';
import * as threads from '$lib/server/threads';
import { loadGroup } from '../../group.server';

/**
 * The thread named by the URL, as the person may see it. A thread that was moved answers at
 * its new group's address; one the person may not read is a 404, like one that does not exist.
 */
export async function loadThread(
	event: Pick<RequestEvent<{ slug: string; threadId: string }>, 'locals' | 'url' | 'params'>
) {
	const { user, group } = await loadGroup(event);
	const threadId = event.params.threadId;
	let found: Awaited<ReturnType<typeof threads.access>>;
	try {
		found = await threads.access(user, threadId);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
	if (found.thread.groupId !== group.id) {
		redirect(
			307,
			`/groupes/${found.group.slug}/discussions/${threadId}${event.url.search}${event.url.hash}`
		);
	}
	return { user, ...found };
}

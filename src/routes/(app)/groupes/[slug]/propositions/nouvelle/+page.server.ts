import { error, redirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { meetings, threads } from '$lib/server/db/schema';
import { dateToParisLocal } from '$lib/server/dates';
import * as decisions from '$lib/server/decisions';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { publicOrigin } from '$lib/server/origin';
import { isUuid } from '$lib/uuid';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

/** A week from now at 18:00, Paris time: the closing offered by default. */
function defaultClosing(now = new Date()) {
	const inAWeek = dateToParisLocal(new Date(now.getTime() + 7 * 86_400_000));
	return `${inAWeek.slice(0, 10)}T18:00`;
}

/**
 * The thread (`?discussion=<id>`) or meeting (`?reunion=<id>`) a proposal is opened from: one of
 * the group's, else a 404.
 */
async function sourceOf(url: URL, groupId: string) {
	const threadId = url.searchParams.get('discussion');
	const meetingId = url.searchParams.get('reunion');
	if (threadId) {
		if (!isUuid(threadId)) error(404, { message: 'error.not_found' });
		const [thread] = await db
			.select({ id: threads.id, title: threads.title })
			.from(threads)
			.where(and(eq(threads.id, threadId), eq(threads.groupId, groupId)));
		if (!thread) error(404, { message: 'error.not_found' });
		return { kind: 'thread' as const, ...thread };
	}
	if (meetingId) {
		if (!isUuid(meetingId)) error(404, { message: 'error.not_found' });
		const [meeting] = await db
			.select({ id: meetings.id, title: meetings.title })
			.from(meetings)
			.where(and(eq(meetings.id, meetingId), eq(meetings.groupId, groupId)));
		if (!meeting) error(404, { message: 'error.not_found' });
		return { kind: 'meeting' as const, ...meeting };
	}
	return null;
}

export const load: PageServerLoad = async (event) => {
	const { group } = await loadGroup(event, 'group.contribute');
	return { source: await sourceOf(event.url, group.id), defaultClosing: defaultClosing() };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(decisions.proposalSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			decisions.openProposal(user, group.id, parsed.data, origin)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/propositions/${result.value.id}`);
	}
};

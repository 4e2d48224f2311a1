import { error, redirect } from '@sveltejs/kit';
import { renderHtml } from '$lib/richtext/render';
import { dateToParisLocal } from '$lib/server/dates';
import * as decisions from '$lib/server/decisions';
import * as notifications from '$lib/server/threads/notifications';
import { attempt, orErrorPage } from '$lib/server/errors';
import { pollPath } from '$lib/polls';
import { loadGroup } from '../../group.server';
import { pollTools } from '../../poll-tools.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The quick poll named by the address, in the group named by it (else a 404). */
async function loadPoll(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { user, group } = await loadGroup(event);
	const view = await orErrorPage(decisions.pollView(user, event.params.pollId));
	if (view.poll.groupId !== group.id) error(404, { message: 'error.not_found' });
	if (view.poll.kind === 'proposal' || view.poll.kind === 'dates')
		redirect(303, pollPath(group.slug, view.poll));
	return { user, group, view };
}

export const load: PageServerLoad = async (event) => {
	event.depends('app:decisions');
	const { view, user } = await loadPoll(event);
	await notifications.markRead(user.id, { pollId: view.poll.id });
	return {
		...view,
		bodyHtml: renderHtml(view.poll.body),
		extendTo: `${dateToParisLocal(
			new Date(Math.max(Date.now(), view.poll.closesAt.getTime()) + 3 * 86_400_000)
		).slice(0, 10)}T18:00`
	};
};

export const actions: Actions = {
	answer: async (event) => {
		const { user } = await loadPoll(event);
		const form = await event.request.formData();
		const values = Object.fromEntries(
			[...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		);
		const result = await attempt(values, () =>
			decisions.answerPoll(user, event.params.pollId, decisions.answerFromForm(form))
		);
		if (!result.ok) return result.failure;
		return { answered: true };
	},
	...pollTools(loadPoll)
};

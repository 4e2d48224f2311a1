import { error, redirect } from '@sveltejs/kit';
import { renderHtml } from '$lib/richtext/render';
import { dateToParisLocal } from '$lib/server/dates';
import * as decisions from '$lib/server/decisions';
import * as notifications from '$lib/server/threads/notifications';
import { attempt, orErrorPage } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { publicOrigin } from '$lib/server/origin';
import { pollPath } from '$lib/polls';
import { loadGroup } from '../../group.server';
import { pollTools } from '../../poll-tools.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The proposal named by the address, in the group named by it (else a 404). */
async function loadProposal(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { user, group } = await loadGroup(event);
	const view = await orErrorPage(decisions.proposalView(user, event.params.pollId));
	if (view.poll.groupId !== group.id) error(404, { message: 'error.not_found' });
	// A quick poll found by a proposal's address (search links every poll here) has its own page.
	if (view.poll.kind !== 'proposal') redirect(303, pollPath(group.slug, view.poll));
	return { user, group, view };
}

export const load: PageServerLoad = async (event) => {
	event.depends('app:decisions');
	const { view, user } = await loadProposal(event);
	await notifications.markRead(user.id, { pollId: view.poll.id });
	return {
		...view,
		bodyHtml: renderHtml(view.poll.body),
		// The closing offered to extend it: a week after the later of now and its closing time.
		extendTo: `${dateToParisLocal(
			new Date(Math.max(Date.now(), view.poll.closesAt.getTime()) + 7 * 86_400_000)
		).slice(0, 10)}T18:00`
	};
};

export const actions: Actions = {
	answer: async (event) => {
		const { user } = await loadProposal(event);
		const parsed = parseForm(decisions.answerSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			decisions.answerProposal(user, event.params.pollId, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { answered: true };
	},
	...pollTools(loadProposal),
	outcome: async (event) => {
		const { user, group } = await loadProposal(event);
		const parsed = parseForm(decisions.outcomeSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			decisions.writeOutcome(user, event.params.pollId, parsed.data, origin)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/decisions/${result.value.id}`);
	}
};

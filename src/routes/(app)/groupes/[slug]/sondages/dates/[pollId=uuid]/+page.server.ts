import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { pollPath } from '$lib/polls';
import { renderHtml } from '$lib/richtext/render';
import { dateToParisLocal } from '$lib/server/dates';
import * as decisions from '$lib/server/decisions';
import * as notifications from '$lib/server/threads/notifications';
import { attempt, orErrorPage } from '$lib/server/errors';
import { formValues, invalid, parseForm } from '$lib/server/forms';
import { loadGroup } from '../../../group.server';
import { pollTools } from '../../../poll-tools.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The date poll named by the address, in the group named by it (else a 404). */
async function loadDatePoll(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { user, group } = await loadGroup(event);
	const view = await orErrorPage(decisions.datePollView(user, event.params.pollId));
	if (view.other) {
		if (view.other.groupId !== group.id) error(404, { message: 'error.not_found' });
		redirect(303, pollPath(group.slug, view.other));
	}
	if (view.poll.groupId !== group.id) error(404, { message: 'error.not_found' });
	return { user, group, view };
}

const scheduleSchema = z.object({
	slot: z.uuid('validation.choose'),
	title: z.string().trim().min(2, 'validation.too_short').max(160, 'validation.too_long')
});

export const load: PageServerLoad = async (event) => {
	event.depends('app:decisions');
	const { view, group, user } = await loadDatePoll(event);
	await notifications.markRead(user.id, { pollId: view.poll.id });
	return {
		...view,
		bodyHtml: renderHtml(view.poll.body),
		meetingPath: view.poll.meetingId
			? `/groupes/${group.slug}/reunions/${view.poll.meetingId}`
			: null,
		extendTo: `${dateToParisLocal(
			new Date(Math.max(Date.now(), view.poll.closesAt.getTime()) + 3 * 86_400_000)
		).slice(0, 10)}T18:00`
	};
};

export const actions: Actions = {
	answer: async (event) => {
		const { user } = await loadDatePoll(event);
		const form = await event.request.formData();
		const result = await attempt(formValues(form), () =>
			decisions.answerSlots(user, event.params.pollId, decisions.slotsFromForm(form))
		);
		if (!result.ok) return result.failure;
		return { answered: true };
	},
	schedule: async (event) => {
		const { user, group } = await loadDatePoll(event);
		const parsed = parseForm(scheduleSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			decisions.scheduleFromSlot(
				user,
				event.params.pollId,
				parsed.data.slot,
				parsed.data.title,
				event.locals.locale
			)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/reunions/${result.value.id}`);
	},
	...pollTools(loadDatePoll)
};

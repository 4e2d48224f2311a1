import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { renderHtml } from '$lib/richtext/render';
import * as actionItems from '$lib/server/actions';
import * as decisions from '$lib/server/decisions';
import * as notifications from '$lib/server/threads/notifications';
import { attempt, orErrorPage } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { isIsoDate } from '$lib/dates';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

/** "Créer une action" on a decision: a title and, if any, a due date. */
const actionForm = z.object({
	title: z.string().trim().min(2, 'validation.too_short').max(300, 'validation.too_long'),
	dueDate: z
		.string()
		.trim()
		.optional()
		.default('')
		.refine((v) => v === '' || isIsoDate(v), 'validation.date')
		.transform((v) => v || null)
});

export const load: PageServerLoad = async (event) => {
	event.depends('app:decisions');
	const { user, group } = await loadGroup(event);
	const view = await orErrorPage(decisions.decisionView(user, event.params.decisionId));
	if (view.decision.groupId !== group.id) error(404, { message: 'error.not_found' });
	// Read: its notification in the header's list is marked so.
	await notifications.markRead(user.id, { decisionId: view.decision.id });
	return { ...view, bodyHtml: renderHtml(view.decision.body) };
};

export const actions: Actions = {
	createAction: async (event) => {
		const { user, group } = await loadGroup(event);
		const view = await orErrorPage(decisions.decisionView(user, event.params.decisionId));
		if (view.decision.groupId !== group.id) error(404, { message: 'error.not_found' });
		if (!view.canAddAction) error(403, { message: 'error.forbidden' });
		const parsed = parseForm(actionForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			actionItems.create(
				user,
				group.id,
				{ ...parsed.data, description: '', ownerId: null, status: 'open' },
				{ decisionId: view.decision.id, meetingId: view.decision.meetingId }
			)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/actions/${result.value.id}`);
	}
};

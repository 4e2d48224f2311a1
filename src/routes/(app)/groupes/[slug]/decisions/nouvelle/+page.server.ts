import { error, redirect } from '@sveltejs/kit';
import * as decisions from '$lib/server/decisions';
import { todayInParis } from '$lib/server/dates';
import { attempt, orErrorPage } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as meetings from '$lib/server/meetings';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Recording a decision taken elsewhere, or (`?revise=<id>`) one that revises or revokes an
 * earlier decision of the group.
 */
export const load: PageServerLoad = async (event) => {
	const { user, group } = await loadGroup(event, 'decision.record');
	const revise = event.url.searchParams.get('revise');
	let earlier: { id: string; title: string } | null = null;
	if (revise) {
		const view = await orErrorPage(decisions.decisionView(user, revise));
		if (view.decision.groupId !== group.id) error(404, { message: 'error.not_found' });
		earlier = { id: view.decision.id, title: view.decision.title };
	}
	// Meetings that have begun: a decision is taken during one or after it.
	const listed = await meetings.listForGroup(user, group.id);
	const now = Date.now();
	const past = [
		...listed.upcoming.filter((m) => m.startsAt.getTime() <= now).reverse(),
		...listed.past
	];
	const fromMeeting = event.url.searchParams.get('reunion');
	return {
		earlier,
		meeting: past.some((m) => m.id === fromMeeting) ? fromMeeting : null,
		today: todayInParis(),
		meetings: past.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, group } = await loadGroup(event, 'decision.record');
		const parsed = parseForm(decisions.decisionSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			decisions.recordDecision(user, group.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/decisions/${result.value.id}`);
	}
};

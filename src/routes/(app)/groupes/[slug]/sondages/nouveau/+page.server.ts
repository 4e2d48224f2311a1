import { redirect } from '@sveltejs/kit';
import { dateToParisLocal } from '$lib/server/dates';
import * as decisions from '$lib/server/decisions';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { publicOrigin } from '$lib/server/origin';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await loadGroup(event, 'group.contribute');
	// Three days from now at 18:00, Paris time: a quick question wants a quick answer.
	const inThreeDays = dateToParisLocal(new Date(Date.now() + 3 * 86_400_000));
	return { defaultClosing: `${inThreeDays.slice(0, 10)}T18:00` };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(decisions.pollSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			decisions.openPoll(user, group.id, parsed.data, origin)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/sondages/${result.value.id}`);
	}
};

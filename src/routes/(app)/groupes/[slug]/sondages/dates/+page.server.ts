import { redirect } from '@sveltejs/kit';
import { dateToParisLocal } from '$lib/server/dates';
import * as decisions from '$lib/server/decisions';
import { attempt } from '$lib/server/errors';
import { formValues, invalid, parseInput, repeatedRows } from '$lib/server/forms';
import { publicOrigin } from '$lib/server/origin';
import { pollPath } from '$lib/polls';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

const SLOT_FIELDS = ['day', 'start', 'end', 'place'] as const;

export const load: PageServerLoad = async (event) => {
	await loadGroup(event, 'meeting.manage');
	// A week from now at 18:00, Paris time: time for everyone to look at their diary.
	const inAWeek = dateToParisLocal(new Date(Date.now() + 7 * 86_400_000));
	return { defaultClosing: `${inAWeek.slice(0, 10)}T18:00`, maxSlots: decisions.MAX_SLOTS };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, group } = await loadGroup(event, 'meeting.manage');
		// A few more rows than allowed are read, so that 200 rows are refused, not cut short.
		const rows = repeatedRows(
			formValues(await event.request.formData()),
			'slots',
			SLOT_FIELDS,
			decisions.MAX_SLOTS + 1
		);
		const parsed = parseInput(
			decisions.datePollSchema,
			{ ...rows.others, slots: rows.rows },
			rows.values
		);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			decisions.openDatePoll(user, group.id, parsed.data, origin)
		);
		if (!result.ok) return result.failure;
		redirect(303, pollPath(group.slug, result.value));
	}
};

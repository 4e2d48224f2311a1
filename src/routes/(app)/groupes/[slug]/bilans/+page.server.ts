import * as checkIns from '$lib/server/progress/check-ins';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { can } from '$lib/server/policy';
import { loadGroup } from '../group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group, context } = await loadGroup(event);
	const [history, current, periodKind] = await Promise.all([
		checkIns.history(user, group.id),
		checkIns.current(group.id),
		checkIns.periodSetting()
	]);
	return {
		history,
		current,
		periodKind,
		canCheckIn: can(user, 'group.check_in', context),
		// The answer of this period, to start the form from when correcting it.
		answer: history.find((h) => h.period === current.period) ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, group } = await loadGroup(event, 'group.check_in');
		const parsed = parseForm(checkIns.checkInSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => checkIns.submit(user, group.id, parsed.data));
		if (!result.ok) return result.failure;
		return { done: 'check_ins.saved' as const };
	}
};

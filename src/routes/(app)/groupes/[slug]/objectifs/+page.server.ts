import { objectiveStatuses } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as objectives from '$lib/server/progress/objectives';
import { loadGroup } from '../group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { group } = await loadGroup(event);
	return { objectives: await objectives.list(group.id), statuses: objectiveStatuses };
};

export const actions: Actions = {
	create: async (event) => {
		const { user, group } = await loadGroup(event, 'group.edit');
		const parsed = parseForm(objectives.objectiveSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			objectives.create(user, group.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { done: 'objective.added' as const };
	},
	update: async (event) => {
		const { user, group } = await loadGroup(event, 'group.edit');
		const form = await event.request.formData();
		const id = parseForm(objectives.objectiveIdSchema, form);
		const parsed = parseForm(objectives.objectiveSchema, form);
		if (!id.ok) return invalid(id.values, id.errors);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			objectives.update(user, group.id, id.data.objectiveId, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { done: 'objective.saved' as const };
	}
};

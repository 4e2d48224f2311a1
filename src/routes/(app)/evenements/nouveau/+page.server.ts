import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { attempt } from '$lib/server/errors';
import * as events from '$lib/server/events/events';
import { eventSchema } from '$lib/server/events/schema';
import { invalid, parseForm } from '$lib/server/forms';
import { isUuid } from '$lib/uuid';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const groups = await events.groupsToPrepare(user);
	if (!groups.length) error(403, 'error.forbidden');
	return { groups };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		if (!(await events.mayCreate(user))) error(403, 'error.forbidden');
		const form = await event.request.formData();
		const parsed = parseForm(eventSchema, form);
		const groupId = String(form.get('groupId') ?? '');
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		if (!isUuid(groupId)) return invalid(parsed.values, { groupId: 'validation.choose' });
		const result = await attempt(parsed.values, () =>
			events.createEvent(user, groupId, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/evenements/${result.value.id}`);
	}
};

import { requireCan } from '$lib/server/auth/guards';
import { networkRoles } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'people.manage');
	return { people: await people.list(user), roles: networkRoles };
};

export const actions: Actions = {
	role: async (event) => {
		const user = requireCan(event, 'people.manage');
		const parsed = parseForm(people.roleSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			people.setRole(user, parsed.data.userId, parsed.data.role)
		);
		if (!result.ok) return result.failure;
		return { done: 'people.role_changed' as const, userId: parsed.data.userId };
	},
	disable: async (event) => {
		const user = requireCan(event, 'people.manage');
		const parsed = parseForm(people.userIdSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => people.disable(user, parsed.data.userId));
		if (!result.ok) return result.failure;
		return { done: 'people.disabled_done' as const, userId: parsed.data.userId };
	},
	enable: async (event) => {
		const user = requireCan(event, 'people.manage');
		const parsed = parseForm(people.userIdSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => people.enable(user, parsed.data.userId));
		if (!result.ok) return result.failure;
		return { done: 'people.enabled_done' as const, userId: parsed.data.userId };
	}
};

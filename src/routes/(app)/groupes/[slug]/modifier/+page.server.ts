import { error, redirect } from '@sveltejs/kit';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as groups from '$lib/server/groups';
import { can } from '$lib/server/policy';
import * as themes from '$lib/server/themes';
import { loadGroup } from '../group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group, context } = await loadGroup(event);
	if (!can(user, 'group.edit', context) && !can(user, 'group.change_status', context)) {
		error(403, { message: 'error.forbidden' });
	}
	return {
		themes: await themes.choices(group.theme),
		form: {
			name: group.name,
			theme: group.theme,
			description: group.description,
			purpose: group.purpose,
			color: group.color,
			joinPolicy: group.joinPolicy
		}
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { user, group } = await loadGroup(event, 'group.edit');
		const parsed = parseForm(groups.groupSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => groups.update(user, group.id, parsed.data));
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${result.value.slug}`);
	},
	status: async (event) => {
		const { user, group } = await loadGroup(event, 'group.change_status');
		const parsed = parseForm(groups.statusSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			groups.setStatus(user, group.id, parsed.data.status)
		);
		if (!result.ok) return result.failure;
		return { statusChanged: true };
	}
};

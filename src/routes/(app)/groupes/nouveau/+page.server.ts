import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireCan } from '$lib/server/auth/guards';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as directory from '$lib/server/directory';
import * as groups from '$lib/server/groups';
import * as themes from '$lib/server/themes';
import type { Actions, PageServerLoad } from './$types';

const leadSchema = z.object({ leadId: z.union([z.literal(''), z.uuid('validation.choose')]) });

export const load: PageServerLoad = async (event) => {
	requireCan(event, 'groups.create');
	return { themes: await themes.choices(), people: await directory.peopleForPicker() };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireCan(event, 'groups.create');
		const form = await event.request.formData();
		const parsed = parseForm(groups.groupSchema, form);
		const lead = parseForm(leadSchema, form);
		if (!parsed.ok || !lead.ok) {
			return invalid(parsed.values, {
				...(parsed.ok ? {} : parsed.errors),
				...(lead.ok ? {} : lead.errors)
			});
		}
		const result = await attempt(parsed.values, () =>
			groups.create(user, parsed.data, lead.data.leadId || undefined)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${result.value.slug}`);
	}
};

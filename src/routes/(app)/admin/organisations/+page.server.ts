import { requireCan } from '$lib/server/auth/guards';
import { organisationKinds } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as organisations from '$lib/server/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'organisations.manage');
	return { organisations: await organisations.list(user), kinds: organisationKinds };
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireCan(event, 'organisations.manage');
		const parsed = parseForm(organisations.organisationSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => organisations.create(user, parsed.data));
		if (!result.ok) return result.failure;
		return { created: result.value.name };
	},
	update: async (event) => {
		const user = requireCan(event, 'organisations.manage');
		const form = await event.request.formData();
		const id = organisations.organisationIdSchema.safeParse({ id: form.get('id') });
		const parsed = parseForm(organisations.organisationSchema, form);
		if (!id.success) return invalid(parsed.values, { form: 'validation.invalid' });
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			organisations.update(user, id.data.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { updated: id.data.id };
	},
	archive: async (event) => {
		const user = requireCan(event, 'organisations.manage');
		const parsed = parseForm(organisations.organisationIdSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			organisations.setArchived(user, parsed.data.id, true)
		);
		if (!result.ok) return result.failure;
		return { updated: parsed.data.id };
	},
	restore: async (event) => {
		const user = requireCan(event, 'organisations.manage');
		const parsed = parseForm(organisations.organisationIdSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			organisations.setArchived(user, parsed.data.id, false)
		);
		if (!result.ok) return result.failure;
		return { updated: parsed.data.id };
	}
};

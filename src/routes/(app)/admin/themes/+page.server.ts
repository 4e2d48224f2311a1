import { requireCan } from '$lib/server/auth/guards';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as themes from '$lib/server/themes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'settings.manage');
	return { themes: await themes.list(user) };
};

/** The key of the theme a row's form is about, checked like any other field. */
async function keyOf(request: Request) {
	const form = await request.formData();
	return { form, parsed: parseForm(themes.themeKeySchema, form) };
}

export const actions: Actions = {
	create: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const parsed = parseForm(themes.themeSchema, await event.request.formData());
		if (!parsed.ok) return invalid({ ...parsed.values, row: 'new' }, parsed.errors);
		const result = await attempt({ ...parsed.values, row: 'new' }, () =>
			themes.create(user, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { added: result.value.labelFr };
	},
	rename: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const { form, parsed: key } = await keyOf(event.request);
		const parsed = parseForm(themes.themeSchema, form);
		if (!key.ok) return invalid(key.values, key.errors);
		const values = { ...parsed.values, row: key.data.key };
		if (!parsed.ok) return invalid(values, parsed.errors);
		const result = await attempt(values, () => themes.rename(user, key.data.key, parsed.data));
		if (!result.ok) return result.failure;
		return { done: 'themes.renamed' as const };
	},
	move: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const parsed = parseForm(themes.moveSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			themes.move(user, parsed.data.key, parsed.data.direction)
		);
		if (!result.ok) return result.failure;
		return { done: 'themes.moved' as const };
	},
	archive: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const { parsed } = await keyOf(event.request);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => themes.archive(user, parsed.data.key));
		if (!result.ok) return result.failure;
		return { done: 'themes.archived' as const };
	},
	restore: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const { parsed } = await keyOf(event.request);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => themes.restore(user, parsed.data.key));
		if (!result.ok) return result.failure;
		return { done: 'themes.restored' as const };
	},
	remove: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const { parsed } = await keyOf(event.request);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt({ ...parsed.values, row: parsed.data.key }, () =>
			themes.remove(user, parsed.data.key)
		);
		if (!result.ok) return result.failure;
		return { done: 'themes.deleted' as const };
	}
};

import { requireCan } from '$lib/server/auth/guards';
import { networkRoles } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { listingHref, listingQuery, paginate } from '$lib/server/paging';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

const PATH = '/admin/personnes';

/** People shown at once. */
const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'people.manage');
	const search = listingQuery(event.url);
	const filter = people.parseFilter(search);
	const [total, organisations] = await Promise.all([
		people.countMatching(user, filter),
		people.organisationChoices(user)
	]);
	const paging = paginate(PATH, search, total, PAGE_SIZE);
	return {
		people: await people.list(user, filter, paging),
		total,
		page: paging.page,
		pages: paging.pages,
		pageHrefs: paging.pageHrefs,
		// The view as written in the URL: the filter form shows it, and forms post back to it.
		filter,
		query: search.toString(),
		here: listingHref(PATH, search),
		roles: networkRoles,
		statuses: people.accountStatuses,
		organisations
	};
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
	// Disabling takes two steps, both plain forms: the first answers with the question, and only
	// the second, which says `confirm=1`, disables.
	disable: async (event) => {
		const user = requireCan(event, 'people.manage');
		const form = await event.request.formData();
		const parsed = parseForm(people.userIdSchema, form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		if (form.get('confirm') !== '1') {
			const name = await attempt(parsed.values, () =>
				people.nameToDisable(user, parsed.data.userId)
			);
			if (!name.ok) return name.failure;
			return { confirmDisable: { userId: parsed.data.userId, name: name.value } };
		}
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

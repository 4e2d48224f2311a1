import { redirect } from '@sveltejs/kit';
import * as documents from '$lib/server/documents';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { loadGroup } from '../group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group } = await loadGroup(event);
	const archived = event.url.searchParams.has('archives');
	return { archived, documents: await documents.listForGroup(user, group.id, archived) };
};

export const actions: Actions = {
	create: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(documents.documentSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			documents.create(user, group.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/documents/${result.value.id}`);
	}
};

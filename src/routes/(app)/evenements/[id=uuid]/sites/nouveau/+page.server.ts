import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { attempt, orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import { readSiteForm } from '$lib/server/events/schema';
import * as sites from '$lib/server/events/sites';
import { invalid } from '$lib/server/forms';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await orErrorPage(eventAccess(user, event.params.id));
	if (!can(user, 'site.open', { ...access.context, ownOrganisation: true }))
		error(403, 'error.forbidden');
	const organisations = await sites.organisationsFor(user, access.organiser);
	const own = organisations.find((o) => o.id === user.organisationId);
	return {
		event: { id: access.event.id, name: access.event.name },
		organisations,
		values: { organisationId: own?.id ?? '', town: own?.town ?? '', languages: 'fr' }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const access = await orErrorPage(eventAccess(user, event.params.id));
		if (!can(user, 'site.open', { ...access.context, ownOrganisation: true }))
			error(403, 'error.forbidden');
		const form = await event.request.formData();
		const parsed = readSiteForm(form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			sites.openSite(user, event.params.id, String(form.get('organisationId') ?? ''), parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/evenements/${event.params.id}/sites/${result.value.id}`);
	}
};

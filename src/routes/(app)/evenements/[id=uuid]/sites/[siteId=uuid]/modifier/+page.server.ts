import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { attempt, orErrorPage } from '$lib/server/errors';
import { editableSite } from '$lib/server/events/access';
import { readSiteForm } from '$lib/server/events/schema';
import * as sites from '$lib/server/events/sites';
import { invalid } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { site, event: e } = await orErrorPage(editableSite(user, event.params.siteId));
	if (e.id !== event.params.id) error(404, 'error.not_found');
	const tick = (b: boolean) => (b ? 'on' : '');
	return {
		event: { id: e.id, name: e.name },
		site: { id: site.id, name: site.name },
		values: {
			name: site.name,
			address: site.address,
			postcode: site.postcode,
			town: site.town,
			sector: site.sector,
			description: site.description,
			accessNotes: site.accessNotes,
			parking: site.parking,
			transit: site.transit,
			safetyRules: site.safetyRules,
			closedShoes: tick(site.closedShoes),
			noPhotos: tick(site.noPhotos),
			wheelchair: tick(site.wheelchair),
			minAge: site.minAge === null ? '' : String(site.minAge),
			languages: site.languages.join(',')
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { event: e } = await orErrorPage(editableSite(user, event.params.siteId));
		if (e.id !== event.params.id) error(404, 'error.not_found');
		const parsed = readSiteForm(await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			sites.updateSite(user, event.params.siteId, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/evenements/${event.params.id}/sites/${event.params.siteId}`);
	}
};

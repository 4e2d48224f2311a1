import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { attempt, orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import * as events from '$lib/server/events/events';
import { statusSchema } from '$lib/server/events/schema';
import { sitesOverview } from '$lib/server/events/sites';
import { invalid, parseForm } from '$lib/server/forms';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await orErrorPage(eventAccess(user, event.params.id));
	const sites = await sitesOverview(access.event.id);
	const { event: e } = access;
	return {
		event: {
			id: e.id,
			slug: e.slug,
			name: e.name,
			status: e.status,
			startsOn: e.startsOn,
			endsOn: e.endsOn,
			registrationOpensAt: e.registrationOpensAt,
			registrationClosesAt: e.registrationClosesAt
		},
		organiser: access.organiser,
		figures: access.figures,
		canOpenSite: can(user, 'site.open', { ...access.context, ownOrganisation: true }),
		sites: sites.map((s) => ({
			...s,
			mine: access.organiser || s.organisationId === user.organisationId,
			// Counts are for those who may see the figures, and each site's own people.
			held: access.figures || s.organisationId === user.organisationId ? s.held : null,
			waiting: access.figures || s.organisationId === user.organisationId ? s.waiting : null
		}))
	};
};

export const actions: Actions = {
	status: async (event) => {
		const user = requireUser(event);
		const { organiser } = await orErrorPage(eventAccess(user, event.params.id));
		if (!organiser) error(403, 'error.forbidden');
		const parsed = parseForm(statusSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			events.setStatus(user, event.params.id, parsed.data.status)
		);
		if (!result.ok) return result.failure;
		return { saved: true };
	}
};

import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { dateToParisLocal } from '$lib/server/dates';
import { attempt, orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import * as events from '$lib/server/events/events';
import { eventSchema } from '$lib/server/events/schema';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { event: e, organiser } = await orErrorPage(eventAccess(user, event.params.id));
	if (!organiser) error(403, 'error.forbidden');
	return {
		event: { id: e.id, name: e.name },
		values: {
			name: e.name,
			slug: e.slug,
			description: e.description,
			startsOn: e.startsOn,
			endsOn: e.endsOn,
			registrationOpensAt: dateToParisLocal(e.registrationOpensAt),
			registrationClosesAt: dateToParisLocal(e.registrationClosesAt),
			privacyNotice: e.privacyNotice,
			maxPeople: String(e.maxPeople),
			confirmEmail: e.confirmEmail ? 'on' : ''
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { organiser } = await orErrorPage(eventAccess(user, event.params.id));
		if (!organiser) error(403, 'error.forbidden');
		const parsed = parseForm(eventSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			events.updateEvent(user, event.params.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/evenements/${event.params.id}`);
	}
};

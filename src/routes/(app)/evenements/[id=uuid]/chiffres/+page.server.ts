import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import { figuresOf } from '$lib/server/events/figures';
import { editionBefore } from '$lib/server/events/totals';
import type { PageServerLoad } from './$types';

/** The event's figures, for its organisers and the directors, beside the previous edition's. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await orErrorPage(eventAccess(user, event.params.id));
	if (!access.figures) error(403, 'error.forbidden');
	const [figures, previous] = await Promise.all([
		figuresOf(access.event.id),
		editionBefore(access.event)
	]);
	return {
		event: { id: access.event.id, name: access.event.name },
		organiser: access.organiser,
		figures,
		previous: previous
			? { name: previous.name, total: { registered: previous.registered, arrived: previous.arrived } }
			: null
	};
};

import { requireUser } from '$lib/server/auth/guards';
import { orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import { eventFigures, figuresOf, previousEvent } from '$lib/server/events/figures';
import type { PageServerLoad } from './$types';

/** The event's figures, for its organisers and the directors, beside the previous edition's. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await orErrorPage(eventAccess(user, event.params.id));
	const figures = await orErrorPage(eventFigures(user, access.event.id));
	const previous = await previousEvent(access.event.id);
	return {
		event: { id: access.event.id, name: access.event.name },
		organiser: access.organiser,
		figures,
		previous: previous ? { name: previous.name, total: (await figuresOf(previous.id)).total } : null
	};
};

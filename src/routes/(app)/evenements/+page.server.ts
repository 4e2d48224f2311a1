import { requireUser } from '$lib/server/auth/guards';
import * as events from '$lib/server/events/events';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [list, canCreate] = await Promise.all([events.listFor(user), events.mayCreate(user)]);
	return { events: list, canCreate };
};

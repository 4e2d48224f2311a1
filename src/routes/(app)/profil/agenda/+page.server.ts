import { requireUser } from '$lib/server/auth/guards';
import * as calendars from '$lib/server/calendar';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { feed: await calendars.feedStatus(user) };
};

export const actions: Actions = {
	/** A new address (the previous one, if any, stops working), shown this once. */
	create: async (event) => {
		const user = requireUser(event);
		const token = await calendars.createFeed(user);
		return { feedUrl: `${event.url.origin}/agenda/${token}.ics` };
	},
	revoke: async (event) => {
		const user = requireUser(event);
		await calendars.revokeFeed(user);
		return { done: 'calendar.revoked' as const };
	}
};

import { fail } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import * as calendars from '$lib/server/meetings/calendar';
import type { Actions, PageServerLoad } from './$types';
import { publicOrigin } from '$lib/server/origin';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const feed = await calendars.feedStatus(user);
	// The address is a secret: never compressed (BREACH, docs/security.md).
	event.setHeaders({ 'cache-control': 'private, no-store, no-transform' });
	return {
		feed: feed && { createdAt: feed.createdAt },
		// Shown again at any time, to copy it into another application.
		feedUrl: feed?.token ? feedAddress(await publicOrigin(), feed.token) : null
	};
};

const feedAddress = (origin: string, token: string) => `${origin}/agenda/${token}.ics`;

export const actions: Actions = {
	/**
	 * A new address. Replacing one that exists stops the old one in every application subscribed
	 * to it: that asks to be confirmed (`confirm=1`), never done by one click.
	 */
	create: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		if ((await calendars.feedStatus(user)) && form.get('confirm') !== '1') {
			return fail(400, { confirmRenew: true });
		}
		const token = await calendars.createFeed(user);
		return { feedUrl: feedAddress(await publicOrigin(), token) };
	},
	revoke: async (event) => {
		const user = requireUser(event);
		await calendars.revokeFeed(user);
		return { done: 'calendar.revoked' as const };
	}
};

import { fail } from '@sveltejs/kit';
import { addMonths, monthOf } from '$lib/months';
import { requireCan, requireUser } from '$lib/server/auth/guards';
import * as calendars from '$lib/server/meetings/calendar';
import { todayInParis } from '$lib/server/dates';
import * as networkCalendar from '$lib/server/meetings/network-calendar';
import { publicOrigin } from '$lib/server/origin';
import { can } from '$lib/server/policy';
import { readQuery } from './agenda-query';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const network = can(user, 'calendar.network');
	const groups = await networkCalendar.groupsFor(user);
	const today = todayInParis();
	const currentMonth = monthOf(today);
	const query = readQuery(event.url.searchParams, new Set(groups.map((g) => g.slug)), currentMonth);
	const groupId = query.group ? groups.find((g) => g.slug === query.group)!.id : null;
	const [meetings, feed] = await Promise.all([
		networkCalendar.monthOf(user, query.month, groupId),
		network ? calendars.feedStatus(user, 'network') : null
	]);
	return {
		network,
		query,
		today,
		currentMonth,
		previous: addMonths(query.month, -1),
		next: addMonths(query.month, 1),
		groups: groups.map(({ slug, name, status }) => ({ slug, name, status })),
		meetings,
		feed: feed && {
			createdAt: feed.createdAt,
			// Shown again at any time, to copy it into another application.
			url: feed.token ? calendars.feedAddress(await publicOrigin(), feed.token) : null
		}
	};
};

export const actions: Actions = {
	/**
	 * The network feed's address. Replacing one that exists stops the old one in every
	 * application subscribed to it: that asks to be confirmed (`confirm=1`).
	 */
	createFeed: async (event) => {
		const user = requireCan(event, 'calendar.network');
		const form = await event.request.formData();
		if ((await calendars.feedStatus(user, 'network')) && form.get('confirm') !== '1') {
			return fail(400, { confirmRenew: true });
		}
		const token = await calendars.createFeed(user, 'network');
		return { feedUrl: calendars.feedAddress(await publicOrigin(), token) };
	},
	revokeFeed: async (event) => {
		const user = requireCan(event, 'calendar.network');
		await calendars.revokeFeed(user, 'network');
		return { done: 'agenda.feed.revoked' as const };
	}
};

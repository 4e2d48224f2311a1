import { requireCan } from '$lib/server/auth/guards';
import * as dashboard from '$lib/server/progress/dashboard';
import * as groups from '$lib/server/groups';
import { listingQuery, paginate } from '$lib/server/paging';
import { can } from '$lib/server/policy';
import { latestEvent } from '$lib/server/events/totals';
import type { PageServerLoad } from './$types';

/**
 * Group cards shown at once. Every group counts in the figures and the order; past this many,
 * the cards come in pages (a network of two hundred groups made a page of half a megabyte).
 */
const CARDS_PER_PAGE = 60;

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'dashboard.view');
	const { filters, invalid } = dashboard.parseFilters(event.url.searchParams);
	const [overview, choices, openHouse] = await Promise.all([
		dashboard.overview(user, filters),
		dashboard.filterChoices(),
		latestEvent()
	]);
	const charts = await dashboard.charts(
		user,
		filters,
		overview.groups.map((g) => g.id)
	);
	const paging = paginate(
		'/tableau-de-bord',
		listingQuery(event.url),
		overview.groups.length,
		CARDS_PER_PAGE
	);
	return {
		filters,
		invalid,
		groups: overview.groups.slice(paging.offset, paging.offset + paging.limit),
		total: overview.groups.length,
		attention: overview.groups.filter((g) => g.needsAttention).length,
		page: paging.page,
		pages: paging.pages,
		pageHrefs: paging.pageHrefs,
		months: overview.months,
		charts,
		choices,
		// A network without any group yet is told how to start, not that no group matches.
		anyGroup: overview.groups.length > 0 || (await groups.anyExists()),
		canCreateGroup: can(user, 'groups.create'),
		openHouse,
		// Those who see the dashboard (the coordination, admins, directors) see every event's
		// figures whatever group they are in: asked without reading their membership.
		openHouseFigures: openHouse
			? can(user, 'event.figures', { status: openHouse.current.status, groupRole: null })
			: false
	};
};

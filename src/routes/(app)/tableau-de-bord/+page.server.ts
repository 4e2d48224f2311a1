import { requireCan } from '$lib/server/auth/guards';
import * as dashboard from '$lib/server/progress/dashboard';
import * as groups from '$lib/server/groups';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'dashboard.view');
	const { filters, invalid } = dashboard.parseFilters(event.url.searchParams);
	const [overview, choices] = await Promise.all([
		dashboard.overview(user, filters),
		dashboard.filterChoices()
	]);
	const charts = await dashboard.charts(
		user,
		filters,
		overview.groups.map((g) => g.id)
	);
	return {
		filters,
		invalid,
		groups: overview.groups,
		months: overview.months,
		charts,
		choices,
		// A network without any group yet is told how to start, not that no group matches.
		anyGroup: overview.groups.length > 0 || (await groups.anyExists()),
		canCreateGroup: can(user, 'groups.create')
	};
};

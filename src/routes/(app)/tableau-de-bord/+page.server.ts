import { requireCan } from '$lib/server/auth/guards';
import * as dashboard from '$lib/server/dashboard';
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
	return { filters, invalid, groups: overview.groups, months: overview.months, charts, choices };
};

import { and, asc, eq, exists, ne, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import { groupMembers, groups, organisations, themes, users } from '$lib/server/db/schema';
import { todayInParis } from '../dates';
import { forbidden } from '../errors';
import { can, type Actor } from '../policy';
import type { GroupRow } from './attention';
import { monthsEnding, type DashboardFilters } from './dashboard-filters';
import { byMonth, groupFigures, groupRow, shownGroups, sortRows } from './group-figures';

// The dashboard's namespace (`import * as dashboard from '$lib/server/progress/dashboard'`):
// its filters, the attention score and the charts live beside this file.
export * from './dashboard-filters';
export * from './attention';
export * from './charts';

/**
 * The network dashboard: one row per group that is not archived, with its latest weather,
 * objectives, actions, meetings, last activity and the trend of actions done, and the groups that
 * need attention first. Every figure comes from one aggregate query over all the groups shown,
 * never a query per group; those counted by month (actions done, meetings held) are read from
 * group_months, which triggers keep, rather than from every action of the network.
 */
export async function overview(actor: Actor, filters: DashboardFilters, now = new Date()) {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	const months = monthsEnding(filters.month);
	const shown = await shownGroups(filters);
	const ids = shown.map((g) => g.id);
	if (ids.length === 0) return { groups: [] as GroupRow[], months };
	const figures = await groupFigures(ids, filters.month, months, todayInParis(now), now);
	const monthly = byMonth(figures.monthRows);
	const rows = shown.map((group) => groupRow(group, figures, monthly, months, now));
	return { groups: sortRows(rows, filters.sort), months };
}

/**
 * The choices of the filters: the themes of the groups shown (by their labels, in the admin's
 * order), organisations with people in groups.
 */
export async function filterChoices() {
	const [themeRows, orgs] = await Promise.all([
		db
			.select({ key: themes.key, fr: themes.labelFr, en: themes.labelEn })
			.from(themes)
			.where(
				exists(
					db
						.select({ one: sql`1` })
						.from(groups)
						.where(and(eq(groups.theme, themes.key), ne(groups.status, 'archived')))
				)
			)
			.orderBy(asc(themes.position), asc(themes.key)),
		// exists() rather than a distinct join: select distinct may only order by what it selects.
		db
			.select({ id: organisations.id, name: organisations.name })
			.from(organisations)
			.where(
				exists(
					db
						.select({ one: sql`1` })
						.from(users)
						.innerJoin(groupMembers, eq(groupMembers.userId, users.id))
						.where(eq(users.organisationId, organisations.id))
				)
			)
			.orderBy(frenchOrder(organisations.name))
	]);
	return { themes: themeRows, organisations: orgs };
}

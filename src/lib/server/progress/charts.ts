import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import { groupMonths, organisationMonths, organisations } from '$lib/server/db/schema';
import { forbidden } from '../errors';
import { can, type Actor } from '../policy';
import { monthsEnding, type DashboardFilters } from './dashboard-filters';

/**
 * The network's figures per month for the charts, over the groups shown: actions opened and
 * done, meetings held and the attendance recorded, and each organisation's part (its people's
 * presence at meetings held, actions its people own), all from group_months and
 * organisation_months.
 */
export async function charts(actor: Actor, filters: DashboardFilters, groupIds: string[]) {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	const months = monthsEnding(filters.month);
	const empty = () => months.map(() => 0);
	if (groupIds.length === 0) {
		return {
			months,
			opened: empty(),
			closed: empty(),
			meetings: empty(),
			attendance: months.map(() => null as number | null),
			organisations: [] as { id: string; name: string; attended: number; owned: number }[]
		};
	}
	const inPeriod = (column: AnyPgColumn) =>
		and(gte(column, months[0]), lte(column, months[months.length - 1]));
	const [perMonth, perOrganisation] = await Promise.all([
		db
			.select({
				month: groupMonths.month,
				opened: sql<number>`sum(${groupMonths.opened})::int`,
				closed: sql<number>`sum(${groupMonths.done})::int`,
				meetings: sql<number>`sum(${groupMonths.held})::int`,
				present: sql<number>`sum(${groupMonths.present})::int`,
				recorded: sql<number>`sum(${groupMonths.recorded})::int`
			})
			.from(groupMonths)
			.where(and(inArray(groupMonths.groupId, groupIds), inPeriod(groupMonths.month)))
			.groupBy(groupMonths.month),
		db
			.select({
				id: organisations.id,
				name: organisations.name,
				attended: sql<number>`sum(${organisationMonths.present})::int`,
				owned: sql<number>`sum(${organisationMonths.owned})::int`
			})
			.from(organisationMonths)
			.innerJoin(organisations, eq(organisations.id, organisationMonths.organisationId))
			.where(and(inArray(organisationMonths.groupId, groupIds), inPeriod(organisationMonths.month)))
			.groupBy(organisations.id, organisations.name)
			.having(sql`sum(${organisationMonths.present}) > 0 or sum(${organisationMonths.owned}) > 0`)
	]);
	const series = {
		opened: empty(),
		closed: empty(),
		meetings: empty(),
		attendance: months.map(() => null as number | null)
	};
	for (const r of perMonth) {
		const i = months.indexOf(r.month);
		series.opened[i] = r.opened;
		series.closed[i] = r.closed;
		series.meetings[i] = r.meetings;
		series.attendance[i] = r.recorded ? Math.round((100 * r.present) / r.recorded) : null;
	}
	const collator = new Intl.Collator('fr');
	return {
		months,
		...series,
		organisations: perOrganisation
			.sort(
				(a, b) => b.attended + b.owned - (a.attended + a.owned) || collator.compare(a.name, b.name)
			)
			.slice(0, 12)
	};
}

import { and, eq, gt, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import {
	actions,
	activity,
	decisions,
	documents,
	groupMembers,
	groupMonths,
	groups,
	meetings,
	objectives,
	threads,
	users
} from '$lib/server/db/schema';
import { attentionOf, ATTENTION_THRESHOLD, type GroupRow } from './attention';
import { latestByGroup } from './check-ins';
import { addMonths } from '$lib/months';
import type { DashboardFilters } from './dashboard-filters';

// The steps of the dashboard's overview: the groups shown, their figures read in one aggregate
// query each, the figures by month, one row per group, and the order the rows are shown in.

/** Actions still to do: open, in progress or blocked (the condition of actions_open_idx). */
const OPEN_ACTION = sql`${actions.status} in ('open', 'in_progress', 'blocked')`;

/** The groups the dashboard shows: not archived, of the theme and organisation filtered on. */
export function shownGroups(filters: DashboardFilters) {
	return db
		.select({
			id: groups.id,
			slug: groups.slug,
			name: groups.name,
			theme: groups.theme,
			color: groups.color,
			status: groups.status
		})
		.from(groups)
		.where(
			and(
				ne(groups.status, 'archived'),
				filters.theme ? eq(groups.theme, filters.theme) : undefined,
				filters.organisationId
					? sql`exists (select 1 from ${groupMembers} gm join ${users} u on u.id = gm.user_id where gm.group_id = ${groups.id} and u.organisation_id = ${filters.organisationId})`
					: undefined
			)
		)
		.orderBy(frenchOrder(groups.name));
}
type ShownGroup = Awaited<ReturnType<typeof shownGroups>>[number];

/**
 * Every figure of the groups `ids`, one query per kind over all of them, never a query per group:
 * objectives, open actions, the months kept by triggers, the next meeting, the last activity and
 * the latest check-in.
 */
export async function groupFigures(
	ids: string[],
	month: string,
	months: string[],
	today: string,
	now: Date
) {
	const [goalRows, actionRows, monthRows, nextRows, lastActive, weathers, decidedRows] =
		await Promise.all([
			db
				.select({
					groupId: objectives.groupId,
					achieved: sql<number>`count(*) filter (where ${objectives.status} = 'achieved')::int`,
					total: sql<number>`count(*) filter (where ${objectives.status} <> 'dropped')::int`
				})
				.from(objectives)
				.where(inArray(objectives.groupId, ids))
				.groupBy(objectives.groupId),
			// Open actions are a small part of all actions, under their own index (actions_open_idx).
			db
				.select({
					groupId: actions.groupId,
					open: sql<number>`count(*)::int`,
					overdue: sql<number>`count(*) filter (where ${actions.dueDate} < ${today})::int`
				})
				.from(actions)
				.where(and(inArray(actions.groupId, ids), OPEN_ACTION))
				.groupBy(actions.groupId),
			// Actions done and meetings held per month, kept by triggers (schema/figures.ts), folded per
			// group here: a large network has thousands of months, the page needs a row per group.
			db
				.select({
					groupId: groupMonths.groupId,
					done: sql<number>`sum(${groupMonths.done})::int`,
					held: sql<number>`coalesce(sum(${groupMonths.held}) filter (where ${groupMonths.month} = ${month}), 0)::int`,
					trend: sql<number[]>`array[${sql.join(
						months.map(
							(m) =>
								sql`coalesce(sum(${groupMonths.done}) filter (where ${groupMonths.month} = ${m}), 0)::int`
						),
						sql`, `
					)}]`
				})
				.from(groupMonths)
				.where(inArray(groupMonths.groupId, ids))
				.groupBy(groupMonths.groupId),
			db
				.select({ groupId: meetings.groupId, next: sql<string>`min(${meetings.startsAt})` })
				.from(meetings)
				.where(
					and(
						inArray(meetings.groupId, ids),
						eq(meetings.status, 'planned'),
						gt(meetings.startsAt, now)
					)
				)
				.groupBy(meetings.groupId),
			lastActivity(ids, now),
			latestByGroup(ids, month),
			db
				.select({ groupId: decisions.groupId, n: sql<number>`count(*)::int` })
				.from(decisions)
				.where(
					and(
						inArray(decisions.groupId, ids),
						gte(decisions.decidedOn, `${month}-01`),
						lt(decisions.decidedOn, `${addMonths(month, 1)}-01`)
					)
				)
				.groupBy(decisions.groupId)
		]);
	return {
		goals: new Map(goalRows.map((r) => [r.groupId, r])),
		work: new Map(actionRows.map((r) => [r.groupId, r])),
		next: new Map(nextRows.map((r) => [r.groupId, r.next])),
		monthRows,
		lastActive,
		weathers,
		decided: new Map(decidedRows.map((r) => [r.groupId, r.n]))
	};
}
type GroupFigures = Awaited<ReturnType<typeof groupFigures>>;

/**
 * The months folded per group: actions done in all, meetings held in `month`, and the trend of
 * actions done month by month (oldest first, as the months the figures were read for).
 */
export function byMonth(rows: GroupFigures['monthRows']) {
	const done = new Map<string, number>();
	const held = new Map<string, number>();
	const trends = new Map<string, number[]>();
	for (const row of rows) {
		done.set(row.groupId, row.done);
		held.set(row.groupId, row.held);
		trends.set(row.groupId, row.trend.map(Number));
	}
	return { done, held, trends };
}

/** One group's row of the dashboard, with how much it needs attention and why. */
export function groupRow(
	group: ShownGroup,
	figures: GroupFigures,
	monthly: ReturnType<typeof byMonth>,
	months: string[],
	now: Date
): GroupRow {
	const { goals, work, next, lastActive, weathers } = figures;
	const latest = weathers.get(group.id) ?? null;
	const last = lastActive.get(group.id) ?? null;
	const days = last ? Math.floor((now.getTime() - last.getTime()) / 86_400_000) : null;
	const counts = {
		done: monthly.done.get(group.id) ?? 0,
		open: work.get(group.id)?.open ?? 0,
		overdue: work.get(group.id)?.overdue ?? 0
	};
	const { reasons, attention } = attentionOf({
		weather: latest?.weather ?? null,
		overdue: counts.overdue,
		daysSinceActivity: days
	});
	const nextMeeting = next.get(group.id);
	const goal = goals.get(group.id);
	return {
		...group,
		weather: latest?.weather ?? null,
		weatherPeriod: latest?.period ?? null,
		objectives: { achieved: goal?.achieved ?? 0, total: goal?.total ?? 0 },
		actions: { done: counts.done, open: counts.open, overdue: counts.overdue },
		meetingsHeld: monthly.held.get(group.id) ?? 0,
		decisions: figures.decided.get(group.id) ?? 0,
		nextMeeting: nextMeeting ? new Date(nextMeeting) : null,
		lastActivity: last,
		daysSinceActivity: days,
		trend: monthly.trends.get(group.id) ?? months.map(() => 0),
		reasons,
		attention,
		needsAttention: attention >= ATTENTION_THRESHOLD
	};
}

/** The rows in the order asked for: most in need of attention first, by name, or by activity. */
export function sortRows(rows: GroupRow[], sort: DashboardFilters['sort']): GroupRow[] {
	const collator = new Intl.Collator('fr');
	rows.sort((a, b) =>
		sort === 'name'
			? collator.compare(a.name, b.name)
			: sort === 'activity'
				? (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0)
				: b.attention - a.attention ||
					b.actions.overdue - a.actions.overdue ||
					collator.compare(a.name, b.name)
	);
	return rows;
}

/**
 * When something last happened in each group: its activity log, messages, documents, actions.
 * Each is the newest entry of an index on (group, time), read once per group.
 */
async function lastActivity(ids: string[], now: Date): Promise<Map<string, Date>> {
	// Qualified by hand: Drizzle leaves the columns of a one-table query unqualified.
	const groupId = sql`${groups}.${sql.identifier(groups.id.name)}`;
	const newest = (table: PgTable, group: AnyPgColumn, at: AnyPgColumn) =>
		sql<string | null>`(select max(${at}) from ${table} where ${group} = ${groupId})`;
	const rows = await db
		.select({
			groupId: groups.id,
			activity: newest(activity, activity.groupId, activity.createdAt),
			// A thread's last message is when its newest message was posted.
			messages: newest(threads, threads.groupId, threads.lastMessageAt),
			documents: newest(documents, documents.groupId, documents.lastEditedAt),
			actions: newest(actions, actions.groupId, actions.updatedAt)
		})
		.from(groups)
		.where(inArray(groups.id, ids));
	const latest = new Map<string, Date>();
	for (const { groupId, ...sources } of rows) {
		const times = Object.values(sources)
			.filter((at): at is string => at !== null)
			.map((at) => new Date(at).getTime());
		if (times.length === 0) continue;
		// Something dated in the future (a document of a meeting to come) is not activity yet.
		latest.set(groupId, new Date(Math.min(Math.max(...times), now.getTime())));
	}
	return latest;
}

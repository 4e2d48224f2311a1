import { and, asc, eq, gt, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import {
	actions,
	activity,
	documents,
	groupMembers,
	groupMonths,
	groups,
	meetings,
	objectives,
	organisationMonths,
	organisations,
	threads,
	users,
	type Weather
} from '$lib/server/db/schema';
import { addMonths } from '$lib/months';
import { latestByGroup } from './check-ins';
import { todayInParis } from './dates';
import { forbidden } from './errors';
import { can, type Actor } from './policy';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The dashboard's filters, as the URL carries them; what cannot be read is reported, not fatal. */
export interface DashboardFilters {
	/** The month looked at ('2026-11'): meetings held in it, the 12 months of trends ending with it. */
	month: string;
	theme: string | null;
	organisationId: string | null;
	sort: 'attention' | 'name' | 'activity';
}

export function parseFilters(
	params: URLSearchParams,
	now = new Date()
): { filters: DashboardFilters; invalid: string[] } {
	const invalid: string[] = [];
	const current = todayInParis(now).slice(0, 7);
	const month = params.get('mois') ?? '';
	const organisation = params.get('organisation') ?? '';
	const sort = params.get('tri') ?? '';
	if (month && !MONTH.test(month)) invalid.push('mois');
	if (organisation && !z.uuid().safeParse(organisation).success) invalid.push('organisation');
	if (sort && !['attention', 'nom', 'activite'].includes(sort)) invalid.push('tri');
	return {
		filters: {
			month: month && MONTH.test(month) && month <= current ? month : current,
			theme: (params.get('theme') ?? '').trim().slice(0, 60) || null,
			organisationId: invalid.includes('organisation') ? null : organisation || null,
			sort: sort === 'nom' ? 'name' : sort === 'activite' ? 'activity' : 'attention'
		},
		invalid
	};
}

/** The twelve months ending with `month`, oldest first ('2025-12' … '2026-11'). */
export function monthsEnding(month: string, count = 12): string[] {
	return Array.from({ length: count }, (_, i) => addMonths(month, i - (count - 1)));
}

/** Actions still to do: open, in progress or blocked (the condition of actions_open_idx). */
const OPEN_ACTION = sql`${actions.status} in ('open', 'in_progress', 'blocked')`;

export interface GroupRow {
	id: string;
	slug: string;
	name: string;
	theme: string;
	color: string;
	status: 'active' | 'paused' | 'archived';
	weather: Weather | null;
	weatherPeriod: string | null;
	objectives: { achieved: number; total: number };
	actions: { done: number; open: number; overdue: number };
	meetingsHeld: number;
	nextMeeting: Date | null;
	lastActivity: Date | null;
	daysSinceActivity: number | null;
	/** Actions done in each of the 12 months ending with the period, oldest first. */
	trend: number[];
	/** Why the group needs attention, most serious first (message keys with their figures). */
	reasons: { key: 'weather' | 'overdue' | 'quiet' | 'no_check_in'; count?: number }[];
	attention: number;
	/** The score passes the threshold: shown first, and counted as needing attention. */
	needsAttention: boolean;
}

/** A group needs attention from this score: a worrying check-in, or several signs together. */
export const ATTENTION_THRESHOLD = 20;

/**
 * How much a group needs attention, and why (most serious first): off track 30, at risk 20,
 * no check-in 10, quiet for more than QUIET_DAYS (or never active) 10, 2 per overdue action up to
 * 20. The dashboard and the directors' digest both use it.
 */
export function attentionOf(group: {
	weather: Weather | null;
	overdue: number;
	/** Undefined when unknown: then quietness is not judged. */
	daysSinceActivity?: number | null;
}): { attention: number; reasons: GroupRow['reasons']; needsAttention: boolean } {
	const reasons: GroupRow['reasons'] = [];
	let attention = 0;
	if (group.weather === 'off_track') attention += 30;
	if (group.weather === 'at_risk') attention += 20;
	if (group.weather && group.weather !== 'on_track') reasons.push({ key: 'weather' });
	if (!group.weather) {
		attention += 10;
		reasons.push({ key: 'no_check_in' });
	}
	if (group.overdue > 0) {
		attention += Math.min(group.overdue, 10) * 2;
		reasons.push({ key: 'overdue', count: group.overdue });
	}
	const days = group.daysSinceActivity;
	if (days !== undefined && (days === null || days > QUIET_DAYS)) {
		attention += 10;
		reasons.push({ key: 'quiet', count: days ?? undefined });
	}
	return { attention, reasons, needsAttention: attention >= ATTENTION_THRESHOLD };
}

/** Quiet for this many days: the group needs attention. */
export const QUIET_DAYS = 30;

/**
 * The network dashboard: one row per group that is not archived, with its latest weather,
 * objectives, actions, meetings, last activity and the trend of actions done, and the groups that
 * need attention first. Every figure comes from one aggregate query over all the groups shown,
 * never a query per group; those counted by month (actions done, meetings held) are read from
 * group_months, which triggers keep, rather than from every action of the network.
 */
export async function overview(actor: Actor, filters: DashboardFilters, now = new Date()) {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	const today = todayInParis(now);
	const months = monthsEnding(filters.month);

	const shown = await db
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
		.orderBy(asc(groups.name));
	const ids = shown.map((g) => g.id);
	if (ids.length === 0) return { groups: [] as GroupRow[], months };

	const [goalRows, actionRows, monthRows, nextRows, activityRows, weathers] = await Promise.all([
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
		// Actions done and meetings held per month, kept by triggers (schema/figures.ts).
		db
			.select({
				groupId: groupMonths.groupId,
				month: groupMonths.month,
				done: groupMonths.done,
				held: groupMonths.held
			})
			.from(groupMonths)
			.where(
				and(
					inArray(groupMonths.groupId, ids),
					sql`(${groupMonths.done} <> 0 or ${groupMonths.month} = ${filters.month})`
				)
			),
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
		latestByGroup(ids, filters.month)
	]);

	const goals = new Map(goalRows.map((r) => [r.groupId, r]));
	const work = new Map(actionRows.map((r) => [r.groupId, r]));
	const next = new Map(nextRows.map((r) => [r.groupId, r.next]));
	const done = new Map<string, number>();
	const held = new Map<string, number>();
	const trends = new Map<string, number[]>();
	for (const row of monthRows) {
		done.set(row.groupId, (done.get(row.groupId) ?? 0) + row.done);
		if (row.month === filters.month) held.set(row.groupId, row.held);
		const index = months.indexOf(row.month);
		if (index < 0) continue;
		const series = trends.get(row.groupId) ?? months.map(() => 0);
		series[index] = row.done;
		trends.set(row.groupId, series);
	}

	const rows: GroupRow[] = shown.map((group) => {
		const latest = weathers.get(group.id) ?? null;
		const last = activityRows.get(group.id) ?? null;
		const days = last ? Math.floor((now.getTime() - last.getTime()) / 86_400_000) : null;
		const counts = {
			done: done.get(group.id) ?? 0,
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
			meetingsHeld: held.get(group.id) ?? 0,
			nextMeeting: nextMeeting ? new Date(nextMeeting) : null,
			lastActivity: last,
			daysSinceActivity: days,
			trend: trends.get(group.id) ?? months.map(() => 0),
			reasons,
			attention,
			needsAttention: attention >= ATTENTION_THRESHOLD
		};
	});
	const collator = new Intl.Collator('fr');
	rows.sort((a, b) =>
		filters.sort === 'name'
			? collator.compare(a.name, b.name)
			: filters.sort === 'activity'
				? (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0)
				: b.attention - a.attention ||
					b.actions.overdue - a.actions.overdue ||
					collator.compare(a.name, b.name)
	);
	return { groups: rows, months };
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

/** The choices of the filters: themes of the groups shown, organisations with people in groups. */
export async function filterChoices() {
	const [themes, orgs] = await Promise.all([
		db
			.selectDistinct({ theme: groups.theme })
			.from(groups)
			.where(ne(groups.status, 'archived'))
			.orderBy(asc(groups.theme)),
		db
			.selectDistinct({ id: organisations.id, name: organisations.name })
			.from(organisations)
			.innerJoin(users, eq(users.organisationId, organisations.id))
			.innerJoin(groupMembers, eq(groupMembers.userId, users.id))
			.orderBy(asc(organisations.name))
	]);
	return { themes: themes.map((t) => t.theme), organisations: orgs };
}

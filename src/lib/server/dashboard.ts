import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import {
	actions,
	activity,
	documents,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	objectives,
	organisations,
	threadMessages,
	threads,
	users,
	type Weather
} from '$lib/server/db/schema';
import { latestByGroup } from './check-ins';
import { addMonths } from '$lib/months';
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

/** The instant a month starts in Paris (as a SQL timestamp expression). */
const parisMonthStart = (month: string) =>
	sql`(${`${month}-01 00:00`}::timestamp at time zone 'Europe/Paris')`;
const parisMonth = (column: SQL | AnyPgColumn) =>
	sql<string>`to_char(${column} at time zone 'Europe/Paris', 'YYYY-MM')`;

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
 * never a query per group.
 */
export async function overview(actor: Actor, filters: DashboardFilters, now = new Date()) {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	const today = todayInParis(now);
	const months = monthsEnding(filters.month);
	const monthStart = parisMonthStart(filters.month);
	const monthEnd = parisMonthStart(addMonths(filters.month, 1));
	const trendStart = parisMonthStart(months[0]);

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

	const [goalRows, actionRows, meetingRows, trendRows, activityRows, weathers] = await Promise.all([
		db
			.select({
				groupId: objectives.groupId,
				achieved: sql<number>`count(*) filter (where ${objectives.status} = 'achieved')::int`,
				total: sql<number>`count(*) filter (where ${objectives.status} <> 'dropped')::int`
			})
			.from(objectives)
			.where(inArray(objectives.groupId, ids))
			.groupBy(objectives.groupId),
		db
			.select({
				groupId: actions.groupId,
				done: sql<number>`count(*) filter (where ${actions.status} = 'done')::int`,
				open: sql<number>`count(*) filter (where ${actions.status} in ('open', 'in_progress', 'blocked'))::int`,
				overdue: sql<number>`count(*) filter (where ${actions.status} in ('open', 'in_progress', 'blocked') and ${actions.dueDate} < ${today})::int`
			})
			.from(actions)
			.where(inArray(actions.groupId, ids))
			.groupBy(actions.groupId),
		db
			.select({
				groupId: meetings.groupId,
				held: sql<number>`count(*) filter (where ${meetings.status} in ('held', 'published') and ${meetings.startsAt} >= ${monthStart} and ${meetings.startsAt} < ${monthEnd})::int`,
				next: sql<
					string | null
				>`min(${meetings.startsAt}) filter (where ${meetings.status} = 'planned' and ${meetings.startsAt} > ${now.toISOString()}::timestamptz)`
			})
			.from(meetings)
			.where(inArray(meetings.groupId, ids))
			.groupBy(meetings.groupId),
		db
			.select({
				groupId: actions.groupId,
				month: parisMonth(actions.closedAt),
				n: sql<number>`count(*)::int`
			})
			.from(actions)
			.where(
				and(
					inArray(actions.groupId, ids),
					eq(actions.status, 'done'),
					sql`${actions.closedAt} >= ${trendStart}`,
					sql`${actions.closedAt} < ${monthEnd}`
				)
			)
			.groupBy(actions.groupId, parisMonth(actions.closedAt)),
		lastActivity(ids, now),
		latestByGroup(ids, filters.month)
	]);

	const goals = new Map(goalRows.map((r) => [r.groupId, r]));
	const work = new Map(actionRows.map((r) => [r.groupId, r]));
	const schedule = new Map(meetingRows.map((r) => [r.groupId, r]));
	const trends = new Map<string, number[]>();
	for (const row of trendRows) {
		const series = trends.get(row.groupId) ?? months.map(() => 0);
		const index = months.indexOf(row.month);
		if (index >= 0) series[index] = row.n;
		trends.set(row.groupId, series);
	}

	const rows: GroupRow[] = shown.map((group) => {
		const latest = weathers.get(group.id) ?? null;
		const last = activityRows.get(group.id) ?? null;
		const days = last ? Math.floor((now.getTime() - last.getTime()) / 86_400_000) : null;
		const counts = work.get(group.id) ?? { done: 0, open: 0, overdue: 0 };
		const { reasons, attention } = attentionOf({
			weather: latest?.weather ?? null,
			overdue: counts.overdue,
			daysSinceActivity: days
		});
		const meeting = schedule.get(group.id);
		const goal = goals.get(group.id);
		return {
			...group,
			weather: latest?.weather ?? null,
			weatherPeriod: latest?.period ?? null,
			objectives: { achieved: goal?.achieved ?? 0, total: goal?.total ?? 0 },
			actions: { done: counts.done, open: counts.open, overdue: counts.overdue },
			meetingsHeld: meeting?.held ?? 0,
			nextMeeting: meeting?.next ? new Date(meeting.next) : null,
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

/** When something last happened in each group: its activity log, messages, documents, actions. */
async function lastActivity(ids: string[], now: Date): Promise<Map<string, Date>> {
	const sources = await Promise.all([
		db
			.select({ groupId: activity.groupId, at: sql<string>`max(${activity.createdAt})` })
			.from(activity)
			.where(inArray(activity.groupId, ids))
			.groupBy(activity.groupId),
		db
			.select({ groupId: threads.groupId, at: sql<string>`max(${threadMessages.createdAt})` })
			.from(threadMessages)
			.innerJoin(threads, eq(threads.id, threadMessages.threadId))
			.where(inArray(threads.groupId, ids))
			.groupBy(threads.groupId),
		db
			.select({ groupId: documents.groupId, at: sql<string>`max(${documents.lastEditedAt})` })
			.from(documents)
			.where(inArray(documents.groupId, ids))
			.groupBy(documents.groupId),
		db
			.select({ groupId: actions.groupId, at: sql<string>`max(${actions.updatedAt})` })
			.from(actions)
			.where(inArray(actions.groupId, ids))
			.groupBy(actions.groupId)
	]);
	const latest = new Map<string, Date>();
	for (const row of sources.flat()) {
		if (!row.groupId || !row.at) continue;
		// Something dated in the future (a document of a meeting to come) is not activity yet.
		const at = new Date(Math.min(new Date(row.at).getTime(), now.getTime()));
		const known = latest.get(row.groupId);
		if (!known || at > known) latest.set(row.groupId, at);
	}
	return latest;
}

/**
 * The network's figures per month for the charts, over the groups shown: actions opened and
 * done, meetings held and the attendance recorded, and each organisation's part (meetings
 * attended by its people, actions its people own).
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
	const start = parisMonthStart(months[0]);
	const end = parisMonthStart(addMonths(filters.month, 1));
	const [opened, closed, held, orgAttendance, orgActions] = await Promise.all([
		db
			.select({ month: parisMonth(actions.createdAt), n: sql<number>`count(*)::int` })
			.from(actions)
			.where(
				and(
					inArray(actions.groupId, groupIds),
					sql`${actions.createdAt} >= ${start}`,
					sql`${actions.createdAt} < ${end}`
				)
			)
			.groupBy(parisMonth(actions.createdAt)),
		db
			.select({ month: parisMonth(actions.closedAt), n: sql<number>`count(*)::int` })
			.from(actions)
			.where(
				and(
					inArray(actions.groupId, groupIds),
					eq(actions.status, 'done'),
					sql`${actions.closedAt} >= ${start}`,
					sql`${actions.closedAt} < ${end}`
				)
			)
			.groupBy(parisMonth(actions.closedAt)),
		db
			.select({
				month: parisMonth(meetings.startsAt),
				meetings: sql<number>`count(distinct ${meetings.id})::int`,
				present: sql<number>`count(${meetingAttendees.userId}) filter (where ${meetingAttendees.attendance} = 'present')::int`,
				recorded: sql<number>`count(${meetingAttendees.attendance})::int`
			})
			.from(meetings)
			.leftJoin(meetingAttendees, eq(meetingAttendees.meetingId, meetings.id))
			.where(
				and(
					inArray(meetings.groupId, groupIds),
					inArray(meetings.status, ['held', 'published']),
					sql`${meetings.startsAt} >= ${start}`,
					sql`${meetings.startsAt} < ${end}`
				)
			)
			.groupBy(parisMonth(meetings.startsAt)),
		db
			.select({
				id: organisations.id,
				name: organisations.name,
				n: sql<number>`count(*)::int`
			})
			.from(meetingAttendees)
			.innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
			.innerJoin(users, eq(users.id, meetingAttendees.userId))
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(
				and(
					inArray(meetings.groupId, groupIds),
					eq(meetingAttendees.attendance, 'present'),
					sql`${meetings.startsAt} >= ${start}`,
					sql`${meetings.startsAt} < ${end}`
				)
			)
			.groupBy(organisations.id, organisations.name),
		db
			.select({
				id: organisations.id,
				name: organisations.name,
				n: sql<number>`count(*)::int`
			})
			.from(actions)
			.innerJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
			.where(
				and(
					inArray(actions.groupId, groupIds),
					sql`${actions.createdAt} >= ${start}`,
					sql`${actions.createdAt} < ${end}`
				)
			)
			.groupBy(organisations.id, organisations.name)
	]);
	const perMonth = (rows: { month: string; n: number }[]) => {
		const series = empty();
		for (const r of rows) {
			const i = months.indexOf(r.month);
			if (i >= 0) series[i] = r.n;
		}
		return series;
	};
	const meetingsSeries = empty();
	const attendance = months.map(() => null as number | null);
	for (const r of held) {
		const i = months.indexOf(r.month);
		if (i < 0) continue;
		meetingsSeries[i] = r.meetings;
		attendance[i] = r.recorded ? Math.round((100 * r.present) / r.recorded) : null;
	}
	const byOrg = new Map<string, { id: string; name: string; attended: number; owned: number }>();
	for (const r of orgAttendance)
		byOrg.set(r.id, { id: r.id, name: r.name, attended: r.n, owned: 0 });
	for (const r of orgActions) {
		const entry = byOrg.get(r.id) ?? { id: r.id, name: r.name, attended: 0, owned: 0 };
		entry.owned = r.n;
		byOrg.set(r.id, entry);
	}
	const collator = new Intl.Collator('fr');
	return {
		months,
		opened: perMonth(opened),
		closed: perMonth(closed),
		meetings: meetingsSeries,
		attendance,
		organisations: [...byOrg.values()]
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

import { and, asc, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { Locale, MessageKey } from '$lib/i18n';
import { addAttendance, noAttendance, type Attendance } from '$lib/figures';
import { addMonths, isMonth, monthOf, quarterOf } from '$lib/months';
import { decisionsHtml } from '$lib/richtext/decisions';
import { localiseHtml } from '$lib/richtext/document';
import { db } from '$lib/server/db';
import {
	actions,
	decisions,
	checkIns,
	documentVersions,
	groups,
	meetingAttendees,
	meetings,
	organisations,
	users,
	weathers,
	type GroupStatus,
	type Weather
} from '$lib/server/db/schema';
import { parisLocalToDate, todayInParis } from '../dates';
import { eventsOfMonth, type EventComparison } from '../events/totals';
import { forbidden } from '../errors';
import { can, type Actor } from '../policy';

/**
 * The monthly report: what each group did in a calendar month (Paris time) — meetings held with
 * their attendance and the decisions of their published minutes, the decisions of its register,
 * actions closed, the group's check-in — the network's totals, and its open-house events. Seven
 * queries whatever the size of the network, and one more per open-house event (its previous
 * edition).
 */

/** Closed actions listed by name per group; the rest are counted. */
export const CLOSED_LISTED = 12;

export type MonthChoice = { ok: true; month: string } | { ok: false; key: MessageKey };

/**
 * The month asked for in `?mois=`: last month when none is given (the last complete one), refused
 * when it is not a month or has not begun yet.
 */
export function parseMonth(value: string | null, today = todayInParis()): MonthChoice {
	const current = monthOf(today);
	if (value === null || value.trim() === '') return { ok: true, month: addMonths(current, -1) };
	const month = value.trim();
	if (!isMonth(month)) return { ok: false, key: 'report.month_invalid' };
	if (month > current) return { ok: false, key: 'report.month_future' };
	return { ok: true, month };
}

/** The instants the month begins and ends at, in Paris. */
export function monthBounds(month: string): { from: Date; to: Date } {
	return {
		from: parisLocalToDate(`${month}-01T00:00`)!,
		to: parisLocalToDate(`${addMonths(month, 1)}-01T00:00`)!
	};
}

export interface ReportMeeting {
	id: string;
	title: string;
	startsAt: Date;
	attendance: Attendance;
	/** The "Décisions" part of the published minutes; null while the minutes are not published. */
	decisions: string | null;
}

export interface ReportCheckIn {
	period: string;
	weather: Weather;
	moved: string;
	blocks: string;
	help: string;
	author: string | null;
}

export interface GroupReport {
	id: string;
	slug: string;
	name: string;
	color: string;
	status: GroupStatus;
	meetings: ReportMeeting[];
	attendance: Attendance;
	closed: {
		total: number;
		listed: {
			id: string;
			title: string;
			closedAt: Date;
			owner: string | null;
			organisation: string | null;
		}[];
	};
	checkIn: ReportCheckIn | null;
	/** The decisions of the register dated in the month (outcomes of proposals, recorded ones). */
	decided: { id: string; title: string; decidedOn: string; change: 'revises' | 'revokes' | null }[];
}

export interface MonthlyReport {
	month: string;
	generatedAt: Date;
	totals: {
		groups: number;
		meetings: number;
		attendance: Attendance;
		closed: number;
		checkIns: number;
		decided: number;
		weather: Record<Weather, number>;
	};
	groups: GroupReport[];
	/** The open-house events held in the month or taking registrations, beside their last edition. */
	events: EventComparison[];
}

const HELD = ['held', 'published'] as const;

/** The meetings held in the month, in order, with the attendance recorded at each. */
async function meetingsOf(from: Date, to: Date) {
	const held = await db
		.select({
			id: meetings.id,
			groupId: meetings.groupId,
			title: meetings.title,
			startsAt: meetings.startsAt,
			minutes: documentVersions.html
		})
		.from(meetings)
		.leftJoin(documentVersions, eq(documentVersions.id, meetings.minutesVersionId))
		.where(
			and(
				gte(meetings.startsAt, from),
				lt(meetings.startsAt, to),
				inArray(meetings.status, [...HELD])
			)
		)
		.orderBy(asc(meetings.startsAt));
	if (held.length === 0) return [held, []] as const;
	// By the meetings' ids, so that only their attendees are read (through the primary key),
	// not every attendance of the network.
	const attendance = await db
		.select({
			meetingId: meetingAttendees.meetingId,
			present: sql<number>`(count(*) filter (where ${meetingAttendees.attendance} = 'present'))::int`,
			excused: sql<number>`(count(*) filter (where ${meetingAttendees.attendance} = 'excused'))::int`,
			absent: sql<number>`(count(*) filter (where ${meetingAttendees.attendance} = 'absent'))::int`
		})
		.from(meetingAttendees)
		.where(
			and(
				inArray(
					meetingAttendees.meetingId,
					held.map((m) => m.id)
				),
				isNotNull(meetingAttendees.attendance)
			)
		)
		.groupBy(meetingAttendees.meetingId);
	return [held, attendance] as const;
}

/** The actions closed as done in the month: the first CLOSED_LISTED of each group, and its total. */
function closedIn(from: Date, to: Date) {
	const ranked = db
		.select({
			id: actions.id,
			groupId: actions.groupId,
			title: actions.title,
			closedAt: actions.closedAt,
			ownerId: actions.ownerId,
			organisationId: actions.ownerOrganisationId,
			rank: sql<number>`(row_number() over (partition by ${actions.groupId} order by ${actions.closedAt}, ${actions.id}))::int`.as(
				'rank'
			),
			total: sql<number>`(count(*) over (partition by ${actions.groupId}))::int`.as('total')
		})
		.from(actions)
		.where(and(eq(actions.status, 'done'), gte(actions.closedAt, from), lt(actions.closedAt, to)))
		.as('ranked');
	// Names are looked up for the actions listed only, not for every action closed.
	return db
		.select({
			id: ranked.id,
			groupId: ranked.groupId,
			title: ranked.title,
			closedAt: ranked.closedAt,
			owner: users.name,
			organisation: organisations.name,
			total: ranked.total
		})
		.from(ranked)
		.leftJoin(users, eq(users.id, ranked.ownerId))
		.leftJoin(organisations, eq(organisations.id, ranked.organisationId))
		.where(lte(ranked.rank, CLOSED_LISTED))
		.orderBy(asc(ranked.closedAt), asc(ranked.id));
}

/** Check-ins of the month, or of its quarter when the network answers them quarterly. */
function checkInsOf(month: string) {
	return db
		.select({
			groupId: checkIns.groupId,
			period: checkIns.period,
			weather: checkIns.weather,
			moved: checkIns.moved,
			blocks: checkIns.blocks,
			help: checkIns.help,
			author: users.name
		})
		.from(checkIns)
		.leftJoin(users, eq(users.id, checkIns.authorId))
		.where(inArray(checkIns.period, [month, quarterOf(month)]));
}

/** The register's decisions dated in the month, in order. */
function decidedIn(month: string) {
	return db
		.select({
			id: decisions.id,
			groupId: decisions.groupId,
			title: decisions.title,
			decidedOn: decisions.decidedOn,
			change: decisions.change
		})
		.from(decisions)
		.where(
			and(
				gte(decisions.decidedOn, `${month}-01`),
				lt(decisions.decidedOn, `${addMonths(month, 1)}-01`)
			)
		)
		.orderBy(asc(decisions.decidedOn), asc(decisions.createdAt));
}

async function build(month: string, locale: Locale): Promise<MonthlyReport> {
	const { from, to } = monthBounds(month);
	const [allGroups, [held, attendance], closed, answers, decided, openHouses] = await Promise.all([
		db
			.select({
				id: groups.id,
				slug: groups.slug,
				name: groups.name,
				color: groups.color,
				status: groups.status
			})
			.from(groups),
		meetingsOf(from, to),
		closedIn(from, to),
		checkInsOf(month),
		decidedIn(month),
		eventsOfMonth(month, to)
	]);
	const attendanceOf = new Map(attendance.map(({ meetingId, ...a }) => [meetingId, a]));
	const reports = new Map<string, GroupReport>(
		allGroups.map((g) => [
			g.id,
			{
				...g,
				meetings: [],
				attendance: noAttendance(),
				closed: { total: 0, listed: [] },
				checkIn: null,
				decided: []
			}
		])
	);
	for (const m of held) {
		const group = reports.get(m.groupId)!;
		const a = attendanceOf.get(m.id) ?? noAttendance();
		group.meetings.push({
			id: m.id,
			title: m.title,
			startsAt: m.startsAt,
			attendance: a,
			decisions: m.minutes === null ? null : localiseHtml(decisionsHtml(m.minutes), locale)
		});
		group.attendance = addAttendance(group.attendance, a);
	}
	for (const { groupId, total, closedAt, ...action } of closed) {
		const group = reports.get(groupId)!;
		group.closed.total = total;
		group.closed.listed.push({ ...action, closedAt: closedAt! });
	}
	for (const { groupId, ...decision } of decided) reports.get(groupId)!.decided.push(decision);
	for (const { groupId, ...answer } of answers) {
		const group = reports.get(groupId)!;
		// A monthly answer says more about the month than the quarter's.
		if (!group.checkIn || answer.period === month) group.checkIn = answer;
	}
	const collator = new Intl.Collator(locale);
	const shown = [...reports.values()]
		.filter(
			(g) =>
				g.status !== 'archived' ||
				g.meetings.length ||
				g.closed.total ||
				g.decided.length ||
				g.checkIn !== null
		)
		.sort((a, b) => collator.compare(a.name, b.name));
	const weather = Object.fromEntries(weathers.map((w) => [w, 0])) as Record<Weather, number>;
	for (const g of shown) if (g.checkIn) weather[g.checkIn.weather]++;
	return {
		month,
		generatedAt: new Date(),
		totals: {
			groups: shown.length,
			meetings: held.length,
			attendance: shown.reduce((t, g) => addAttendance(t, g.attendance), noAttendance()),
			closed: shown.reduce((t, g) => t + g.closed.total, 0),
			checkIns: shown.filter((g) => g.checkIn).length,
			decided: shown.reduce((t, g) => t + g.decided.length, 0),
			weather
		},
		groups: shown,
		events: openHouses
	};
}

/** The report of `month` (YYYY-MM, already parsed) for a director, the coordination or an admin. */
export async function monthly(actor: Actor, month: string, locale: Locale) {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	return build(month, locale);
}

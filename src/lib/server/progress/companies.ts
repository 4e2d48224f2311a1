import { and, eq, gte, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
	addAttendance,
	noActions,
	noAttendance,
	type ActionFigures,
	type Attendance
} from '$lib/figures';
import { db } from '$lib/server/db';
import {
	actions,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	organisations,
	users
} from '$lib/server/db/schema';
import { addDays, parisLocalToDate, todayInParis } from '../dates';
import { forbidden, notFound } from '../errors';
import { can, type Actor } from '../policy';

/**
 * What each organisation contributes to the network: its people's attendance at the meetings
 * held over the last twelve months, and the actions given to its people (counted for the
 * organisation they worked for when the action was given). Every figure comes from a few
 * grouped queries, whatever the number of groups or organisations.
 */

/** How far back attendance is counted. */
export const ATTENDANCE_DAYS = 365;

const OPEN = sql`('open', 'in_progress', 'blocked')`;
const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;

function attendanceColumns() {
	return {
		present: count(sql`${meetingAttendees.attendance} = 'present'`),
		excused: count(sql`${meetingAttendees.attendance} = 'excused'`),
		absent: count(sql`${meetingAttendees.attendance} = 'absent'`)
	};
}

function actionColumns(today: string) {
	return {
		owned: count(sql`${actions.status} <> 'cancelled'`),
		done: count(sql`${actions.status} = 'done'`),
		open: count(sql`${actions.status} in ${OPEN}`),
		overdue: count(sql`${actions.status} in ${OPEN} and ${actions.dueDate} < ${today}`)
	};
}

/** The window of attendance: the meetings held from a year ago (held ones are in the past). */
function attendanceWindow(today: string) {
	const since = addDays(today, -ATTENDANCE_DAYS);
	return { since, from: parisLocalToDate(`${since}T00:00`)! };
}

/** Attendance of the people of the organisation(s) at held meetings, grouped by `key`. */
function attendanceBy(key: AnyPgColumn, from: Date, organisationId?: string) {
	return db
		.select({ key: sql<string>`${key}`, ...attendanceColumns() })
		.from(meetingAttendees)
		.innerJoin(users, eq(users.id, meetingAttendees.userId))
		.innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
		.where(
			and(
				organisationId ? eq(users.organisationId, organisationId) : undefined,
				inArray(meetings.status, ['held', 'published']),
				gte(meetings.startsAt, from),
				isNotNull(meetingAttendees.attendance)
			)
		)
		.groupBy(key);
}

/** Actions given to the people of the organisation(s), grouped by `key`. */
function actionsBy(key: AnyPgColumn, today: string, organisationId?: string) {
	return db
		.select({ key: sql<string>`${key}`, ...actionColumns(today) })
		.from(actions)
		.where(
			organisationId
				? eq(actions.ownerOrganisationId, organisationId)
				: isNotNull(actions.ownerOrganisationId)
		)
		.groupBy(key);
}

const strip = <T extends { key: string }>({ key: _, ...rest }: T) => rest;

export interface OrganisationFigures {
	attendance: Attendance;
	actions: ActionFigures;
}

/** Every organisation's figures, by organisation id (organisations without any are absent). */
export async function overview(
	actor: Actor,
	today = todayInParis()
): Promise<Map<string, OrganisationFigures>> {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	const { from } = attendanceWindow(today);
	const [attendance, owned] = await Promise.all([
		attendanceBy(users.organisationId, from),
		actionsBy(actions.ownerOrganisationId, today)
	]);
	const map = new Map<string, OrganisationFigures>();
	const entry = (id: string) => {
		const found = map.get(id) ?? { attendance: noAttendance(), actions: noActions() };
		map.set(id, found);
		return found;
	};
	for (const row of attendance) entry(row.key).attendance = strip(row);
	for (const row of owned) entry(row.key).actions = strip(row);
	return map;
}

export interface GroupParticipation {
	id: string;
	slug: string;
	name: string;
	color: string;
	status: 'active' | 'paused' | 'archived';
	/** The organisation's active people in the group now, and how many of them lead it. */
	people: number;
	leads: number;
	attendance: Attendance;
	actions: ActionFigures;
}

/**
 * One organisation's participation: its figures, and the same figures group by group for every
 * group it takes part in now or did over the year (its people attended, or own actions there).
 */
export async function participation(actor: Actor, organisationId: string, today = todayInParis()) {
	if (!can(actor, 'dashboard.view')) throw forbidden();
	const [org] = await db
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.id, organisationId));
	if (!org) throw notFound();
	const { since, from } = attendanceWindow(today);
	const [members, attendance, owned] = await Promise.all([
		db
			.select({
				key: groupMembers.groupId,
				people: sql<number>`count(*)::int`,
				leads: count(sql`${groupMembers.role} = 'lead'`)
			})
			.from(groupMembers)
			.innerJoin(users, eq(users.id, groupMembers.userId))
			.where(and(eq(users.organisationId, organisationId), isNull(users.disabledAt)))
			.groupBy(groupMembers.groupId),
		attendanceBy(meetings.groupId, from, organisationId),
		actionsBy(actions.groupId, today, organisationId)
	]);
	const ids = [...new Set([...members, ...attendance, ...owned].map((r) => r.key))];
	const rows = ids.length
		? await db
				.select({
					id: groups.id,
					slug: groups.slug,
					name: groups.name,
					color: groups.color,
					status: groups.status
				})
				.from(groups)
				.where(inArray(groups.id, ids))
		: [];
	const byKey = <T extends { key: string }>(list: T[]) => new Map(list.map((r) => [r.key, r]));
	const [m, a, o] = [byKey(members), byKey(attendance), byKey(owned)];
	const collator = new Intl.Collator('fr');
	const perGroup: GroupParticipation[] = rows
		.map((g) => ({
			...g,
			people: m.get(g.id)?.people ?? 0,
			leads: m.get(g.id)?.leads ?? 0,
			attendance: a.has(g.id) ? strip(a.get(g.id)!) : noAttendance(),
			actions: o.has(g.id) ? strip(o.get(g.id)!) : noActions()
		}))
		.sort((x, y) => collator.compare(x.name, y.name));
	return {
		since,
		attendance: perGroup.reduce((t, g) => addAttendance(t, g.attendance), noAttendance()),
		actions: perGroup.reduce(
			(t, g) => ({
				owned: t.owned + g.actions.owned,
				done: t.done + g.actions.done,
				open: t.open + g.actions.open,
				overdue: t.overdue + g.actions.overdue
			}),
			noActions()
		),
		groups: perGroup
	};
}

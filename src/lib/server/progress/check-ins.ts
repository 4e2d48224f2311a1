import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	checkIns,
	groupMembers,
	groups,
	reminderLog,
	users,
	weathers,
	type CheckIn
} from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { todayInParis } from '../dates';
import { forbidden } from '../errors';
import { access as groupAccess } from '../groups';
import * as mail from '../mail';
import { can, type Actor } from '../policy';
import { deliveryOf } from '../preferences';
import { CHECK_IN_PERIOD_KEY, getSetting } from '../settings';

/** How often groups check in: every month (the default) or every quarter. */
export const checkInPeriods = ['month', 'quarter'] as const;
export type CheckInPeriod = (typeof checkInPeriods)[number];
export const CHECK_IN_PERIOD = CHECK_IN_PERIOD_KEY;

export async function periodSetting(): Promise<CheckInPeriod> {
	const value = await getSetting<string>(CHECK_IN_PERIOD_KEY);
	return value === 'quarter' ? 'quarter' : 'month';
}

/** The period a day falls in: '2026-11' for a month, '2026-Q4' for a quarter. */
export function periodOf(isoDay: string, kind: CheckInPeriod): string {
	const [year, month] = isoDay.split('-').map(Number);
	return kind === 'quarter'
		? `${year}-Q${Math.floor((month - 1) / 3) + 1}`
		: `${year}-${String(month).padStart(2, '0')}`;
}

/** The first and last day of a period (ISO dates). */
export function periodBounds(period: string): { first: string; last: string } {
	const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
	const [year, firstMonth, months] = quarter
		? [Number(quarter[1]), (Number(quarter[2]) - 1) * 3 + 1, 3]
		: [Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1];
	const end = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
	return {
		first: `${year}-${String(firstMonth).padStart(2, '0')}-01`,
		last: end.toISOString().slice(0, 10)
	};
}

/**
 * The first month of a check-in's period ('2026-Q4' → '2026-10'), so that monthly and quarterly
 * periods compare and sort by when they start (as text, '2026-Q1' would sort after '2026-12').
 */
export const periodStart = sql<string>`case when ${checkIns.period} like '%-Q%' then substr(${checkIns.period}, 1, 5) || lpad((substr(${checkIns.period}, 7, 1)::int * 3 - 2)::text, 2, '0') else ${checkIns.period} end`;

/** Newest period first; between a month and the quarter it starts, the latest answer. */
export const newestFirst = [desc(periodStart), desc(checkIns.updatedAt)];

/** Leads are reminded during the last days of a period if their group has not checked in. */
export const REMIND_DAYS_BEFORE_END = 10;

const text = (max: number) =>
	z.string().trim().max(max, 'validation.too_long').optional().default('');
export const checkInSchema = z.object({
	weather: z.enum(weathers, 'check_in.weather_required'),
	moved: text(2000),
	blocks: text(2000),
	help: text(2000)
});
export type CheckInInput = z.output<typeof checkInSchema>;

/**
 * A lead's (or the coordination's) check-in for the current period. Answering again in the same
 * period corrects the answer rather than adding another.
 */
export async function submit(
	actor: Actor,
	groupId: string,
	input: CheckInInput,
	now = new Date()
): Promise<CheckIn> {
	const { context, group } = await groupAccess(actor, groupId);
	if (!can(actor, 'group.check_in', context)) throw forbidden();
	const period = periodOf(todayInParis(now), await periodSetting());
	return db.transaction(async (tx) => {
		const [previous] = await tx
			.select()
			.from(checkIns)
			.where(and(eq(checkIns.groupId, groupId), eq(checkIns.period, period)));
		const [saved] = await tx
			.insert(checkIns)
			.values({ groupId, period, authorId: actor!.id, ...input, createdAt: now, updatedAt: now })
			.onConflictDoUpdate({
				target: [checkIns.groupId, checkIns.period],
				set: { ...input, authorId: actor!.id, updatedAt: now }
			})
			.returning();
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'check_in',
			subjectId: saved.id,
			verb: previous ? 'updated' : 'created',
			label: period,
			before: previous ? { weather: previous.weather } : null,
			after: { weather: input.weather }
		});
		return saved;
	});
}

/** The group's check-ins, newest period first, with who answered. */
export async function history(actor: Actor, groupId: string, limit = 24) {
	await groupAccess(actor, groupId);
	return db
		.select({
			id: checkIns.id,
			period: checkIns.period,
			weather: checkIns.weather,
			moved: checkIns.moved,
			blocks: checkIns.blocks,
			help: checkIns.help,
			updatedAt: checkIns.updatedAt,
			author: users.name
		})
		.from(checkIns)
		.leftJoin(users, eq(users.id, checkIns.authorId))
		.where(eq(checkIns.groupId, groupId))
		.orderBy(...newestFirst)
		.limit(limit);
}

/** The current period and whether the group has answered it. */
export async function current(groupId: string, now = new Date()) {
	const period = periodOf(todayInParis(now), await periodSetting());
	const [row] = await db
		.select({ id: checkIns.id })
		.from(checkIns)
		.where(and(eq(checkIns.groupId, groupId), eq(checkIns.period, period)));
	return { period, answered: !!row };
}

/**
 * Reminds the leads of active groups that have not checked in, during the last days of the
 * period: one e-mail per lead and period, however often the job runs, and only to those who
 * chose to hear about check-ins at once (the others find it in their digest).
 */
export async function remindLeads(origin: string, now = new Date()): Promise<number> {
	const today = todayInParis(now);
	const period = periodOf(today, await periodSetting());
	const { first, last } = periodBounds(period);
	const daysLeft = Math.round((Date.parse(last) - Date.parse(today)) / 86_400_000);
	if (daysLeft >= REMIND_DAYS_BEFORE_END) return 0;
	const pending = await db
		.select({
			groupId: groups.id,
			group: groups.name,
			slug: groups.slug,
			userId: users.id,
			email: users.email,
			name: users.name,
			locale: users.locale
		})
		.from(groups)
		.innerJoin(
			groupMembers,
			and(eq(groupMembers.groupId, groups.id), eq(groupMembers.role, 'lead'))
		)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.leftJoin(checkIns, and(eq(checkIns.groupId, groups.id), eq(checkIns.period, period)))
		.where(and(eq(groups.status, 'active'), isNull(checkIns.id), isNull(users.disabledAt)));
	const byLead = new Map<string, typeof pending>();
	for (const row of pending) byLead.set(row.userId, [...(byLead.get(row.userId) ?? []), row]);
	let sent = 0;
	for (const [userId, rows] of byLead) {
		if ((await deliveryOf(userId, 'check_in')) !== 'immediate') continue;
		const locale: Locale = rows[0].locale ?? 'fr';
		// Claimed in the transaction that writes the message: never one without the other.
		const queued = await db.transaction(async (tx) => {
			const claimed = await tx
				.insert(reminderLog)
				.values({ userId, day: first, kind: 'check_in' })
				.onConflictDoNothing()
				.returning({ userId: reminderLog.userId });
			if (claimed.length === 0) return null;
			return mail.queue(tx, {
				to: rows[0].email,
				kind: 'check_in_reminder',
				subject: translate(locale, 'mail.check_in.subject', { count: rows.length }),
				text: translate(locale, 'mail.check_in.body', {
					name: rows[0].name,
					list: rows.map((r) => `• ${r.group} : ${origin}/groupes/${r.slug}/bilans`).join('\n'),
					last: new Date(`${last}T12:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' })
				})
			});
		});
		if (!queued) continue;
		await mail.deliver(queued);
		sent++;
	}
	return sent;
}

/**
 * The latest check-in of each of the given groups, up to a month (inclusive): a quarter counts
 * from its first month, so the quarter in progress is the latest.
 */
export async function latestByGroup(groupIds: string[], upTo?: string) {
	const latest = new Map<string, { period: string; weather: CheckIn['weather'] }>();
	if (groupIds.length === 0) return latest;
	const rows = await db
		.selectDistinctOn([checkIns.groupId], {
			groupId: checkIns.groupId,
			period: checkIns.period,
			weather: checkIns.weather
		})
		.from(checkIns)
		.where(
			and(inArray(checkIns.groupId, groupIds), upTo ? sql`${periodStart} <= ${upTo}` : undefined)
		)
		.orderBy(checkIns.groupId, ...newestFirst);
	for (const row of rows) latest.set(row.groupId, { period: row.period, weather: row.weather });
	return latest;
}

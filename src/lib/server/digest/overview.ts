import { and, eq, gte, inArray, isNotNull, lt, ne, notExists, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import {
	actions,
	checkIns,
	decisions,
	groupMembers,
	groups,
	meetings,
	threadMessages,
	threads,
	users,
	type Weather
} from '$lib/server/db/schema';
import { newestFirst, periodOf, periodSetting } from '../progress/check-ins';
import { attentionOf } from '../progress/dashboard';
import { addDays, parisLocalToDate } from '../dates';
import type { AtRiskGroup, LeadPart, NetworkPart, QuestionItem } from './compose';
import type { Period } from './periods';

/**
 * A thread nobody has answered is an open question for its group's leads once it has waited two
 * whole days, and until it is a month old (past that it is no longer a question, only a trace).
 */
export const QUESTION_WAIT_DAYS = 2;
export const QUESTION_MAX_DAYS = 30;

const OPEN = ['open', 'in_progress', 'blocked'] as const;
const asker = alias(users, 'asker');
const reply = alias(threadMessages, 'reply');
const collator = new Intl.Collator('fr');

/**
 * What each lead hears about the active groups they lead: the check-in of the current period
 * not answered yet, and the questions nobody answered (threads without any reply, asked by
 * someone else than this lead).
 */
export async function leadParts(leadIds: string[], period: Period): Promise<Map<string, LeadPart>> {
	const result = new Map<string, LeadPart>();
	if (leadIds.length === 0) return result;
	const led = await db
		.select({
			userId: groupMembers.userId,
			groupId: groups.id,
			group: groups.name,
			groupSlug: groups.slug
		})
		.from(groupMembers)
		.innerJoin(groups, eq(groups.id, groupMembers.groupId))
		.where(
			and(
				inArray(groupMembers.userId, leadIds),
				eq(groupMembers.role, 'lead'),
				eq(groups.status, 'active')
			)
		)
		.orderBy(frenchOrder(groups.name));
	if (led.length === 0) return result;
	const groupIds = [...new Set(led.map((l) => l.groupId))];
	// The period of the check-ins as the network has them: a month, or a quarter.
	const currentPeriod = periodOf(period.today, await periodSetting());
	const midnight = (day: string) => parisLocalToDate(`${day}T00:00`)!;
	const [answered, questions] = await Promise.all([
		db
			.select({ groupId: checkIns.groupId })
			.from(checkIns)
			.where(and(inArray(checkIns.groupId, groupIds), eq(checkIns.period, currentPeriod))),
		db
			.select({
				threadId: threads.id,
				thread: threads.title,
				groupId: threads.groupId,
				authorId: threads.authorId,
				author: asker.name,
				createdAt: threads.createdAt
			})
			.from(threads)
			.leftJoin(asker, eq(asker.id, threads.authorId))
			.where(
				and(
					inArray(threads.groupId, groupIds),
					eq(threads.locked, false),
					lt(threads.createdAt, midnight(addDays(period.today, -QUESTION_WAIT_DAYS))),
					gte(threads.createdAt, midnight(addDays(period.today, -QUESTION_MAX_DAYS))),
					notExists(
						db
							.select({ one: sql`1` })
							.from(reply)
							.where(
								and(eq(reply.threadId, threads.id), sql`${reply.createdAt} > ${threads.createdAt}`)
							)
					)
				)
			)
			.orderBy(threads.createdAt)
	]);
	const done = new Set(answered.map((a) => a.groupId));
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
	for (const l of led) {
		const part = result.get(l.userId) ?? {
			checkInPeriod: currentPeriod,
			checkInsDue: [],
			openQuestions: []
		};
		if (!done.has(l.groupId)) part.checkInsDue.push({ group: l.group, groupSlug: l.groupSlug });
		part.openQuestions.push(
			...questions
				.filter((q) => q.groupId === l.groupId && q.authorId !== l.userId)
				.map((q): QuestionItem => ({
					threadId: q.threadId,
					thread: q.thread,
					group: l.group,
					groupSlug: l.groupSlug,
					author: q.author,
					askedOn: day.format(q.createdAt)
				}))
		);
		result.set(l.userId, part);
	}
	return result;
}

const severity = (g: AtRiskGroup) =>
	g.weather === 'off_track' ? 2 : g.weather === 'at_risk' ? 1 : 0;

/**
 * The network as the dashboard shows it, for its readers: the active groups that need attention
 * (by the dashboard's `attentionOf`: a worrying check-in, or several signs together), most
 * worrying first, and what changed during the period (check-ins given or corrected, actions
 * done, meetings held, decisions recorded).
 */
export async function networkPart(period: Period): Promise<NetworkPart> {
	const active = eq(groups.status, 'active');
	const inWindow = (column: AnyPgColumn) => and(gte(column, period.from), lt(column, period.to));
	const [activeGroups, latest, overdue, changed, done, held, decided] = await Promise.all([
		db
			.select({ id: groups.id, group: groups.name, groupSlug: groups.slug })
			.from(groups)
			.where(active),
		db
			.selectDistinctOn([checkIns.groupId], {
				groupId: checkIns.groupId,
				weather: checkIns.weather,
				period: checkIns.period
			})
			.from(checkIns)
			.orderBy(checkIns.groupId, ...newestFirst),
		db
			.select({ groupId: actions.groupId, n: sql<number>`count(*)::int` })
			.from(actions)
			.where(
				and(
					inArray(actions.status, [...OPEN]),
					isNotNull(actions.dueDate),
					lt(actions.dueDate, period.today)
				)
			)
			.groupBy(actions.groupId),
		db
			.select({
				group: groups.name,
				groupSlug: groups.slug,
				weather: checkIns.weather,
				period: checkIns.period
			})
			.from(checkIns)
			.innerJoin(groups, eq(groups.id, checkIns.groupId))
			.where(and(active, inWindow(checkIns.updatedAt)))
			.orderBy(checkIns.updatedAt),
		db
			.select({ n: sql<number>`count(*)::int` })
			.from(actions)
			.innerJoin(groups, eq(groups.id, actions.groupId))
			.where(and(active, eq(actions.status, 'done'), inWindow(actions.closedAt))),
		db
			.select({ n: sql<number>`count(*)::int` })
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.where(and(active, ne(meetings.status, 'cancelled'), inWindow(meetings.startsAt))),
		db
			.select({
				id: decisions.id,
				title: decisions.title,
				group: groups.name,
				groupSlug: groups.slug
			})
			.from(decisions)
			.innerJoin(groups, eq(groups.id, decisions.groupId))
			.where(and(active, inWindow(decisions.createdAt)))
			.orderBy(decisions.createdAt)
	]);
	const weatherOf = new Map(latest.map((l) => [l.groupId, l]));
	const overdueOf = new Map(overdue.map((o) => [o.groupId, o.n]));
	const atRisk = activeGroups
		// The dashboard's rule (without the quiet weeks, which the digest does not measure).
		.filter(
			(g) =>
				attentionOf({
					weather: weatherOf.get(g.id)?.weather ?? null,
					overdue: overdueOf.get(g.id) ?? 0
				}).needsAttention
		)
		.map((g): AtRiskGroup => {
			const last = weatherOf.get(g.id);
			const worrying = last && last.weather !== 'on_track' ? last : null;
			return {
				group: g.group,
				groupSlug: g.groupSlug,
				weather: (worrying?.weather as Exclude<Weather, 'on_track'>) ?? null,
				period: worrying?.period ?? null,
				overdue: overdueOf.get(g.id) ?? 0
			};
		})
		.sort(
			(a, b) =>
				severity(b) - severity(a) || b.overdue - a.overdue || collator.compare(a.group, b.group)
		);
	return {
		atRisk,
		checkIns: changed,
		actionsDone: done[0]?.n ?? 0,
		meetingsHeld: held[0]?.n ?? 0,
		decisions: decided
	};
}

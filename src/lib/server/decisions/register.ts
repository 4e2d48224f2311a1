import { aliasedTable, and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	actions,
	decisions,
	groups,
	meetings,
	polls,
	users,
	type Decision,
	type DecisionChange
} from '$lib/server/db/schema';
import { toPlainText } from '$lib/richtext/render';
import { isUuid } from '$lib/uuid';
import * as activityLog from '../activity';
import { forbidden, notFound, ServiceError } from '../errors';
import { access as groupAccess, listVisible } from '../groups';
import { afterAnswer } from '../jobs';
import { publish } from '../live';
import { can, type Actor } from '../policy';
import { todayInParis } from '../dates';
import { isOpen, pollAccess } from './access';
import { notifyDecided } from './notifications';
import type { DecisionInput, OutcomeInput } from './schema';

/** Whether a write failed on one of the decisions' unique indexes (named `name`). */
function violates(e: unknown, name: string): boolean {
	const error = e as {
		code?: string;
		constraint_name?: string;
		constraint?: string;
		cause?: unknown;
	};
	const inner = (error?.cause ?? error) as {
		code?: string;
		constraint_name?: string;
		constraint?: string;
	};
	return inner?.code === '23505' && (inner.constraint_name === name || inner.constraint === name);
}

/**
 * Writes a closed proposal's outcome: it becomes the group's decision, dated today. Once only:
 * the database keeps one decision per proposal. With `origin`, the group's members and leads
 * hear of it once the request is answered.
 */
export async function writeOutcome(
	actor: Actor,
	pollId: string,
	input: OutcomeInput,
	origin?: string
): Promise<Decision> {
	const { poll, manager } = await pollAccess(actor, pollId);
	if (!manager) throw forbidden();
	if (isOpen(poll)) throw new ServiceError('conflict', 'poll.still_open');
	try {
		const decision = await db.transaction(async (tx) => {
			const [created] = await tx
				.insert(decisions)
				.values({
					groupId: poll.groupId,
					title: input.title,
					body: input.body,
					bodyText: toPlainText(input.body),
					decidedOn: todayInParis(),
					pollId: poll.id,
					meetingId: poll.meetingId,
					recordedById: actor!.id
				})
				.returning();
			// The proposal's closing is recorded if time closed it.
			await tx
				.update(polls)
				.set({ closedAt: sql`coalesce(${polls.closedAt}, ${polls.closesAt})` })
				.where(eq(polls.id, poll.id));
			await activityLog.record(tx, {
				groupId: poll.groupId,
				actorId: actor!.id,
				subjectType: 'decision',
				subjectId: created.id,
				verb: 'created',
				label: created.title
			});
			return created;
		});
		publish({ type: 'decisions', groupId: poll.groupId });
		if (origin)
			afterAnswer('Decision notifications', () => notifyDecided(decision, actor!.id, origin));
		return decision;
	} catch (e) {
		if (violates(e, 'decisions_poll_idx'))
			throw new ServiceError('conflict', 'poll.already_decided');
		throw e;
	}
}

/**
 * Records a decision taken elsewhere (in a meeting, named), or one that revises or revokes an
 * earlier decision of the group. An earlier decision is revised once: a second revision refers to
 * the first one's reviser, so the chain stays a line.
 */
export async function recordDecision(
	actor: Actor,
	groupId: string,
	input: DecisionInput
): Promise<Decision> {
	const { group, context } = await groupAccess(actor, groupId);
	if (!can(actor, 'decision.record', context)) throw forbidden();
	if (input.decidedOn > todayInParis())
		throw new ServiceError('invalid', 'decisions.in_the_future', 'decidedOn');
	if (input.meeting) {
		const [meeting] = await db
			.select({ groupId: meetings.groupId })
			.from(meetings)
			.where(eq(meetings.id, input.meeting));
		if (meeting?.groupId !== group.id)
			throw new ServiceError('invalid', 'error.not_found', 'meeting');
	}
	if (input.refersTo) {
		const [earlier] = await db
			.select({ groupId: decisions.groupId })
			.from(decisions)
			.where(eq(decisions.id, input.refersTo));
		if (earlier?.groupId !== group.id)
			throw new ServiceError('invalid', 'error.not_found', 'refersTo');
	}
	try {
		const decision = await db.transaction(async (tx) => {
			const [created] = await tx
				.insert(decisions)
				.values({
					groupId: group.id,
					title: input.title,
					body: input.body,
					bodyText: toPlainText(input.body),
					decidedOn: input.decidedOn,
					meetingId: input.meeting,
					refersToId: input.refersTo,
					change: input.refersTo ? input.change : null,
					recordedById: actor!.id
				})
				.returning();
			await activityLog.record(tx, {
				groupId: group.id,
				actorId: actor!.id,
				subjectType: 'decision',
				subjectId: created.id,
				verb: input.change ?? 'created',
				label: created.title
			});
			return created;
		});
		publish({ type: 'decisions', groupId: group.id });
		return decision;
	} catch (e) {
		if (violates(e, 'decisions_refers_to_idx'))
			throw new ServiceError('conflict', 'decisions.already_revised', 'refersTo');
		throw e;
	}
}

/** Where a decision stands: in force, or revised or revoked by a later one. */
export type DecisionStatus = 'in_force' | 'revised' | 'revoked';

/** The later decision that refers to this one, if any (the unique index allows one). */
const laterOf = (column: 'id' | 'change') =>
	sql.raw(`(select l.${column} from decisions l where l.refers_to_id = "decisions"."id")`);

/** The columns the registers show of each decision. */
const registerColumns = {
	id: decisions.id,
	groupId: decisions.groupId,
	groupName: groups.name,
	groupSlug: groups.slug,
	title: decisions.title,
	summary: sql<string>`left(${decisions.bodyText}, 280)`,
	decidedOn: decisions.decidedOn,
	pollId: decisions.pollId,
	meetingId: decisions.meetingId,
	meetingTitle: meetings.title,
	change: decisions.change,
	refersToId: decisions.refersToId,
	laterId: sql<string | null>`${laterOf('id')}`,
	laterChange: sql<'revises' | 'revokes' | null>`${laterOf('change')}`,
	actions: sql<number>`(select count(*)::int from ${actions} a where a.decision_id = ${decisions.id})`,
	actionsDone: sql<number>`(select count(*)::int from ${actions} a where a.decision_id = ${decisions.id} and a.status = 'done')`
};

type RegisterRow = {
	laterId: string | null;
	laterChange: 'revises' | 'revokes' | null;
};
const statusOf = (row: RegisterRow): DecisionStatus =>
	!row.laterId ? 'in_force' : row.laterChange === 'revokes' ? 'revoked' : 'revised';

export interface RegisterFilters {
	groupId?: string | null;
	theme?: string | null;
	from?: string | null;
	to?: string | null;
	status?: DecisionStatus | null;
}

/**
 * The decisions the person may read, the most recent first: one group's, or every group's they
 * may read (the network register), filtered by group, theme, date and status.
 */
export async function register(actor: Actor, filters: RegisterFilters = {}) {
	if (!actor) throw forbidden();
	let groupIds: string[];
	if (filters.groupId) {
		if (!isUuid(filters.groupId)) throw notFound();
		await groupAccess(actor, filters.groupId);
		groupIds = [filters.groupId];
	} else {
		groupIds = (await listVisible(actor)).filter((g) => g.canView).map((g) => g.group.id);
		if (groupIds.length === 0) return [];
	}
	const conditions: SQL[] = [inArray(decisions.groupId, groupIds)];
	if (filters.theme) conditions.push(eq(groups.theme, filters.theme));
	if (filters.from) conditions.push(gte(decisions.decidedOn, filters.from));
	if (filters.to) conditions.push(lte(decisions.decidedOn, filters.to));
	if (filters.status === 'in_force') conditions.push(sql`${laterOf('id')} is null`);
	if (filters.status === 'revised') conditions.push(sql`${laterOf('change')} = 'revises'`);
	if (filters.status === 'revoked') conditions.push(sql`${laterOf('change')} = 'revokes'`);
	const rows = await db
		.select(registerColumns)
		.from(decisions)
		.innerJoin(groups, eq(groups.id, decisions.groupId))
		.leftJoin(meetings, eq(meetings.id, decisions.meetingId))
		.where(and(...conditions))
		.orderBy(desc(decisions.decidedOn), desc(decisions.createdAt));
	return rows.map((row) => ({ ...row, status: statusOf(row) }));
}
export type RegisterEntry = Awaited<ReturnType<typeof register>>[number];

/** The group's proposals, open ones first, then closed ones the most recent first. */
export async function proposalsOf(actor: Actor, groupId: string) {
	await groupAccess(actor, groupId);
	const author = aliasedTable(users, 'author');
	const rows = await db
		.select({
			id: polls.id,
			kind: polls.kind,
			title: polls.title,
			author: author.name,
			closesAt: polls.closesAt,
			closedAt: polls.closedAt,
			createdAt: polls.createdAt,
			answered: sql<number>`(select count(*)::int from poll_voters v where v.poll_id = ${polls.id})`,
			answeredByMe: sql<boolean>`exists (select 1 from poll_voters v where v.poll_id = ${polls.id} and v.user_id = ${actor!.id})`,
			decisionId: decisions.id
		})
		.from(polls)
		.leftJoin(author, eq(author.id, polls.authorId))
		.leftJoin(decisions, eq(decisions.pollId, polls.id))
		.where(eq(polls.groupId, groupId))
		.orderBy(desc(polls.createdAt));
	const now = new Date();
	const withState = rows.map((r) => ({ ...r, open: isOpen(r, now) }));
	return [...withState.filter((r) => r.open), ...withState.filter((r) => !r.open)];
}

/**
 * A decision's page: the decision, the proposal or meeting it came from, the chain of decisions
 * it belongs to (the earlier ones it revised, the later ones that revised it), and its actions.
 */
export async function decisionView(actor: Actor, decisionId: string) {
	if (!isUuid(decisionId)) throw notFound();
	const [decision] = await db
		.select({
			id: decisions.id,
			groupId: decisions.groupId,
			title: decisions.title,
			body: decisions.body,
			decidedOn: decisions.decidedOn,
			pollId: decisions.pollId,
			pollTitle: polls.title,
			meetingId: decisions.meetingId,
			meetingTitle: meetings.title,
			change: decisions.change,
			refersToId: decisions.refersToId,
			recordedBy: users.name,
			createdAt: decisions.createdAt
		})
		.from(decisions)
		.leftJoin(polls, eq(polls.id, decisions.pollId))
		.leftJoin(meetings, eq(meetings.id, decisions.meetingId))
		.leftJoin(users, eq(users.id, decisions.recordedById))
		.where(eq(decisions.id, decisionId.toLowerCase()));
	if (!decision) throw notFound();
	const { context } = await groupAccess(actor, decision.groupId);
	// The chain it belongs to, walked over the group's decisions (a few hundred at most).
	const all = await db
		.select({
			id: decisions.id,
			title: decisions.title,
			decidedOn: decisions.decidedOn,
			change: decisions.change,
			refersToId: decisions.refersToId
		})
		.from(decisions)
		.where(eq(decisions.groupId, decision.groupId));
	const byId = new Map(all.map((d) => [d.id, d]));
	const byEarlier = new Map(all.filter((d) => d.refersToId).map((d) => [d.refersToId!, d]));
	const rows: typeof all = [];
	for (let d = byId.get(decision.id); d && !rows.includes(d); d = byId.get(d.refersToId ?? ''))
		rows.unshift(d);
	for (let d = byEarlier.get(decision.id); d && !rows.includes(d); d = byEarlier.get(d.id))
		rows.push(d);
	const linked = await db
		.select({
			id: actions.id,
			title: actions.title,
			status: actions.status,
			dueDate: actions.dueDate,
			owner: users.name
		})
		.from(actions)
		.leftJoin(users, eq(users.id, actions.ownerId))
		.where(eq(actions.decisionId, decision.id))
		.orderBy(asc(actions.createdAt));
	const position = rows.findIndex((r) => r.id === decision.id);
	const next = rows[position + 1] ?? null;
	return {
		decision,
		status: (!next
			? 'in_force'
			: next.change === 'revokes'
				? 'revoked'
				: 'revised') as DecisionStatus,
		chain: rows.map((r) => ({
			id: r.id,
			title: r.title,
			decidedOn: r.decidedOn,
			change: r.change,
			current: r.id === decision.id
		})),
		actions: linked,
		canRecord: can(actor, 'decision.record', context),
		canAddAction: can(actor, 'group.contribute', context),
		/** Whether a later decision may still refer to this one (none does yet). */
		canRevise: !next && can(actor, 'decision.record', context)
	};
}

/**
 * The decisions taken in a meeting, in the order they were taken, and the date poll its date was
 * chosen by, if any: read in one statement, as the meeting's page counts them. The caller has
 * checked that the person reads the meeting's group.
 */
export async function meetingDecisions(meetingId: string) {
	const rows = await db
		.select({
			kind: sql<'decision' | 'dates'>`'decision'`,
			id: decisions.id,
			title: decisions.title,
			decidedOn: decisions.decidedOn,
			change: decisions.change,
			createdAt: decisions.createdAt
		})
		.from(decisions)
		.where(eq(decisions.meetingId, meetingId))
		.unionAll(
			db
				.select({
					kind: sql<'decision' | 'dates'>`'dates'`,
					id: polls.id,
					title: polls.title,
					decidedOn: sql<string>`null::date`,
					change: sql<DecisionChange | null>`null::decision_change`,
					createdAt: polls.createdAt
				})
				.from(polls)
				.where(and(eq(polls.meetingId, meetingId), eq(polls.kind, 'dates')))
		);
	const list = rows
		.filter((r) => r.kind === 'decision')
		.sort(
			(a, b) =>
				a.decidedOn.localeCompare(b.decidedOn) || a.createdAt.getTime() - b.createdAt.getTime()
		)
		.map(({ id, title, decidedOn, change }) => ({ id, title, decidedOn, change }));
	const poll = rows.find((r) => r.kind === 'dates');
	return { list, fromPoll: poll ? { id: poll.id, title: poll.title } : null };
}

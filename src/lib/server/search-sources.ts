import { and, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	groupMembers,
	groups,
	meetings,
	organisations,
	threadMessages,
	threads,
	users
} from '$lib/server/db/schema';
import type { Actor } from './policy';

export const searchKinds = [
	'group',
	'document',
	'meeting',
	'action',
	'message',
	'person',
	'organisation'
] as const;
export type SearchKind = (typeof searchKinds)[number];

/** What every source needs to build its part of the query. */
export interface SourceContext {
	actor: NonNullable<Actor>;
	/** The tsquery, as a constant. */
	query: SQL;
	/** The words as typed (accents removed, lower case) for trigram similarity, or null. */
	fuzzy: SQL | null;
	groupId: string | null;
	authorId: string | null;
	/** Bounds as timestamps, inclusive start, exclusive end. */
	from: Date | null;
	until: Date | null;
	directory: boolean;
}

/**
 * The groups the actor may read, as a condition on a group id column: the SQL form of the
 * `group.view` rule of the policy (staff and directors read every group, members open groups and
 * their own, partners only their own). tests/integration/search-permissions.test.ts checks that
 * both agree for every role and kind of group.
 */
export function readableGroup(actor: NonNullable<Actor>, groupId: PgColumn): SQL {
	if (actor.role === 'admin' || actor.role === 'coordinator' || actor.role === 'director') {
		return sql`true`;
	}
	const member = sql`exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = ${groupId} and ${groupMembers.userId} = ${actor.id})`;
	if (actor.role === 'member') {
		return sql`(${member} or exists (select 1 from ${groups} g where g.id = ${groupId} and g.join_policy = 'open'))`;
	}
	return member;
}

const vector = (table: SQLWrapper) => sql`${table}.search`;
const rank = (table: SQLWrapper, ctx: SourceContext) =>
	sql<number>`ts_rank(${vector(table)}, ${ctx.query}, 1)`;
const matches = (table: SQLWrapper, ctx: SourceContext) => sql`${vector(table)} @@ ${ctx.query}`;

/** Date-range and group filters on the columns that carry them. */
function within(ctx: SourceContext, at: PgColumn, groupId: PgColumn): SQL[] {
	const where: SQL[] = [];
	if (ctx.groupId) where.push(sql`${groupId} = ${ctx.groupId}`);
	if (ctx.from) where.push(sql`${at} >= ${ctx.from.toISOString()}::timestamptz`);
	if (ctx.until) where.push(sql`${at} < ${ctx.until.toISOString()}::timestamptz`);
	return where;
}

function fields(
	kind: SearchKind,
	v: {
		id: SQL | PgColumn;
		title: SQL | PgColumn;
		rank: SQL;
		at: SQL | PgColumn;
		archived: SQL;
		groupId?: PgColumn;
		threadId?: SQL | PgColumn;
	}
) {
	return {
		kind: sql<SearchKind>`${kind}::text`.as('kind'),
		id: sql<string>`${v.id}`.as('id'),
		title: sql<string>`${v.title}`.as('title'),
		rank: sql<number>`${v.rank}::real`.as('rank'),
		at: sql<string | null>`${v.at}::timestamptz`.as('at'),
		archived: sql<boolean>`${v.archived}`.as('archived'),
		groupSlug: sql<string | null>`${v.groupId ? groups.slug : sql`null::text`}`.as('group_slug'),
		groupName: sql<string | null>`${v.groupId ? groups.name : sql`null::text`}`.as('group_name'),
		threadId: sql<string | null>`${v.threadId ?? sql`null::uuid`}`.as('thread_id')
	};
}

const groupArchived = sql`${groups.status} = 'archived'`;

/** One select per kind, each with the same columns, to be put together with UNION ALL. */
export const sources: Record<SearchKind, (ctx: SourceContext) => SQLWrapper | null> = {
	group: (ctx) =>
		ctx.authorId
			? null
			: db
					.select(
						fields('group', {
							id: groups.id,
							title: groups.name,
							rank: rank(groups, ctx),
							at: groups.updatedAt,
							archived: groupArchived,
							groupId: groups.id
						})
					)
					.from(groups)
					.where(
						and(
							matches(groups, ctx),
							readableGroup(ctx.actor, groups.id),
							...within(ctx, groups.updatedAt, groups.id)
						)
					),
	document: (ctx) =>
		db
			.select(
				fields('document', {
					id: documents.id,
					title: documents.title,
					rank: rank(documents, ctx),
					at: documents.lastEditedAt,
					archived: sql`(${documents.archivedAt} is not null or ${groupArchived})`,
					groupId: groups.id
				})
			)
			.from(documents)
			.innerJoin(groups, eq(groups.id, documents.groupId))
			.where(
				and(
					matches(documents, ctx),
					readableGroup(ctx.actor, documents.groupId),
					ctx.authorId
						? sql`(${documents.createdById} = ${ctx.authorId} or ${documents.lastEditorId} = ${ctx.authorId})`
						: undefined,
					...within(ctx, documents.lastEditedAt, documents.groupId)
				)
			),
	meeting: (ctx) =>
		db
			.select(
				fields('meeting', {
					id: meetings.id,
					title: meetings.title,
					rank: rank(meetings, ctx),
					at: meetings.startsAt,
					archived: groupArchived,
					groupId: groups.id
				})
			)
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.where(
				and(
					matches(meetings, ctx),
					readableGroup(ctx.actor, meetings.groupId),
					ctx.authorId ? eq(meetings.createdById, ctx.authorId) : undefined,
					...within(ctx, meetings.startsAt, meetings.groupId)
				)
			),
	action: (ctx) =>
		db
			.select(
				fields('action', {
					id: actions.id,
					title: actions.title,
					rank: rank(actions, ctx),
					at: actions.updatedAt,
					archived: groupArchived,
					groupId: groups.id
				})
			)
			.from(actions)
			.innerJoin(groups, eq(groups.id, actions.groupId))
			.where(
				and(
					matches(actions, ctx),
					readableGroup(ctx.actor, actions.groupId),
					ctx.authorId
						? sql`(${actions.ownerId} = ${ctx.authorId} or ${actions.createdById} = ${ctx.authorId})`
						: undefined,
					...within(ctx, actions.updatedAt, actions.groupId)
				)
			),
	// A message is found by its words, and the first message of a thread also by the thread's
	// title (it opens the discussion the title names).
	message: (ctx) => {
		const first = sql`(select m1.id from ${threadMessages} m1 where m1.thread_id = ${threads.id} and m1.deleted_at is null order by m1.created_at, m1.id limit 1)`;
		return db
			.select(
				fields('message', {
					id: threadMessages.id,
					title: threads.title,
					rank: sql`(case when ${matches(threadMessages, ctx)} then ${rank(threadMessages, ctx)} else 0 end + case when ${matches(threads, ctx)} and ${threadMessages.id} = ${first} then ${rank(threads, ctx)} else 0 end)`,
					at: threadMessages.createdAt,
					archived: groupArchived,
					groupId: groups.id,
					threadId: threads.id
				})
			)
			.from(threadMessages)
			.innerJoin(threads, eq(threads.id, threadMessages.threadId))
			.innerJoin(groups, eq(groups.id, threads.groupId))
			.where(
				and(
					sql`(${matches(threadMessages, ctx)} or (${matches(threads, ctx)} and ${threadMessages.id} = ${first}))`,
					isNull(threadMessages.deletedAt),
					readableGroup(ctx.actor, threads.groupId),
					ctx.authorId ? eq(threadMessages.authorId, ctx.authorId) : undefined,
					...within(ctx, threadMessages.createdAt, threads.groupId)
				)
			);
	},
	person: (ctx) => {
		if (!ctx.directory || ctx.authorId || ctx.groupId || ctx.from || ctx.until) return null;
		const name = sql`public.f_unaccent(lower(${users.name}))`;
		const similar = ctx.fuzzy
			? sql`(${matches(users, ctx)} or ${ctx.fuzzy} <% ${name})`
			: matches(users, ctx);
		return db
			.select(
				fields('person', {
					id: users.id,
					title: users.name,
					rank: ctx.fuzzy
						? sql`greatest(${rank(users, ctx)}, word_similarity(${ctx.fuzzy}, ${name}) / 2)`
						: rank(users, ctx),
					at: sql`null`,
					archived: sql`false`
				})
			)
			.from(users)
			.where(and(similar, isNull(users.disabledAt)));
	},
	organisation: (ctx) => {
		if (!ctx.directory || ctx.authorId || ctx.groupId || ctx.from || ctx.until) return null;
		const name = sql`public.f_unaccent(lower(${organisations.name}))`;
		const similar = ctx.fuzzy
			? sql`(${matches(organisations, ctx)} or ${ctx.fuzzy} <% ${name})`
			: matches(organisations, ctx);
		return db
			.select(
				fields('organisation', {
					id: organisations.id,
					title: organisations.name,
					rank: ctx.fuzzy
						? sql`greatest(${rank(organisations, ctx)}, word_similarity(${ctx.fuzzy}, ${name}) / 2)`
						: rank(organisations, ctx),
					at: sql`null`,
					archived: sql`${organisations.archivedAt} is not null`
				})
			)
			.from(organisations)
			.where(similar);
	}
};

import { and, desc, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
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
	/**
	 * Most matches of one kind that are ranked: the most recent ones. Ranking reads each match's
	 * whole word list, so a word found in tens of thousands of documents would otherwise cost
	 * seconds; below this many matches the ranking is exact.
	 */
	candidates: number;
	/** The ids of those most recent matches, found first by `recentMatches`. */
	recent: Partial<Record<RecentKind, string[]>>;
	/**
	 * The ids of the groups the actor may read (`readableGroup`, read once per search), or null
	 * when they read every group.
	 */
	readable: string[] | null;
	/** PERIODS or PREFIX_PERIODS. */
	periods: number[];
}

/** Staff and directors read every group. */
export const readsEveryGroup = (actor: NonNullable<Actor>) =>
	actor.role === 'admin' || actor.role === 'coordinator' || actor.role === 'director';

/**
 * The groups the actor may read, as a condition on a group id column: the SQL form of the
 * `group.view` rule of the policy (staff and directors read every group, members open groups and
 * their own, partners only their own). tests/integration/search-permissions.test.ts checks that
 * both agree for every role and kind of group.
 */
export function readableGroup(actor: NonNullable<Actor>, groupId: PgColumn): SQL {
	if (readsEveryGroup(actor)) return sql`true`;
	const member = sql`exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = ${groupId} and ${groupMembers.userId} = ${actor.id})`;
	if (actor.role === 'member') {
		return sql`(${member} or exists (select 1 from ${groups} g where g.id = ${groupId} and g.join_policy = 'open'))`;
	}
	return member;
}

/** Whether `groupId` is one of the groups the actor may read, as found once per search. */
function inReadable(ctx: SourceContext, groupId: PgColumn): SQL {
	if (ctx.readable === null) return sql`true`;
	return sql`${groupId} = any(${uuids(ctx.readable)})`;
}

/** A list of ids as a uuid[] constant. */
const uuids = (ids: string[]) =>
	sql`array[${sql.join(
		ids.map((id) => sql`${id}`),
		sql`, `
	)}]::uuid[]`;

const vector = (table: SQLWrapper) => sql`${table}.search`;
const rank = (table: SQLWrapper, ctx: SourceContext) =>
	sql<number>`ts_rank(${vector(table)}, ${ctx.query}, 1)`;
const matches = (table: SQLWrapper, ctx: SourceContext) => sql`${vector(table)} @@ ${ctx.query}`;

/**
 * Where the periods searched one after the other end, in days before now. As you type, the last
 * word's prefix makes each period's word lookup costlier: fewer, longer periods.
 */
export const PERIODS = [1, 7, 30];
export const PREFIX_PERIODS = [7];

/**
 * The ids of the `ctx.candidates` most recent matches, found period by period: the last day
 * first, then older periods only while there are not enough. `matchesIn(period)` selects the ids
 * of the matches in one period. Run with bitmap scans only (search.ts): the words' GIN index and
 * the date's B-tree index are read together, so a period costs its own matches, a common word a
 * day of rows and a rare one every period's few.
 */
function mostRecent(
	kind: RecentKind,
	ctx: SourceContext,
	at: PgColumn,
	matchesIn: (period: SQL) => {
		orderBy: (...columns: SQL[]) => { limit: (n: number) => SQLWrapper };
	}
): SQL {
	const ends = [0, ...ctx.periods, null];
	const daysAgo = (days: number) => sql.raw(`now() - interval '${days} days'`);
	const parts = ends.slice(0, -1).map((newest, i) => {
		const oldest = ends[i + 1];
		const period = and(
			newest ? sql`${at} < ${daysAgo(newest)}` : undefined,
			oldest !== null ? sql`${at} >= ${daysAgo(oldest)}` : undefined
		)!;
		return sql`(${matchesIn(period).orderBy(desc(at)).limit(ctx.candidates)})`;
	});
	return sql`(select ${kind}::text as kind, recent.id from (${sql.join(parts, sql` union all `)}) as recent limit ${ctx.candidates})`;
}

/** The kinds whose matches are too many to rank them all: their most recent ones are ranked. */
export const recentKinds = ['document', 'action', 'message'] as const;
export type RecentKind = (typeof recentKinds)[number];

/** For each of those kinds, the select of (kind, id) of its most recent matches. */
export const recentMatches: Record<RecentKind, (ctx: SourceContext) => SQL> = {
	document: (ctx) =>
		mostRecent('document', ctx, documents.lastEditedAt, (period) =>
			db
				.select({ id: documents.id })
				.from(documents)
				.where(
					and(
						matches(documents, ctx),
						period,
						inReadable(ctx, documents.groupId),
						ctx.authorId
							? sql`(${documents.createdById} = ${ctx.authorId} or ${documents.lastEditorId} = ${ctx.authorId})`
							: undefined,
						...within(ctx, documents.lastEditedAt, documents.groupId)
					)
				)
				.$dynamic()
		),
	action: (ctx) =>
		mostRecent('action', ctx, actions.updatedAt, (period) =>
			db
				.select({ id: actions.id })
				.from(actions)
				.where(
					and(
						matches(actions, ctx),
						period,
						inReadable(ctx, actions.groupId),
						ctx.authorId
							? sql`(${actions.ownerId} = ${ctx.authorId} or ${actions.createdById} = ${ctx.authorId})`
							: undefined,
						...within(ctx, actions.updatedAt, actions.groupId)
					)
				)
				.$dynamic()
		),
	message: (ctx) =>
		mostRecent('message', ctx, threadMessages.createdAt, (period) => {
			const where = and(
				matches(threadMessages, ctx),
				period,
				isNull(threadMessages.deletedAt),
				ctx.authorId ? eq(threadMessages.authorId, ctx.authorId) : undefined,
				...within(ctx, threadMessages.createdAt, threads.groupId)
			);
			// The thread says which group a message is in: read it only when the group matters.
			if (!ctx.groupId && ctx.readable === null) {
				return db.select({ id: threadMessages.id }).from(threadMessages).where(where).$dynamic();
			}
			return db
				.select({ id: threadMessages.id })
				.from(threadMessages)
				.innerJoin(threads, eq(threads.id, threadMessages.threadId))
				.where(and(where, inReadable(ctx, threads.groupId)))
				.$dynamic();
		})
};

/** The ids found first by `recentMatches` for `kind`, as a uuid[] constant. */
const recentIds = (kind: RecentKind, ctx: SourceContext) => uuids(ctx.recent[kind] ?? []);
/** The rows among the most recent matches of their kind. */
const amongRecent = (kind: RecentKind, id: PgColumn, ctx: SourceContext) =>
	sql`${id} = any(${recentIds(kind, ctx)})`;
/** The rows of `id` among `candidates` (a select of ids, bounded). */
const among = (id: PgColumn, candidates: SQLWrapper) => sql`${id} in (${candidates})`;

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
							inReadable(ctx, groups.id),
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
			.where(amongRecent('document', documents.id, ctx)),
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
				among(
					meetings.id,
					db
						.select({ id: meetings.id })
						.from(meetings)
						.where(
							and(
								matches(meetings, ctx),
								inReadable(ctx, meetings.groupId),
								ctx.authorId ? eq(meetings.createdById, ctx.authorId) : undefined,
								...within(ctx, meetings.startsAt, meetings.groupId)
							)
						)
						.orderBy(desc(meetings.startsAt))
						.limit(ctx.candidates)
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
			.where(amongRecent('action', actions.id, ctx)),
	// A message is found by its words, and the first message of a thread also by the thread's
	// title (it opens the discussion the title names): two sets of candidates, ranked together.
	message: (ctx) => {
		const first = (thread: SQL | PgColumn) =>
			sql`(select m1.id from ${threadMessages} m1 where m1.thread_id = ${thread} and m1.deleted_at is null order by m1.created_at, m1.id limit 1)`;
		const filters = (message: {
			threadId: PgColumn;
			authorId: PgColumn;
			createdAt: PgColumn;
			deletedAt: PgColumn;
		}) => [
			isNull(message.deletedAt),
			ctx.authorId ? eq(message.authorId, ctx.authorId) : undefined,
			...within(ctx, message.createdAt, threads.groupId)
		];
		const byTitle = db
			.select({ id: threadMessages.id })
			.from(threads)
			.innerJoin(threadMessages, eq(threadMessages.id, first(threads.id)))
			.where(
				and(matches(threads, ctx), inReadable(ctx, threads.groupId), ...filters(threadMessages))
			)
			.orderBy(desc(threads.lastMessageAt))
			.limit(ctx.candidates);
		return db
			.select(
				fields('message', {
					id: threadMessages.id,
					title: threads.title,
					rank: sql`(case when ${matches(threadMessages, ctx)} then ${rank(threadMessages, ctx)} else 0 end + case when ${matches(threads, ctx)} and ${threadMessages.id} = ${first(threads.id)} then ${rank(threads, ctx)} else 0 end)`,
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
				sql`${threadMessages.id} in ((${byTitle}) union select unnest(${recentIds('message', ctx)}))`
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

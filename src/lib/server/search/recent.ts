import { and, desc, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import { actions, documents, threadMessages, threads } from '$lib/server/db/schema';
import { inReadable, matches, uuids, within, type SourceContext } from './scope';

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
export const recentIds = (kind: RecentKind, ctx: SourceContext) => uuids(ctx.recent[kind] ?? []);
/** The rows among the most recent matches of their kind. */
export const amongRecent = (kind: RecentKind, id: PgColumn, ctx: SourceContext) =>
	sql`${id} = any(${recentIds(kind, ctx)})`;

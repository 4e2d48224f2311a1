import { and, desc, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import {
	actions,
	decisions,
	documents,
	fileFolders,
	files,
	groups,
	meetings,
	organisations,
	polls,
	threadMessages,
	threads,
	users
} from '$lib/server/db/schema';
import { MAX_DEPTH } from '$lib/server/files/folders';
import { amongRecent, recentIds } from './recent';
import { inReadable, matches, rank, within, type SearchKind, type SourceContext } from './scope';

/** The rows of `id` among `candidates` (a select of ids, bounded). */
const among = (id: PgColumn, candidates: SQLWrapper) => sql`${id} in (${candidates})`;

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
	// A file by its name and its text, unless it or a folder above it is in the bin.
	file: (ctx) => {
		const folder = sql`${files}.${sql.identifier(files.folderId.name)}`;
		const inLibrary = sql`not exists (
			with recursive up(id, parent_id, deleted_at, depth) as (
				select f.id, f.parent_id, f.deleted_at, 1 from ${fileFolders} f where f.id = ${folder}
				union all
				select f.id, f.parent_id, f.deleted_at, up.depth + 1
				from ${fileFolders} f join up on f.id = up.parent_id where up.depth < ${MAX_DEPTH}
			) select 1 from up where up.deleted_at is not null)`;
		return db
			.select(
				fields('file', {
					id: files.id,
					title: files.name,
					rank: rank(files, ctx),
					at: files.updatedAt,
					archived: groupArchived,
					groupId: groups.id
				})
			)
			.from(files)
			.innerJoin(groups, eq(groups.id, files.groupId))
			.where(
				among(
					files.id,
					db
						.select({ id: files.id })
						.from(files)
						.where(
							and(
								matches(files, ctx),
								isNull(files.deletedAt),
								inReadable(ctx, files.groupId),
								ctx.authorId ? eq(files.createdById, ctx.authorId) : undefined,
								...within(ctx, files.updatedAt, files.groupId),
								inLibrary
							)
						)
						.orderBy(desc(files.updatedAt))
						.limit(ctx.candidates)
				)
			);
	},
	proposal: (ctx) =>
		db
			.select(
				fields('proposal', {
					id: polls.id,
					title: polls.title,
					rank: rank(polls, ctx),
					at: polls.createdAt,
					archived: groupArchived,
					groupId: groups.id
				})
			)
			.from(polls)
			.innerJoin(groups, eq(groups.id, polls.groupId))
			.where(
				among(
					polls.id,
					db
						.select({ id: polls.id })
						.from(polls)
						.where(
							and(
								matches(polls, ctx),
								inReadable(ctx, polls.groupId),
								ctx.authorId ? eq(polls.authorId, ctx.authorId) : undefined,
								...within(ctx, polls.createdAt, polls.groupId)
							)
						)
						.orderBy(desc(polls.createdAt))
						.limit(ctx.candidates)
				)
			),
	decision: (ctx) =>
		db
			.select(
				fields('decision', {
					id: decisions.id,
					title: decisions.title,
					rank: rank(decisions, ctx),
					at: decisions.createdAt,
					archived: groupArchived,
					groupId: groups.id
				})
			)
			.from(decisions)
			.innerJoin(groups, eq(groups.id, decisions.groupId))
			.where(
				among(
					decisions.id,
					db
						.select({ id: decisions.id })
						.from(decisions)
						.where(
							and(
								matches(decisions, ctx),
								inReadable(ctx, decisions.groupId),
								ctx.authorId ? eq(decisions.recordedById, ctx.authorId) : undefined,
								...within(ctx, decisions.createdAt, decisions.groupId)
							)
						)
						.orderBy(desc(decisions.createdAt))
						.limit(ctx.candidates)
				)
			),
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

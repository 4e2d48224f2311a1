import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { groupMembers, groups } from '$lib/server/db/schema';
import type { Actor } from '../policy';
import type { RecentKind } from './recent';

// What a search is made of, shared by every source: the kinds, the context each source builds
// its part from, the groups the person may read and the match and rank of the words.

export const searchKinds = [
	'group',
	'document',
	'meeting',
	'action',
	'message',
	'file',
	'proposal',
	'decision',
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
export function inReadable(ctx: SourceContext, groupId: PgColumn): SQL {
	if (ctx.readable === null) return sql`true`;
	return sql`${groupId} = any(${uuids(ctx.readable)})`;
}

/** A list of ids as a uuid[] constant. */
export const uuids = (ids: string[]) =>
	sql`array[${sql.join(
		ids.map((id) => sql`${id}`),
		sql`, `
	)}]::uuid[]`;

const vector = (table: SQLWrapper) => sql`${table}.search`;
export const rank = (table: SQLWrapper, ctx: SourceContext) =>
	sql<number>`ts_rank(${vector(table)}, ${ctx.query}, 1)`;
export const matches = (table: SQLWrapper, ctx: SourceContext) =>
	sql`${vector(table)} @@ ${ctx.query}`;

/** Date-range and group filters on the columns that carry them. */
export function within(ctx: SourceContext, at: PgColumn, groupId: PgColumn): SQL[] {
	const where: SQL[] = [];
	if (ctx.groupId) where.push(sql`${groupId} = ${ctx.groupId}`);
	if (ctx.from) where.push(sql`${at} >= ${ctx.from.toISOString()}::timestamptz`);
	if (ctx.until) where.push(sql`${at} < ${ctx.until.toISOString()}::timestamptz`);
	return where;
}

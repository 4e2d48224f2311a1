import { and, asc, eq, exists, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { escapeHtml } from '$lib/richtext/render';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import { groupMembers, groups, users } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { can, type Actor } from '../policy';
import { snippets } from './snippets';
import { PERIODS, PREFIX_PERIODS, recentKinds, recentMatches, type RecentKind } from './recent';
import {
	readableGroup,
	readsEveryGroup,
	searchKinds,
	type SearchKind,
	type SourceContext
} from './scope';
import { sources } from './sources';
import { searchWords } from './text';

export { searchKinds, type SearchKind };

export interface SearchFilters {
	/** Only these kinds; all of them when empty. */
	kinds?: SearchKind[];
	/** A group's id. People and organisations belong to no group: they are left out. */
	groupId?: string | null;
	/** Who wrote or owns it. Groups, people and organisations have no author: left out. */
	authorId?: string | null;
	/** Paris days, YYYY-MM-DD, both included. Things without a date are left out. */
	from?: string | null;
	to?: string | null;
}

export interface SearchOptions {
	/** The last word also matches the beginning of longer words: for the as-you-type box. */
	prefix?: boolean;
	limit?: number;
	offset?: number;
	/**
	 * How many matches of each kind are ranked, the most recent first: by default 200, or more
	 * for a deep page. Smaller only in tests.
	 */
	candidates?: number;
}

export interface SearchResult {
	kind: SearchKind;
	id: string;
	title: string;
	/** Safe HTML: escaped text with the matched words in <mark>. */
	titleHtml: string;
	snippetHtml: string;
	href: string;
	group: { slug: string; name: string } | null;
	archived: boolean;
	at: Date | null;
}

export interface SearchAnswer {
	/** The words the query was made of: empty when there was nothing to search for. */
	words: string[];
	results: SearchResult[];
	/** Whether there are results after these. */
	more: boolean;
}

const MAX_LIMIT = 50;
const MAX_OFFSET = 500;
/** Matches of each kind ranked, the most recent first (see SourceContext.candidates). */
const CANDIDATES = 100;
/** The same as you type: eight results are shown. */
const PREFIX_CANDIDATES = 40;

/**
 * The ids of the most recent matches of the kinds that can have tens of thousands, in one query
 * planned with bitmap scans only. Left to itself, the planner, which takes a word match for a
 * cheap test, would rather walk the date index from the newest row and test every row on the
 * way: instant for a word in every other message, seconds for a word in a few. A bitmap of the
 * word's matches (its GIN index) combined with the period's rows (the date's B-tree index)
 * costs what the period holds, whatever the word.
 */
async function mostRecentMatches(
	ctx: SourceContext,
	kinds: RecentKind[]
): Promise<Partial<Record<RecentKind, string[]>>> {
	if (kinds.length === 0) return {};
	const union = sql.join(
		kinds.map((kind) => recentMatches[kind](ctx)),
		sql` union all `
	);
	const rows = await db.transaction(async (tx) => {
		await tx.execute(sql`set local enable_seqscan = off`);
		await tx.execute(sql`set local enable_indexscan = off`);
		return tx
			.select({ kind: sql<RecentKind>`found.kind`, id: sql<string>`found.id::text` })
			.from(sql`(${union}) as found`);
	});
	const found: Partial<Record<RecentKind, string[]>> = {};
	for (const row of rows) (found[row.kind] ??= []).push(row.id);
	return found;
}
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight in Paris at the start of `day` (YYYY-MM-DD), or null for anything else. */
async function parisMidnight(day: string | null | undefined, plusDays = 0): Promise<Date | null> {
	if (!day || !DAY.test(day) || Number.isNaN(Date.parse(day))) return null;
	const [row] = await db
		.select({
			at: sql<string>`to_char(((${day}::date + ${plusDays}::int)::timestamp at time zone 'Europe/Paris') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
		})
		.from(sql`(select 1) as one`);
	return new Date(row.at);
}

function hrefOf(hit: {
	kind: SearchKind;
	id: string;
	groupSlug: string | null;
	threadId: string | null;
}): string {
	const group = `/groupes/${hit.groupSlug}`;
	switch (hit.kind) {
		case 'group':
			return group;
		case 'document':
			return `${group}/documents/${hit.id}`;
		case 'meeting':
			return `${group}/reunions/${hit.id}`;
		case 'action':
			return `/actions/${hit.id}`;
		case 'message':
			return `${group}/discussions/${hit.threadId}?message=${hit.id}#message-${hit.id}`;
		case 'file':
			return `${group}/fichiers/${hit.id}`;
		case 'proposal':
			return `${group}/propositions/${hit.id}`;
		case 'decision':
			return `${group}/decisions/${hit.id}`;
		case 'person':
			return `/annuaire/personnes/${hit.id}`;
		case 'organisation':
			return `/annuaire/organisations/${hit.id}`;
	}
}

/**
 * Everything the actor may read that matches `input`, best first (then most recent). Rights are
 * part of the query: nothing from a group they cannot read is ranked, counted or quoted, and
 * people and organisations only come to those who may open the directory. Any input is safe:
 * it is cut to its first words, made of letters and digits only.
 */
export async function search(
	actor: NonNullable<Actor>,
	input: string | null | undefined,
	filters: SearchFilters = {},
	options: SearchOptions = {}
): Promise<SearchAnswer> {
	const words = searchWords(input);
	const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? 20)), MAX_LIMIT);
	const offset = Math.min(Math.max(0, Math.trunc(options.offset ?? 0)), MAX_OFFSET);
	const none: SearchAnswer = { words: [], results: [], more: false };
	if (words.length === 0) return none;

	// The query is built once, by the database (stemming and stop words are its business), and
	// then given to every part of the search as a constant.
	const wordList = sql.join(
		words.map((w) => sql`${w}`),
		sql`, `
	);
	const [built] = await db
		.select({
			query: sql<string>`public.search_query(array[${wordList}]::text[], ${options.prefix ?? false})::text`
		})
		.from(sql`(select 1) as one`);
	if (!built?.query) return { ...none, words };

	const typed = words.join(' ');
	const ctx: SourceContext = {
		actor,
		query: sql`${built.query}::tsquery`,
		fuzzy: typed.length >= 3 ? sql`public.f_unaccent(lower(${typed}))` : null,
		groupId: isUuid(filters.groupId) ? filters.groupId : null,
		authorId: isUuid(filters.authorId) ? filters.authorId : null,
		from: await parisMidnight(filters.from),
		until: await parisMidnight(filters.to, 1),
		directory: can(actor, 'directory.view'),
		candidates: Math.max(
			1,
			Math.trunc(
				options.candidates ??
					Math.max(options.prefix ? PREFIX_CANDIDATES : CANDIDATES, offset + limit + 1)
			)
		),
		recent: {},
		periods: options.prefix ? PREFIX_PERIODS : PERIODS,
		readable: readsEveryGroup(actor)
			? null
			: (
					await db.select({ id: groups.id }).from(groups).where(readableGroup(actor, groups.id))
				).map((g) => g.id)
	};
	const kinds = filters.kinds?.length ? filters.kinds : searchKinds;
	ctx.recent = await mostRecentMatches(
		ctx,
		recentKinds.filter((kind) => kinds.includes(kind))
	);
	const parts = kinds
		.map((kind) => sources[kind](ctx))
		.filter((part): part is NonNullable<typeof part> => part !== null)
		.map((part) => sql`(${part.getSQL()})`);
	if (parts.length === 0) return { ...none, words };

	const hits = await db
		.select({
			kind: sql<SearchKind>`hits.kind`,
			id: sql<string>`hits.id::text`,
			title: sql<string>`hits.title`,
			rank: sql<number>`hits.rank`.mapWith(Number),
			at: sql<string | null>`to_char(hits.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
			archived: sql<boolean>`hits.archived`,
			groupSlug: sql<string | null>`hits.group_slug`,
			groupName: sql<string | null>`hits.group_name`,
			threadId: sql<string | null>`hits.thread_id::text`
		})
		.from(sql`(${sql.join(parts, sql` union all `)}) as hits`)
		.orderBy(sql`hits.rank desc`, sql`hits.at desc nulls last`, sql`hits.id`)
		.limit(limit + 1)
		.offset(offset);

	const page = hits.slice(0, limit);
	const marked = await snippets(ctx.query, page);
	return {
		words,
		more: hits.length > limit,
		results: page.map((hit) => {
			const found = marked.get(`${hit.kind}:${hit.id}`);
			return {
				kind: hit.kind,
				id: hit.id,
				title: hit.title,
				titleHtml: found?.title || escapeHtml(hit.title),
				snippetHtml: found?.snippet ?? '',
				href: hrefOf(hit),
				group: hit.groupSlug && hit.groupName ? { slug: hit.groupSlug, name: hit.groupName } : null,
				archived: hit.archived,
				at: hit.at ? new Date(hit.at) : null
			};
		})
	};
}

/** Most people listed in the author filter before a group must be chosen first. */
const MAX_AUTHORS = 200;

/**
 * What the filters of the results page offer: the groups the person may read, and as authors
 * the people of those groups (so a partner learns no name they could not already see). On a
 * large network the whole list would be thousands of names: then it is the chosen group's
 * people, or none but the chosen author until a group is chosen (`authorsLimited`).
 */
export async function filterChoices(
	actor: NonNullable<Actor>,
	chosen: { group?: string | null; authorId?: string | null } = {}
) {
	const readable = readableGroup(actor, groups.id);
	const groupRows = await db
		.select({ id: groups.id, slug: groups.slug, name: groups.name })
		.from(groups)
		.where(readable)
		.orderBy(frenchOrder(groups.name));
	const group = groupRows.find((g) => g.slug === chosen.group) ?? null;
	// People of a readable group (of the chosen one), by name: a walk through the people that
	// stops at the first MAX_AUTHORS + 1, rather than every membership of the network.
	const membership = alias(groupMembers, 'author_membership');
	const authorsWhere = (...where: (SQL | undefined)[]) =>
		db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(
				and(
					isNull(users.disabledAt),
					exists(
						db
							.select({ one: sql`1` })
							.from(membership)
							.innerJoin(groups, eq(groups.id, membership.groupId))
							.where(
								and(
									eq(membership.userId, users.id),
									readable,
									group ? eq(groups.id, group.id) : undefined
								)
							)
					),
					...where
				)
			)
			.orderBy(frenchOrder(users.name), asc(users.id));
	if (group) {
		const authors = await authorsWhere();
		return { groups: groupRows, group, authors, authorsLimited: false };
	}
	const authors = await authorsWhere().limit(MAX_AUTHORS + 1);
	if (authors.length <= MAX_AUTHORS) {
		return { groups: groupRows, group, authors, authorsLimited: false };
	}
	const authorId = isUuid(chosen.authorId) ? chosen.authorId : null;
	return {
		groups: groupRows,
		group,
		authors: authorId ? await authorsWhere(eq(users.id, authorId)) : [],
		authorsLimited: true
	};
}

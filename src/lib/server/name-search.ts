import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import { organisations, users } from '$lib/server/db/schema';

/** Past this many people, a picker searches them by name instead of listing them all. */
export const LISTED_PEOPLE = 300;

/**
 * Finding people by a part of their name as one types, accents and case aside: the condition,
 * whether a name starts with the text (to select), and the order that puts those first. Null
 * when nothing was typed.
 */
export function nameSearch(
	column: PgColumn,
	text: string
): { matches: SQL; starts: SQL<boolean>; startsFirst: SQL } | null {
	const words = text.trim().slice(0, 100);
	if (!words) return null;
	// LIKE's own characters stand for themselves.
	const escaped = words.replace(/[\\%_]/g, (c) => `\\${c}`);
	const name = sql`public.f_unaccent(lower(${column}))`;
	const typed = sql`public.f_unaccent(lower(${escaped}))`;
	const starts = sql<boolean>`(${name} like ${typed} || '%')`;
	return {
		matches: sql`${name} like '%' || ${typed} || '%'`,
		starts,
		startsFirst: sql`${starts} desc`
	};
}

const collator = new Intl.Collator('fr');

/**
 * People whose name a search (on users.name) matches, among those `where` allows, with their
 * organisation: at most `limit`, names starting with the text first, then in French order.
 */
export async function findPeople(
	search: NonNullable<ReturnType<typeof nameSearch>>,
	where: SQL | undefined,
	limit: number
) {
	const found = await db
		.select({
			id: users.id,
			name: users.name,
			organisation: organisations.name,
			starts: search.starts
		})
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(and(search.matches, where))
		.orderBy(search.startsFirst, frenchOrder(users.name))
		.limit(limit);
	return inFoundOrder(found);
}

/** What a name search found, in the order shown: names starting with the text first, then in French order. */
function inFoundOrder<T extends { name: string; starts: boolean }>(rows: T[]): Omit<T, 'starts'>[] {
	return rows
		.sort((a, b) => Number(b.starts) - Number(a.starts) || collator.compare(a.name, b.name))
		.map(({ starts: _, ...row }) => row);
}

import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

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

/** What a name search found, in the order shown: names starting with the text first, then in French order. */
export function inFoundOrder<T extends { name: string; starts: boolean }>(
	rows: T[]
): Omit<T, 'starts'>[] {
	return rows
		.sort((a, b) => Number(b.starts) - Number(a.starts) || collator.compare(a.name, b.name))
		.map(({ starts: _, ...row }) => row);
}

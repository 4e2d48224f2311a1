import { inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	decisions,
	files,
	groups,
	meetings,
	polls,
	organisations,
	threadMessages,
	threads,
	users
} from '$lib/server/db/schema';
import type { SearchKind } from './scope';
import { GT_STAND_IN, LT_STAND_IN, markedSnippet, START_MARK, STOP_MARK } from './text';

const marks = `StartSel=${START_MARK}, StopSel=${STOP_MARK}`;
const SNIPPET = `${marks}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const WHOLE = `${marks}, HighlightAll=true`;

/** ts_headline of a text, with stand-ins for its angle brackets (see markedSnippet). */
const headline = (text: PgColumn | SQL, query: SQL, options: string) =>
	sql<string>`ts_headline('public.french_unaccent', translate(coalesce(${text}, ''), '<>', ${LT_STAND_IN + GT_STAND_IN}), ${query}, ${options})`;

/** Where each kind keeps the text its snippet is cut from. */
const bodies: Record<
	SearchKind,
	{ table: PgTable; id: PgColumn; title: PgColumn | SQL; body: SQL }
> = {
	group: {
		table: groups,
		id: groups.id,
		title: groups.name,
		body: sql`concat_ws(' ', ${groups.description}, public.rich_text(${groups.purpose}))`
	},
	document: {
		table: documents,
		id: documents.id,
		title: documents.title,
		body: sql`${documents.plainText}`
	},
	meeting: {
		table: meetings,
		id: meetings.id,
		title: meetings.title,
		body: sql`concat_ws(' · ', nullif(${meetings.placeText}, ''), public.agenda_text(${meetings.agenda}))`
	},
	action: {
		table: actions,
		id: actions.id,
		title: actions.title,
		body: sql`${actions.description}`
	},
	message: {
		table: threadMessages,
		id: threadMessages.id,
		// A message is shown under its thread's title.
		title: sql`(select t.title from ${threads} t where t.id = ${threadMessages.threadId})`,
		body: sql`${threadMessages.bodyText}`
	},
	file: {
		table: files,
		id: files.id,
		title: files.name,
		body: sql`${files.plainText}`
	},
	proposal: {
		table: polls,
		id: polls.id,
		title: polls.title,
		body: sql`${polls.bodyText}`
	},
	decision: {
		table: decisions,
		id: decisions.id,
		title: decisions.title,
		body: sql`${decisions.bodyText}`
	},
	person: {
		table: users,
		id: users.id,
		title: users.name,
		body: sql`(select o.name from ${organisations} o where o.id = ${users.organisationId})`
	},
	organisation: {
		table: organisations,
		id: organisations.id,
		title: organisations.name,
		body: sql`concat_ws(' · ', nullif(${organisations.town}, ''), nullif(${organisations.sector}, ''))`
	}
};

/**
 * The highlighted title and snippet of each hit of one page of results, keyed by "kind:id".
 * ts_headline reads whole texts, so it runs on the page only, never on every match.
 */
export async function snippets(
	query: SQL,
	hits: { kind: SearchKind; id: string }[]
): Promise<Map<string, { title: string; snippet: string }>> {
	const byKind = new Map<SearchKind, string[]>();
	for (const hit of hits) byKind.set(hit.kind, [...(byKind.get(hit.kind) ?? []), hit.id]);
	const out = new Map<string, { title: string; snippet: string }>();
	await Promise.all(
		[...byKind].map(async ([kind, list]) => {
			const { table, id, title, body } = bodies[kind];
			const rows = await db
				.select({
					id: sql<string>`${id}::text`,
					title: headline(title, query, WHOLE),
					snippet: headline(body, query, SNIPPET)
				})
				.from(table)
				.where(inArray(id, list));
			for (const row of rows) {
				out.set(`${kind}:${row.id}`, {
					title: markedSnippet(row.title ?? ''),
					snippet: markedSnippet(row.snippet ?? '')
				});
			}
		})
	);
	return out;
}

import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import { actions, groups, meetings, organisations, users } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { todayInParis } from '../dates';
import { LISTED_PEOPLE } from '../name-search';
import type { Actor } from '../policy';
import {
	byLabelThenKey,
	collator,
	conditions,
	keyOf,
	orderOf,
	overdueSql,
	ownsVisible,
	sectionOf,
	visibleGroups
} from './board-scope';
import type { BoardQuery, BoardRow, BoardSection, BoardSummary } from './board-view';

// The board's namespace (`import * as board from '$lib/server/actions/board'`): the view read
// from the URL and the CSV export live beside this file, the SQL it is built from in board-scope.
export * from './board-view';
export * from './board-csv';

const ownerOrg = alias(organisations, 'owner_org');

/**
 * The counts of the whole view, per section, and the order of sections and of the names rows
 * are sorted by: one aggregate query, whatever the number of actions.
 */
export async function summary(
	actor: NonNullable<Actor>,
	view: BoardQuery,
	now = new Date()
): Promise<BoardSummary> {
	const visible = await visibleGroups(actor);
	const today = todayInParis(now);
	const section = sectionOf[view.by];
	const order = orderOf[view.sort];
	// Counted on the actions alone; only the few keys that come out are named.
	const counts = db
		.select({
			section: sql<string>`${keyOf(section)}`.as('section'),
			order: sql<string>`${keyOf(order)}`.as('ord'),
			count: sql<number>`count(*)::int`.as('count'),
			overdue: sql<number>`(count(*) filter (where ${overdueSql(today)}))::int`.as('overdue')
		})
		.from(actions)
		.where(conditions(actor, view, visible, today))
		.groupBy(sql`1`, sql`2`)
		.as('counts');
	const rows = await db
		.select({
			section: counts.section,
			sectionLabel: section.label(sql`${counts.section}`),
			order: counts.order,
			orderLabel: order.label(sql`${counts.order}`),
			count: counts.count,
			overdue: counts.overdue
		})
		.from(counts);

	const sections = new Map<string, BoardSection>();
	const orderKeys = new Map<string, string[]>();
	const orderLabels = new Map<string, string | null>();
	for (const row of rows) {
		const found = sections.get(row.section);
		if (found) {
			found.count += row.count;
			found.overdue += row.overdue;
		} else {
			sections.set(row.section, {
				key: row.section,
				label: row.sectionLabel,
				count: row.count,
				overdue: row.overdue
			});
		}
		orderKeys.set(row.section, [...(orderKeys.get(row.section) ?? []), row.order]);
		orderLabels.set(row.order, row.orderLabel);
	}
	const sorted = [...sections.values()].sort(byLabelThenKey);
	return {
		total: sorted.reduce((sum, s) => sum + s.count, 0),
		overdue: sorted.reduce((sum, s) => sum + s.overdue, 0),
		sections: sorted,
		orderKeys,
		orderLabels
	};
}

/** Ids as one parameter, a table to join. */
const uuidList = (ids: string[]) => sql`unnest(string_to_array(${ids.join(',')}, ',')::uuid[])`;
/** The rank of what is not in such a list: last. */
const LAST = 1_000_000_000;

/**
 * Rows `offset` to `offset + limit` of the view, in the order shown: section after section
 * (by name), within a section by group or owner name when sorted so, then overdue first, then
 * the soonest due, undated last. Only the sections the page overlaps are read, in one query.
 */
export async function rows(
	actor: NonNullable<Actor>,
	view: BoardQuery,
	summary: BoardSummary,
	{ offset = 0, limit = Infinity }: { offset?: number; limit?: number } = {},
	now = new Date()
): Promise<BoardRow[]> {
	// The sections this page overlaps, and where the page starts in the first of them.
	const overlapped: string[] = [];
	let before = 0;
	let skip = 0;
	for (const section of summary.sections) {
		const end = before + section.count;
		if (end > offset && before < offset + limit) {
			if (overlapped.length === 0) skip = offset - before;
			overlapped.push(section.key);
		}
		before = end;
	}
	if (overlapped.length === 0) return [];

	const visible = await visibleGroups(actor);
	const today = todayInParis(now);
	const overdue = overdueSql(today);
	// The page is found on the actions alone, ranked by the sections' and names' order; only its
	// rows are then joined to their group, owner, organisation and meeting.
	const sectionColumn = sectionOf[view.by].column;
	const orderColumn = orderOf[view.sort].column;
	let ranked = db
		.select({
			id: actions.id,
			sectionRank: (sectionColumn
				? sql<number>`coalesce(board_section.rank, ${LAST})`
				: sql<number>`0`
			).as('section_rank'),
			orderRank: (orderColumn
				? sql<number>`coalesce(board_order.rank, ${LAST})`
				: sql<number>`0`
			).as('order_rank'),
			overdue: sql<boolean>`${overdue}`.as('overdue'),
			dueDate: sql<string | null>`${actions.dueDate}`.as('due'),
			createdAt: sql<Date>`${actions.createdAt}`.as('created')
		})
		.from(actions)
		.$dynamic();
	const where = [conditions(actor, view, visible, today)];
	if (sectionColumn) {
		// The sections' ids in order; "none" (no owner, no organisation) is always the last one.
		const ids = overlapped.filter((key) => key !== 'none');
		const table = sql`${uuidList(ids)} with ordinality as board_section(id, rank)`;
		const on = sql`board_section.id = ${sectionColumn}`;
		if (ids.length === overlapped.length) ranked = ranked.innerJoin(table, on);
		else {
			ranked = ranked.leftJoin(table, on);
			where.push(sql`(board_section.rank is not null or ${sectionColumn} is null)`);
		}
	}
	if (orderColumn) {
		// The names rows are sorted by, in one order for every section (unnamed last).
		const keys = [...new Set(overlapped.flatMap((key) => summary.orderKeys.get(key) ?? []))].filter(
			(key) => key !== 'none'
		);
		keys.sort((a, b) =>
			byLabelThenKey(
				{ key: a, label: summary.orderLabels.get(a) ?? null },
				{ key: b, label: summary.orderLabels.get(b) ?? null }
			)
		);
		ranked = ranked.leftJoin(
			sql`${uuidList(keys)} with ordinality as board_order(id, rank)`,
			sql`board_order.id = ${orderColumn}`
		);
	}
	const page = ranked
		.where(and(...where))
		// Columns by position: the ranks, overdue first, the soonest due, undated last, then the
		// oldest and the id, so that pages never overlap.
		.orderBy(sql`2`, sql`3`, sql`4 desc`, sql`5 asc nulls last`, sql`6`, sql`1`)
		.offset(skip)
		.limit(Number.isFinite(limit) ? limit : summary.total)
		.as('page');
	const found = await db
		.select({
			id: actions.id,
			title: actions.title,
			status: actions.status,
			dueDate: actions.dueDate,
			detachedAt: actions.detachedAt,
			overdue: page.overdue,
			groupId: groups.id,
			groupName: groups.name,
			groupSlug: groups.slug,
			groupColor: groups.color,
			ownerId: actions.ownerId,
			ownerName: users.name,
			organisationId: actions.ownerOrganisationId,
			organisationName: ownerOrg.name,
			meetingId: actions.meetingId,
			meetingTitle: meetings.title
		})
		.from(page)
		.innerJoin(actions, eq(actions.id, page.id))
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.leftJoin(users, eq(users.id, actions.ownerId))
		.leftJoin(ownerOrg, eq(ownerOrg.id, actions.ownerOrganisationId))
		.leftJoin(meetings, eq(meetings.id, actions.meetingId))
		.orderBy(
			page.sectionRank,
			page.orderRank,
			sql`${page.overdue} desc`,
			sql`${page.dueDate} asc nulls last`,
			page.createdAt,
			page.id
		);
	return found.map(({ detachedAt, ...r }) => ({ ...r, detached: detachedAt !== null }));
}

/** Every action of the view, in the order shown (the CSV export, tests). */
export async function query(
	actor: NonNullable<Actor>,
	view: BoardQuery,
	now = new Date()
): Promise<BoardRow[]> {
	return rows(actor, view, await summary(actor, view, now), {}, now);
}

/** The ids of every action of the view, in no particular order. */
export async function ids(
	actor: NonNullable<Actor>,
	view: BoardQuery,
	now = new Date()
): Promise<string[]> {
	const visible = await visibleGroups(actor);
	const found = await db
		.select({ id: actions.id })
		.from(actions)
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.where(conditions(actor, view, visible, todayInParis(now)));
	return found.map((r) => r.id);
}

/**
 * Filters' choices: the visible groups, the owners (when there are no more than LISTED_PEOPLE
 * of them: else `ownersLimited`, and the filter searches them by name) and organisations
 * present on the board; and the name of the owner the view is filtered on, if any.
 */
export async function filterChoices(
	actor: NonNullable<Actor>,
	chosenOwner?: string,
	listed = LISTED_PEOPLE
) {
	const visible = await visibleGroups(actor);
	if (visible.ids.length === 0)
		return { groups: [], owners: [], ownersLimited: false, owner: null, organisations: [] };
	const [groupRows, ownerRows, orgRows, owner] = await Promise.all([
		db
			.select({ slug: groups.slug, name: groups.name })
			.from(groups)
			.where(inArray(groups.id, visible.ids)),
		db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(ownsVisible(actor, visible))
			.limit(listed + 1),
		db
			.select({ id: organisations.id, name: organisations.name })
			.from(organisations)
			.where(
				sql`exists (select 1 from ${actions} where ${actions.ownerOrganisationId} = ${organisations.id}
					and ${inArray(actions.groupId, visible.ids)})`
			),
		chosenOwner && isUuid(chosenOwner)
			? db
					.select({ id: users.id, name: users.name })
					.from(users)
					.where(eq(users.id, chosenOwner))
					.then(([row]) => row ?? null)
			: null
	]);
	const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);
	const ownersLimited = ownerRows.length > listed;
	return {
		groups: groupRows.sort(byName),
		owners: ownersLimited ? [] : ownerRows.sort(byName),
		ownersLimited,
		owner,
		organisations: orgRows.sort(byName)
	};
}

/** The people who own at least one action the person may see: whom the owner filter searches. */
export async function ownersOfVisible(actor: NonNullable<Actor>): Promise<SQL> {
	return ownsVisible(actor, await visibleGroups(actor));
}

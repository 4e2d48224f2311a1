import { and, eq, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { db } from '$lib/server/db';
import {
	actions,
	actionStatuses,
	groupMembers,
	groups,
	meetings,
	organisations,
	users
} from '$lib/server/db/schema';
import { addDays, todayInParis } from './dates';
import { findPeople, nameSearch } from './name-search';
import { can, type Actor } from './policy';

/**
 * The board's view, read from the URL so that a filtered board can be bookmarked and shared.
 * Unknown or malformed values fall back to the default instead of failing.
 */
export const boardQuerySchema = z.object({
	group: z.string().max(100).optional().catch(undefined),
	owner: z.string().max(100).optional().catch(undefined),
	organisation: z.uuid().optional().catch(undefined),
	status: z
		.string()
		.optional()
		.catch(undefined)
		.transform((v) => {
			const open: (typeof actionStatuses)[number][] = ['open', 'in_progress', 'blocked'];
			if (v === 'all') return [...actionStatuses];
			const chosen = (v ?? '')
				.split(',')
				.filter((s): s is (typeof actionStatuses)[number] =>
					(actionStatuses as readonly string[]).includes(s)
				);
			// Nothing recognisable in the URL is the default view, not every status.
			return chosen.length ? chosen : open;
		}),
	due: z.enum(['overdue', 'week', 'month', 'none']).optional().catch(undefined),
	meeting: z.uuid().optional().catch(undefined),
	sort: z.enum(['due', 'group', 'owner']).optional().catch(undefined).default('due'),
	by: z.enum(['none', 'group', 'owner', 'organisation']).optional().catch(undefined).default('none')
});
export type BoardQuery = z.output<typeof boardQuerySchema>;

export function parseBoardQuery(params: URLSearchParams): BoardQuery {
	return boardQuerySchema.parse(Object.fromEntries(params));
}

const ownerOrg = alias(organisations, 'owner_org');

const collator = new Intl.Collator('fr');
/** Names in French order, missing ones (no owner, no organisation) last. */
const byLabel = (a: string | null, b: string | null) =>
	a === null || b === null ? Number(a === null) - Number(b === null) : collator.compare(a, b);

export interface BoardRow {
	id: string;
	title: string;
	status: (typeof actionStatuses)[number];
	dueDate: string | null;
	overdue: boolean;
	detached: boolean;
	groupId: string;
	groupName: string;
	groupSlug: string;
	groupColor: string;
	ownerId: string | null;
	ownerName: string | null;
	organisationId: string | null;
	organisationName: string | null;
	meetingId: string | null;
	meetingTitle: string | null;
}

/**
 * What the board shows, computed by the database: the counts of the whole view, section by
 * section, and one page of its rows in the order shown. A view can hold tens of thousands of
 * actions on a large network; none of them is read just to be counted or skipped.
 */
export interface BoardSection {
	/** The group's, owner's or organisation's id, 'none' for no owner or organisation, 'all' for one section. */
	key: string;
	label: string | null;
	count: number;
	overdue: number;
}

export interface BoardSummary {
	total: number;
	overdue: number;
	/** In the order shown: by name, missing names last. */
	sections: BoardSection[];
	/** For each section, the keys its rows are sorted by (group or owner ids, 'none'). */
	orderKeys: Map<string, string[]>;
	/** Those keys' names. */
	orderLabels: Map<string, string | null>;
}

/**
 * The groups whose actions the person may see: every group for staff and directors, else theirs
 * and open ones. `every` says it is all of them, so that queries need not list them.
 */
async function visibleGroups(actor: NonNullable<Actor>): Promise<Visible> {
	const rows = await db
		.select({ group: groups, membership: groupMembers.role })
		.from(groups)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, actor.id))
		);
	const ids = rows
		.filter((r) =>
			can(actor, 'group.view', {
				status: r.group.status,
				joinPolicy: r.group.joinPolicy,
				membership: r.membership ?? null
			})
		)
		.map((r) => r.group.id);
	return { ids, every: ids.length === rows.length };
}
interface Visible {
	ids: string[];
	every: boolean;
}

/** Actions of the visible groups, and the person's own wherever they are. */
function inVisible(actor: NonNullable<Actor>, visible: Visible): SQL | undefined {
	// A person's own actions show even from a group they cannot otherwise see: an owner always
	// follows their action.
	if (visible.every) return undefined;
	return visible.ids.length
		? or(inArray(actions.groupId, visible.ids), eq(actions.ownerId, actor.id))
		: eq(actions.ownerId, actor.id);
}

/** The view's conditions. Rights are part of them: actions of groups the person may not see never load. */
function conditions(
	actor: NonNullable<Actor>,
	view: BoardQuery,
	visible: Visible,
	today: string
): SQL | undefined {
	const where: (SQL | undefined)[] = [inVisible(actor, visible)];
	if (view.status.length) where.push(inArray(actions.status, view.status));
	if (view.group)
		where.push(
			sql`${actions.groupId} in (select ${groups.id} from ${groups}
				where ${groups.slug} = ${view.group} or ${groups.id}::text = ${view.group})`
		);
	if (view.owner === 'me') where.push(eq(actions.ownerId, actor.id));
	else if (view.owner === 'none') where.push(isNull(actions.ownerId));
	else if (view.owner && z.uuid().safeParse(view.owner).success)
		where.push(eq(actions.ownerId, view.owner));
	if (view.organisation) where.push(eq(actions.ownerOrganisationId, view.organisation));
	if (view.meeting) where.push(eq(actions.meetingId, view.meeting));
	// Overdue as the rows say it: a closed action is never late.
	if (view.due === 'overdue')
		where.push(lt(actions.dueDate, today), notInArray(actions.status, ['done', 'cancelled']));
	if (view.due === 'week') where.push(lte(actions.dueDate, addDays(today, 7)));
	if (view.due === 'month') where.push(lte(actions.dueDate, addDays(today, 31)));
	if (view.due === 'none') where.push(isNull(actions.dueDate));
	return and(...where);
}

/** Late: past its due date and neither done nor cancelled (never null: undated is not late). */
const overdueSql = (today: string) =>
	sql`coalesce(${actions.dueDate} < ${today} and ${actions.status} not in ('done', 'cancelled'), false)`;

/** The name behind a section's or an order's key: a group, a person, an organisation. */
const nameOf = {
	group: (key: SQL) =>
		sql<string | null>`(select ${groups.name} from ${groups} where ${groups.id} = ${key}::uuid)`,
	person: (key: SQL) =>
		sql<
			string | null
		>`(select ${users.name} from ${users} where ${users.id} = nullif(${key}, 'none')::uuid)`,
	organisation: (key: SQL) =>
		sql<
			string | null
		>`(select ${organisations.name} from ${organisations} where ${organisations.id} = nullif(${key}, 'none')::uuid)`,
	nothing: () => sql<string | null>`null::text`
};
type Keyed = { column: PgColumn | null; label: (key: SQL) => SQL<string | null> };

/** What a section is read from and named by. */
const sectionOf: Record<BoardQuery['by'], Keyed> = {
	none: { column: null, label: nameOf.nothing },
	group: { column: actions.groupId, label: nameOf.group },
	owner: { column: actions.ownerId, label: nameOf.person },
	organisation: { column: actions.ownerOrganisationId, label: nameOf.organisation }
};
/** What rows are sorted by before their due date, within a section. */
const orderOf: Record<BoardQuery['sort'], Keyed> = {
	due: { column: null, label: nameOf.nothing },
	group: { column: actions.groupId, label: nameOf.group },
	owner: { column: actions.ownerId, label: nameOf.person }
};
/** A key as text: the id, 'none' for no owner or organisation, 'all' when there is no column. */
const keyOf = ({ column }: Keyed) => (column ? sql`coalesce(${column}::text, 'none')` : sql`'all'`);

/** Names in French order, missing ones last, then by key so that equal names keep one order. */
const byLabelThenKey = (
	a: { label: string | null; key: string },
	b: { label: string | null; key: string }
) => byLabel(a.label, b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

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

/** The section a row belongs to when the board is split `by`. */
export function sectionKey(row: BoardRow, by: BoardQuery['by']): string {
	if (by === 'group') return row.groupId;
	if (by === 'owner') return row.ownerId ?? 'none';
	if (by === 'organisation') return row.organisationId ?? 'none';
	return 'all';
}

/** Past this many owners on the board, the owner filter searches instead of listing them all. */
export const OWNERS_LISTED = 300;

/**
 * Filters' choices: the visible groups, the owners (when there are no more than OWNERS_LISTED
 * of them: else `ownersLimited`, and the filter searches with `searchOwners`) and organisations
 * present on the board; and the name of the owner the view is filtered on, if any.
 */
export async function filterChoices(
	actor: NonNullable<Actor>,
	chosenOwner?: string,
	listed = OWNERS_LISTED
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
		chosenOwner && z.uuid().safeParse(chosenOwner).success
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

/** People who own at least one action the person may see. */
function ownsVisible(actor: NonNullable<Actor>, visible: Visible): SQL {
	const seen = inVisible(actor, visible);
	return sql`exists (select 1 from ${actions} where ${actions.ownerId} = ${users.id}${seen ? sql` and ${seen}` : sql``})`;
}

/**
 * Owners of the actions the person may see whose name holds `text` (accents and case aside),
 * those whose name starts with it first: what the owner filter offers as one types.
 */
export async function searchOwners(actor: NonNullable<Actor>, text: string, limit = 10) {
	const search = nameSearch(users.name, text);
	if (!search) return [];
	const visible = await visibleGroups(actor);
	return findPeople(search, ownsVisible(actor, visible), limit);
}

/** The rows as CSV (semicolon-separated, as French spreadsheets expect), with a BOM for Excel. */
export function toCsv(
	rows: BoardRow[],
	headers: string[],
	statusLabel: (s: string) => string
): string {
	const cell = (v: string | null) => {
		const text = v ?? '';
		// A leading =, +, - or @ would run as a formula in a spreadsheet.
		const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
		return /[";\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	const lines = [headers.map(cell).join(';')];
	for (const r of rows) {
		lines.push(
			[
				r.title,
				statusLabel(r.status),
				r.dueDate,
				r.groupName,
				r.ownerName,
				r.organisationName,
				r.meetingTitle
			]
				.map(cell)
				.join(';')
		);
	}
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

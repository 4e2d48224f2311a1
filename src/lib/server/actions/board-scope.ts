import { and, eq, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { actions, groups, organisations, users } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { addDays } from '../dates';
import { groupsWithRole } from '../groups';
import { can, type Actor } from '../policy';
import type { BoardQuery } from './board-view';

// What a person's board is made of, as SQL: the groups they see, the view's conditions, and the
// keys and names its sections and orders are read from.

export const collator = new Intl.Collator('fr');
/** Names in French order, missing ones (no owner, no organisation) last. */
const byLabel = (a: string | null, b: string | null) =>
	a === null || b === null ? Number(a === null) - Number(b === null) : collator.compare(a, b);

/**
 * The groups whose actions the person may see: every group for staff and directors, else theirs
 * and open ones. `every` says it is all of them, so that queries need not list them.
 */
export async function visibleGroups(actor: NonNullable<Actor>): Promise<Visible> {
	const rows = await groupsWithRole(actor.id);
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
export interface Visible {
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
export function conditions(
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
	else if (view.owner && isUuid(view.owner)) where.push(eq(actions.ownerId, view.owner));
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
export const overdueSql = (today: string) =>
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
export type Keyed = { column: PgColumn | null; label: (key: SQL) => SQL<string | null> };

/** What a section is read from and named by. */
export const sectionOf: Record<BoardQuery['by'], Keyed> = {
	none: { column: null, label: nameOf.nothing },
	group: { column: actions.groupId, label: nameOf.group },
	owner: { column: actions.ownerId, label: nameOf.person },
	organisation: { column: actions.ownerOrganisationId, label: nameOf.organisation }
};
/** What rows are sorted by before their due date, within a section. */
export const orderOf: Record<BoardQuery['sort'], Keyed> = {
	due: { column: null, label: nameOf.nothing },
	group: { column: actions.groupId, label: nameOf.group },
	owner: { column: actions.ownerId, label: nameOf.person }
};
/** A key as text: the id, 'none' for no owner or organisation, 'all' when there is no column. */
export const keyOf = ({ column }: Keyed) =>
	column ? sql`coalesce(${column}::text, 'none')` : sql`'all'`;

/** Names in French order, missing ones last, then by key so that equal names keep one order. */
export const byLabelThenKey = (
	a: { label: string | null; key: string },
	b: { label: string | null; key: string }
) => byLabel(a.label, b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** People who own at least one action the person may see. */
export function ownsVisible(actor: NonNullable<Actor>, visible: Visible): SQL {
	const seen = inVisible(actor, visible);
	return sql`exists (select 1 from ${actions} where ${actions.ownerId} = ${users.id}${seen ? sql` and ${seen}` : sql``})`;
}

import { and, asc, eq, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
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

/** The groups whose actions the person may see: every group for staff and directors, else theirs and open ones. */
async function visibleGroupIds(actor: NonNullable<Actor>): Promise<string[]> {
	const rows = await db
		.select({ group: groups, membership: groupMembers.role })
		.from(groups)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, actor.id))
		);
	return rows
		.filter((r) =>
			can(actor, 'group.view', {
				status: r.group.status,
				joinPolicy: r.group.joinPolicy,
				membership: r.membership ?? null
			})
		)
		.map((r) => r.group.id);
}

/**
 * Every action the person may see that matches the view, overdue first then soonest due by
 * default. Rights are part of the query: actions of groups the person may not see never load.
 */
export async function query(
	actor: NonNullable<Actor>,
	view: BoardQuery,
	now = new Date()
): Promise<BoardRow[]> {
	const visible = await visibleGroupIds(actor);
	const today = todayInParis(now);
	// A person's own actions show even from a group they cannot otherwise see: an owner always
	// follows their action.
	const where: (SQL | undefined)[] = [
		visible.length
			? or(inArray(actions.groupId, visible), eq(actions.ownerId, actor.id))
			: eq(actions.ownerId, actor.id)
	];
	if (view.status.length) where.push(inArray(actions.status, view.status));
	if (view.group)
		where.push(sql`(${groups.slug} = ${view.group} or ${groups.id}::text = ${view.group})`);
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

	const rows = await db
		.select({
			id: actions.id,
			title: actions.title,
			status: actions.status,
			dueDate: actions.dueDate,
			detachedAt: actions.detachedAt,
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
		.from(actions)
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.leftJoin(users, eq(users.id, actions.ownerId))
		.leftJoin(ownerOrg, eq(ownerOrg.id, actions.ownerOrganisationId))
		.leftJoin(meetings, eq(meetings.id, actions.meetingId))
		.where(and(...where))
		.orderBy(asc(actions.dueDate), asc(actions.createdAt))
		.limit(5000);

	const result: BoardRow[] = rows.map(({ detachedAt, ...r }) => ({
		...r,
		detached: detachedAt !== null,
		overdue: !!r.dueDate && r.dueDate < today && !['done', 'cancelled'].includes(r.status)
	}));
	const byDue = (a: BoardRow, b: BoardRow) =>
		Number(b.overdue) - Number(a.overdue) ||
		(a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
	const sorters: Record<BoardQuery['sort'], (a: BoardRow, b: BoardRow) => number> = {
		due: byDue,
		group: (a, b) => byLabel(a.groupName, b.groupName) || byDue(a, b),
		owner: (a, b) => byLabel(a.ownerName, b.ownerName) || byDue(a, b)
	};
	return result.sort(sorters[view.sort]);
}

/** Rows split into sections by group, owner or organisation, with counts. */
export function sections(rows: BoardRow[], by: BoardQuery['by']) {
	if (by === 'none') return [{ key: 'all', label: null as string | null, rows }];
	const map = new Map<string, { key: string; label: string | null; rows: BoardRow[] }>();
	for (const row of rows) {
		const [key, label] =
			by === 'group'
				? [row.groupId, row.groupName]
				: by === 'owner'
					? [row.ownerId ?? 'none', row.ownerName]
					: [row.organisationId ?? 'none', row.organisationName];
		const section = map.get(key) ?? { key, label, rows: [] };
		section.rows.push(row);
		map.set(key, section);
	}
	return [...map.values()].sort((a, b) => byLabel(a.label, b.label));
}

/** Filters' choices: the visible groups, the owners and organisations present on the board. */
export async function filterChoices(actor: NonNullable<Actor>) {
	const visible = await visibleGroupIds(actor);
	if (visible.length === 0) return { groups: [], owners: [], organisations: [] };
	const [groupRows, ownerRows, orgRows] = await Promise.all([
		db
			.select({ slug: groups.slug, name: groups.name })
			.from(groups)
			.where(inArray(groups.id, visible)),
		db
			.selectDistinct({ id: users.id, name: users.name })
			.from(actions)
			.innerJoin(users, eq(users.id, actions.ownerId))
			.where(inArray(actions.groupId, visible)),
		db
			.selectDistinct({ id: organisations.id, name: organisations.name })
			.from(actions)
			.innerJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
			.where(inArray(actions.groupId, visible))
	]);
	const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);
	return {
		groups: groupRows.sort(byName),
		owners: ownerRows.sort(byName),
		organisations: orgRows.sort(byName)
	};
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

import { z } from 'zod';
import { actionStatuses } from '$lib/server/db/schema';

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

/** The section a row belongs to when the board is split `by`. */
export function sectionKey(row: BoardRow, by: BoardQuery['by']): string {
	if (by === 'group') return row.groupId;
	if (by === 'owner') return row.ownerId ?? 'none';
	if (by === 'organisation') return row.organisationId ?? 'none';
	return 'all';
}

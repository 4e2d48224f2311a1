import type { MessageKey } from '$lib/i18n';
import { isMonth } from '$lib/months';

/**
 * The calendar's address: `/agenda?mois=2026-03&vue=liste&groupe=mobilites`. Every part is
 * optional; a part that is not valid is dropped, and the page says so, rather than refused.
 */

export const views = { mois: 'month', liste: 'list' } as const;
export type View = (typeof views)[keyof typeof views];

export interface AgendaQuery {
	month: string;
	view: View;
	/** The slug of the group shown alone; null for every group. */
	group: string | null;
	/** Why a part of the address was not followed, to tell the person. */
	problems: MessageKey[];
}

/**
 * Reads the address. `groups` are the slugs of the groups the person may read: a group they may
 * not read is treated exactly like one that does not exist, so the answer leaks nothing.
 */
export function readQuery(
	params: URLSearchParams,
	groups: ReadonlySet<string>,
	currentMonth: string
): AgendaQuery {
	const problems: MessageKey[] = [];
	const rawMonth = params.get('mois')?.trim() ?? '';
	let month = currentMonth;
	if (rawMonth) {
		if (isMonth(rawMonth)) month = rawMonth;
		else problems.push('agenda.month_invalid');
	}
	const rawView = params.get('vue')?.trim() ?? '';
	let view: View = 'month';
	if (rawView) {
		if (Object.hasOwn(views, rawView)) view = views[rawView as keyof typeof views];
		else problems.push('agenda.view_invalid');
	}
	const rawGroup = params.get('groupe')?.trim() ?? '';
	let group: string | null = null;
	if (rawGroup) {
		if (groups.has(rawGroup)) group = rawGroup;
		else problems.push('agenda.group_unknown');
	}
	return { month, view, group, problems };
}

/** The address of the calendar with these choices; parts left at their default are omitted. */
export function agendaHref(
	query: Pick<AgendaQuery, 'month' | 'view' | 'group'>,
	currentMonth?: string
): string {
	const params = new URLSearchParams();
	if (query.month !== currentMonth) params.set('mois', query.month);
	if (query.view === 'list') params.set('vue', 'liste');
	if (query.group) params.set('groupe', query.group);
	const search = params.toString();
	return search ? `/agenda?${search}` : '/agenda';
}

import { addMonths } from '$lib/months';
import { isUuid } from '$lib/uuid';
import { todayInParis } from '../dates';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The dashboard's filters, as the URL carries them; what cannot be read is reported, not fatal. */
export interface DashboardFilters {
	/** The month looked at ('2026-11'): meetings held in it, the 12 months of trends ending with it. */
	month: string;
	theme: string | null;
	organisationId: string | null;
	sort: 'attention' | 'name' | 'activity';
}

export function parseFilters(
	params: URLSearchParams,
	now = new Date()
): { filters: DashboardFilters; invalid: string[] } {
	const invalid: string[] = [];
	const current = todayInParis(now).slice(0, 7);
	const month = params.get('mois') ?? '';
	const organisation = params.get('organisation') ?? '';
	const sort = params.get('tri') ?? '';
	if (month && !MONTH.test(month)) invalid.push('mois');
	if (organisation && !isUuid(organisation)) invalid.push('organisation');
	if (sort && !['attention', 'nom', 'activite'].includes(sort)) invalid.push('tri');
	return {
		filters: {
			month: month && MONTH.test(month) && month <= current ? month : current,
			theme: (params.get('theme') ?? '').trim().slice(0, 200) || null,
			organisationId: invalid.includes('organisation') ? null : organisation || null,
			sort: sort === 'nom' ? 'name' : sort === 'activite' ? 'activity' : 'attention'
		},
		invalid
	};
}

/** The twelve months ending with `month`, oldest first ('2025-12' … '2026-11'). */
export function monthsEnding(month: string, count = 12): string[] {
	return Array.from({ length: count }, (_, i) => addMonths(month, i - (count - 1)));
}

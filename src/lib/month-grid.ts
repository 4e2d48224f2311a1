import { dateTimeFormat } from '$lib/i18n';

/**
 * The weeks a month view shows for `month` (YYYY-MM): Monday to Sunday, as calendars are read in
 * France, from the week of the 1st to the week of the last day. Days are YYYY-MM-DD; those of the
 * weeks' edges belong to the months before and after.
 */
export function monthWeeks(month: string): string[][] {
	const [year, m] = month.split('-').map(Number);
	const first = new Date(Date.UTC(year, m - 1, 1));
	const last = new Date(Date.UTC(year, m, 0));
	// getUTCDay: 0 is Sunday; days back to the Monday of the first week.
	const start = new Date(first);
	start.setUTCDate(1 - ((first.getUTCDay() + 6) % 7));
	const weeks: string[][] = [];
	for (const day = start; day <= last;) {
		const week: string[] = [];
		for (let i = 0; i < 7; i++) {
			week.push(day.toISOString().slice(0, 10));
			day.setUTCDate(day.getUTCDate() + 1);
		}
		weeks.push(week);
	}
	return weeks;
}

/** The names of the days of the week from Monday, long ("lundi") or short ("lun."). */
export function weekdayNames(locale: string, width: 'long' | 'short'): string[] {
	const format = dateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
	// 5 January 2026 was a Monday.
	return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2026, 0, 5 + i))));
}

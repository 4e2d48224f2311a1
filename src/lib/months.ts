/** Calendar months written YYYY-MM ('2026-11'), the periods of the monthly report. */
import { dateTimeFormat } from '$lib/i18n';

/** True for a month written YYYY-MM, between the years 2000 and 2999. */
export function isMonth(value: unknown): value is string {
	return typeof value === 'string' && /^2\d{3}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month of a calendar date (YYYY-MM-DD). */
export function monthOf(isoDate: string): string {
	return isoDate.slice(0, 7);
}

/** The month `count` months after `month` (before it when negative). */
export function addMonths(month: string, count: number): string {
	const [year, m] = month.split('-').map(Number);
	const index = year * 12 + (m - 1) + count;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The quarter a month falls in, as check-ins name it when their period is a quarter: '2026-Q4'. */
export function quarterOf(month: string): string {
	return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** "novembre 2026", "November 2026": a month in the reader's words. */
export function formatMonth(locale: string, month: string): string {
	return dateTimeFormat(locale, {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${month}-15T12:00:00Z`));
}

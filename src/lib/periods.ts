import type { Locale } from '$lib/i18n';
import { formatMonth, isMonth } from './months';

/** A check-in period in words: '2026-11' → "novembre 2026", '2026-Q4' → "T4 2026" ("Q4 2026"). */
export function periodLabel(locale: Locale, period: string): string {
	const quarter = /^(\d{4})-Q(\d)$/.exec(period);
	if (quarter) return `${locale === 'fr' ? 'T' : 'Q'}${quarter[2]} ${quarter[1]}`;
	return isMonth(period) ? formatMonth(locale, period) : period;
}

import { dateTimeFormat, type Locale } from '$lib/i18n';

/** A check-in period in words: '2026-11' → "novembre 2026", '2026-Q4' → "T4 2026" ("Q4 2026"). */
export function periodLabel(locale: Locale, period: string): string {
	const quarter = /^(\d{4})-Q(\d)$/.exec(period);
	if (quarter) return `${locale === 'fr' ? 'T' : 'Q'}${quarter[2]} ${quarter[1]}`;
	if (!/^\d{4}-\d{2}$/.test(period)) return period;
	return dateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${period}-15T12:00:00Z`)
	);
}

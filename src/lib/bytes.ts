import { numberFormat, type Locale } from '$lib/i18n';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in bytes as people read it: "840 octets", "1,2 Mo", "3.4 GB" (powers of 1,024). */
export function formatBytes(locale: Locale, bytes: number): string {
	let value = Math.max(0, bytes);
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	return numberFormat(locale, {
		style: 'unit',
		unit: UNITS[unit],
		unitDisplay: unit === 0 ? 'long' : 'short',
		maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1
	}).format(value);
}

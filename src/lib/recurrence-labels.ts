import { dateTimeFormat, translate, type Locale } from '$lib/i18n';
import { dateParts, normaliseRule, type RepeatRule } from './recurrence';

/** "mardi", "Tuesday": the weekday's name (0 is Sunday). */
export function weekdayName(locale: Locale, weekday: number): string {
	// 7 January 2024 was a Sunday.
	return dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
		new Date(Date.UTC(2024, 0, 7 + weekday, 12))
	);
}

const englishSuffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' } as Record<string, string>;

/** "le 1er", "le 14"; "the 1st", "the 14th": a day of the month. */
export function dayOfMonth(locale: Locale, day: number): string {
	if (locale === 'fr') return day === 1 ? '1er' : String(day);
	const form = new Intl.PluralRules('en', { type: 'ordinal' }).select(day);
	return `${day}${englishSuffix[form] ?? 'th'}`;
}

/** What a rule's words need, read from the series' first date. */
function params(locale: Locale, anchor: string) {
	const parts = dateParts(anchor);
	return {
		weekday: weekdayName(locale, parts.weekday),
		ordinal: translate(locale, `repeat.ordinal.${Math.min(parts.ordinal, 4) as 1 | 2 | 3 | 4}`),
		day: dayOfMonth(locale, parts.day)
	};
}

/**
 * A choice of the form's "Répétition" list: "Chaque mois, le 2e mardi" once the start is known
 * (`anchor`, its date), "Chaque mois, même jour de la semaine" before.
 */
export function repeatChoice(locale: Locale, rule: RepeatRule, anchor: string | null): string {
	if (!anchor) return translate(locale, `repeat.generic.${rule}`);
	return translate(locale, `repeat.choice.${normaliseRule(rule, anchor)}`, params(locale, anchor));
}

/** "Réunion mensuelle, 2e mardi": what a meeting of a series says about it. */
export function seriesLabel(locale: Locale, rule: RepeatRule, anchor: string): string {
	return translate(locale, `series.label.${normaliseRule(rule, anchor)}`, params(locale, anchor));
}

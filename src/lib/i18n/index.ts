import { en } from './messages/en';
import { fr, type Messages } from './messages/fr';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

export type MessageKey = keyof Messages;
export type Params = Record<string, string | number>;

const catalogues: Record<Locale, Messages> = { fr, en };

// Building an Intl formatter costs tens of microseconds, formatting with one almost nothing: a
// page of two hundred cards formats thousands of numbers and dates, so each is built once.
const formatters = new Map<string, Intl.NumberFormat | Intl.PluralRules | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.PluralRules | Intl.DateTimeFormat>(
	key: string,
	build: () => T
): T {
	let formatter = formatters.get(key) as T | undefined;
	if (!formatter) formatters.set(key, (formatter = build()));
	return formatter;
}
const pluralRules = (locale: string) =>
	cached(`plural:${locale}`, () => new Intl.PluralRules(locale));
/** A number formatter for `locale` and `options`, built once. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}) {
	return cached(
		`number:${locale}:${JSON.stringify(options)}`,
		() => new Intl.NumberFormat(locale, options)
	);
}

/** A date formatter for `locale` and `options`, built once. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions) {
	return cached(
		`date:${locale}:${JSON.stringify(options)}`,
		() => new Intl.DateTimeFormat(locale, options)
	);
}

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && value in fr;
}

/**
 * The message for `key` in `locale`, with `{name}` placeholders filled from `params`.
 * A message may have plural forms (`{ one, other }`), chosen by `params.count`.
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
	const entry = catalogues[locale][key] ?? fr[key];
	let text: string;
	if (typeof entry === 'string') {
		text = entry;
	} else {
		const count = Number(params?.count ?? 0);
		const form = pluralRules(locale).select(count) as keyof typeof entry;
		text = entry[form] ?? entry.other;
	}
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? formatParam(locale, params[name]) : whole
	);
}

function formatParam(locale: Locale, value: string | number): string {
	return typeof value === 'number' ? numberFormat(locale).format(value) : value;
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(header: string | null | undefined): Locale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((part) => {
			const [tag, ...rest] = part.trim().split(';');
			const q = rest.find((p) => p.trim().startsWith('q='));
			return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
		})
		.filter((entry) => entry.tag && entry.q > 0)
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranked) {
		const base = tag.split('-')[0];
		if (isLocale(base)) return base;
	}
	return undefined;
}

export function formatDate(
	locale: Locale,
	value: Date | string | number,
	style: 'date' | 'datetime' | 'long' = 'date'
): string {
	const date = value instanceof Date ? value : new Date(value);
	const options: Intl.DateTimeFormatOptions =
		style === 'date'
			? { dateStyle: 'medium' }
			: style === 'long'
				? { dateStyle: 'full' }
				: { dateStyle: 'medium', timeStyle: 'short' };
	return dateTimeFormat(locale, { ...options, timeZone: 'Europe/Paris' }).format(date);
}

/**
 * A calendar date (YYYY-MM-DD) as a day in words, "15 mars" ("15 mars 2027" in another year than
 * this one, or with `year`): the same day wherever it is read.
 */
export function formatDay(locale: Locale, iso: string, year: 'auto' | 'always' = 'auto'): string {
	const date = new Date(`${iso}T12:00:00Z`);
	const withYear = year === 'always' || date.getUTCFullYear() !== new Date().getUTCFullYear();
	return dateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		...(withYear && { year: 'numeric' }),
		timeZone: 'UTC'
	}).format(date);
}

/** A calendar date (YYYY-MM-DD) with its weekday, "jeudi 8 avril": the days of an event. */
export function formatWeekday(locale: Locale, iso: string): string {
	return dateTimeFormat(locale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		timeZone: 'UTC'
	}).format(new Date(`${iso}T12:00:00Z`));
}

export function formatNumber(locale: Locale, value: number): string {
	return numberFormat(locale).format(value);
}

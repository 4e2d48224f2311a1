/**
 * The rules of repeating meetings, on calendar dates (YYYY-MM-DD) and wall-clock times
 * (YYYY-MM-DDTHH:mm) without time zone, so that the browser (labels) and the server (dates)
 * read them alike. Turning a wall-clock time into an instant in Paris is the server's.
 */

export const repeatRules = [
	'weekly',
	'biweekly',
	'monthly_weekday',
	'monthly_last_weekday',
	'monthly_day'
] as const;
export type RepeatRule = (typeof repeatRules)[number];

/** A series has at most this many meetings… */
export const MAX_OCCURRENCES = 52;
/** …and its last one is at most this many months after its first. */
export const MAX_SPAN_MONTHS = 12;

const DAY = 86_400_000;
const utc = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const isoOf = (date: Date) => date.toISOString().slice(0, 10);
const daysInMonth = (year: number, month: number) =>
	new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

export function isRepeatRule(value: unknown): value is RepeatRule {
	return typeof value === 'string' && (repeatRules as readonly string[]).includes(value);
}

/** What a date says for the rules: its weekday (0 is Sunday), which one of the month, its day. */
export function dateParts(iso: string) {
	const date = utc(iso);
	const day = date.getUTCDate();
	const length = daysInMonth(date.getUTCFullYear(), date.getUTCMonth());
	return {
		weekday: date.getUTCDay(),
		/** 1 for the first Tuesday of the month, … 5 for a fifth one. */
		ordinal: Math.ceil(day / 7),
		/** No other day of that name comes after it in the month. */
		last: day + 7 > length,
		day
	};
}

/**
 * The rule as the series keeps it: "every month, 5th Tuesday" exists only in some months, so a
 * series starting on a fifth weekday repeats on the last one of each month.
 */
export function normaliseRule(rule: RepeatRule, anchor: string): RepeatRule {
	return rule === 'monthly_weekday' && dateParts(anchor).ordinal === 5
		? 'monthly_last_weekday'
		: rule;
}

/** Whether a series may start on `anchor` with `rule`: "last Tuesday" starts on a last Tuesday. */
export function ruleFits(rule: RepeatRule, anchor: string): boolean {
	return rule !== 'monthly_last_weekday' || dateParts(anchor).last;
}

/** The date `months` months after `iso`, on the last day of that month when it is shorter. */
export function addMonths(iso: string, months: number): string {
	const date = utc(iso);
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth() + months;
	const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
	return isoOf(new Date(Date.UTC(year, month, day)));
}

/**
 * The date of the meeting `index` of a series (0 is its first, on `anchor`). Each date is
 * counted from the first one, never from the one before: a series on the 31st falls on the 30th
 * in April and comes back to the 31st in May; on the 29th, 30th or 31st it falls on the last day
 * of February. "Every month, second Tuesday" is always the second Tuesday; "last Tuesday" the
 * last one, whether the month has four or five.
 */
export function occurrenceDate(rule: RepeatRule, anchor: string, index: number): string {
	const start = utc(anchor);
	if (rule === 'weekly') return isoOf(new Date(start.getTime() + index * 7 * DAY));
	if (rule === 'biweekly') return isoOf(new Date(start.getTime() + index * 14 * DAY));
	if (rule === 'monthly_day') return addMonths(anchor, index);
	const first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + index, 1));
	const year = first.getUTCFullYear();
	const month = first.getUTCMonth();
	const { weekday, ordinal } = dateParts(anchor);
	if (rule === 'monthly_weekday' && ordinal < 5) {
		const day = 1 + ((weekday - first.getUTCDay() + 7) % 7) + 7 * (ordinal - 1);
		return isoOf(new Date(Date.UTC(year, month, day)));
	}
	const length = daysInMonth(year, month);
	const lastWeekday = new Date(Date.UTC(year, month, length)).getUTCDay();
	return isoOf(new Date(Date.UTC(year, month, length - ((lastWeekday - weekday + 7) % 7))));
}

export type SeriesEnd = { until: string } | { count: number };

/**
 * The dates of a series, from `anchor` to its end: the last date on or before `until`, or
 * `count` dates. Never more than one past MAX_OCCURRENCES, so that a caller can tell "too many".
 */
export function seriesDates(rule: RepeatRule, anchor: string, end: SeriesEnd): string[] {
	const dates: string[] = [];
	for (let index = 0; dates.length <= MAX_OCCURRENCES; index++) {
		if ('count' in end && index >= end.count) break;
		const date = occurrenceDate(rule, anchor, index);
		if ('until' in end && date > end.until) break;
		dates.push(date);
	}
	return dates;
}

/** Minutes from one wall-clock time to another. */
export function wallMinutes(from: string, to: string): number {
	return Math.round((Date.parse(`${to}:00Z`) - Date.parse(`${from}:00Z`)) / 60_000);
}

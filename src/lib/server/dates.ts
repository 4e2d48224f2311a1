import * as chrono from 'chrono-node';
import { dateTimeFormat } from '$lib/i18n';

/**
 * A day was written, not only a time ("à 14h", "5pm") or a span of hours or minutes: chrono
 * reads "send the minutes" as one minute from now, which is no due date.
 */
function namesADay(result: chrono.ParsedResult): boolean {
	if (result.tags().has('result/relativeDateAndTime')) return false;
	return (['day', 'weekday', 'month'] as const).some((c) => result.start.isCertain(c));
}

/**
 * The date written in a sentence, French first then English: "avant le 15/03", "pour le 3
 * décembre", "vendredi prochain", "by March 15". Dates without a year are the next such date
 * after `reference`, so a note written in November that says "15/03" means next March.
 * Relative dates ("demain", "vendredi prochain") count from the day it is in Paris at
 * `reference`, whatever the server's time zone: "demain" written at 00:30 in Paris is the next
 * Paris day, even on a server whose clock still says the day before.
 * Returns an ISO date (YYYY-MM-DD) and the words that gave it, or null.
 */
export function findDate(
	text: string,
	reference: Date = new Date()
): { date: string; text: string } | null {
	const at = { instant: reference, timezone: parisOffsetMinutes(reference) };
	const options = { forwardDate: true };
	const result =
		chrono.fr.parse(text, at, options).find(namesADay) ??
		chrono.en.parse(text, at, options).find(namesADay);
	if (!result) return null;
	// The calendar day as written (or as chrono counted it in Paris): its components, never the
	// instant, which the server's time zone would move to another day.
	const parts = [result.start.get('year'), result.start.get('month'), result.start.get('day')];
	if (parts.some((n) => n === null)) return null;
	const iso = parts.map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
	return { date: iso, text: result.text };
}

/** Today's date in Paris, as YYYY-MM-DD: the network's days start and end there. */
export function todayInParis(now: Date = new Date()): string {
	return dateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

export { isIsoDate } from '$lib/dates';

export function addDays(isoDate: string, days: number): string {
	const d = new Date(`${isoDate}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

const PARIS = 'Europe/Paris';

/**
 * Paris's offset by UTC hour: it only changes on the hour (at a change of summer time), and
 * asking Intl for it is slow enough to show in a page listing hundreds of slots.
 */
const offsets = new Map<number, number>();

/** Minutes to add to UTC to get Paris time at `instant` (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: Date): number {
	const hour = Math.floor(instant.getTime() / 3_600_000);
	const known = offsets.get(hour);
	if (known !== undefined) return known;
	if (offsets.size > 50_000) offsets.clear();
	const offset = measuredOffset(instant);
	if (!isNaN(offset)) offsets.set(hour, offset);
	return offset;
}

function measuredOffset(instant: Date): number {
	const parts = dateTimeFormat('en-US', {
		timeZone: PARIS,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(instant);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return Math.round((asUtc - Math.floor(instant.getTime() / 60000) * 60000) / 60000);
}

/**
 * A wall-clock time in Paris ("2026-12-03T14:00", as a datetime-local field gives it) as an
 * instant. Null when the text is not such a time.
 */
export function parisLocalToDate(value: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
	if (!m) return null;
	const [, y, mo, d, h, mi] = m.map(Number);
	const guess = Date.UTC(y, mo - 1, d, h, mi);
	// Date.UTC rolls 31 February over into March: a day or hour that does not exist is refused.
	const asWritten = new Date(guess);
	if (isNaN(guess) || asWritten.toISOString().slice(0, 16) !== value.trim()) return null;
	const first = guess - parisOffsetMinutes(new Date(guess)) * 60000;
	const result = guess - parisOffsetMinutes(new Date(first)) * 60000;
	const check = new Date(result);
	return isNaN(check.getTime()) ? null : check;
}

/** An instant as a Paris wall-clock time for a datetime-local field. */
export function dateToParisLocal(instant: Date): string {
	const local = new Date(instant.getTime() + parisOffsetMinutes(instant) * 60000);
	return local.toISOString().slice(0, 16);
}

import { addDays, parisLocalToDate, todayInParis } from '../dates';

/**
 * The days a network of Alsatian companies meets on: Monday to Friday, outside public holidays
 * (the national ones, plus Good Friday and Saint Stephen's Day kept in Alsace-Moselle) and the
 * week between Christmas and New Year, when the factories close.
 */

/** Easter Sunday of a year (the Gregorian computus), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function holidays(year: number): Set<string> {
	const easter = easterSunday(year);
	const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25', '12-26'];
	return new Set([
		...fixed.map((md) => `${year}-${md}`),
		addDays(easter, -2), // Good Friday (Alsace-Moselle)
		addDays(easter, 1), // Easter Monday
		addDays(easter, 39), // Ascension
		addDays(easter, 50) // Whit Monday
	]);
}

/** Whether the network works on this day (YYYY-MM-DD). */
export function isWorkingDay(iso: string): boolean {
	const weekday = new Date(`${iso}T12:00:00Z`).getUTCDay();
	if (weekday === 0 || weekday === 6) return false;
	const monthDay = iso.slice(5);
	if (monthDay >= '12-24') return false;
	return !holidays(Number(iso.slice(0, 4))).has(iso);
}

/** The day itself when the network works on it, else the next (or previous) one it works on. */
export function workingDay(iso: string, direction: 1 | -1 = 1): string {
	let day = iso;
	while (!isWorkingDay(day)) day = addDays(day, direction);
	return day;
}

/**
 * A working day `inDays` from today at a Paris wall-clock hour ("09:30"), as an instant. It stays
 * on the side of today it was asked for: a past day moves back, a future one forward.
 */
export function workingDayAt(inDays: number, time: string, now = new Date()): Date {
	const day = workingDay(addDays(todayInParis(now), inDays), inDays < 0 ? -1 : 1);
	return parisLocalToDate(`${day}T${time}`)!;
}

/** The `n`th working day after the day of `instant` (in Paris), at a wall-clock hour. */
export function workingDaysAfter(instant: Date, n: number, time: string): Date {
	let day = todayInParis(instant);
	for (let i = 0; i < n; i++) day = workingDay(addDays(day, 1));
	return parisLocalToDate(`${day}T${time}`)!;
}

import { addDays, dateToParisLocal, parisLocalToDate, todayInParis } from '../dates';

export type Cadence = 'daily' | 'weekly';

/** Digests go out from this hour, Paris time: after the night, before the working day. */
export const SEND_HOUR = 7;

/**
 * One digest: what it covers and the day that names it in the reminder log, so that it is sent
 * once however often the job runs. The daily digest of a day covers the day before; the weekly
 * one, sent on Monday, covers Monday to Sunday of the week before. Both windows are whole days
 * in Paris, so the same digest is computed whenever the job runs that day.
 */
export interface Period {
	cadence: Cadence;
	/** The day the digest is sent (Paris), YYYY-MM-DD. */
	today: string;
	/** The first and last day it covers, YYYY-MM-DD. */
	firstDay: string;
	lastDay: string;
	/** The same days as instants: [from, to). */
	from: Date;
	to: Date;
	/** The reminder-log kind that records it (with `today` as its day). */
	logKind: `digest_${Cadence}`;
}

const midnight = (day: string) => parisLocalToDate(`${day}T00:00`)!;

export function periodOf(cadence: Cadence, today: string): Period {
	const firstDay = addDays(today, cadence === 'daily' ? -1 : -7);
	return {
		cadence,
		today,
		firstDay,
		lastDay: addDays(today, -1),
		from: midnight(firstDay),
		to: midnight(today),
		logKind: `digest_${cadence}`
	};
}

/** Monday is 1, Sunday 7, as the calendar of the network counts. */
export function weekday(day: string): number {
	return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

/**
 * The digests due at `now`: none before SEND_HOUR in Paris; the daily one after it; on Mondays
 * also the weekly one. A Monday missed (the server down all day) is not caught up on Tuesday:
 * a weekly digest that arrives mid-week would say "last week" about a week that is long gone.
 */
export function duePeriods(now: Date): Period[] {
	const hour = Number(dateToParisLocal(now).slice(11, 13));
	if (hour < SEND_HOUR) return [];
	const today = todayInParis(now);
	const due = [periodOf('daily', today)];
	if (weekday(today) === 1) due.push(periodOf('weekly', today));
	return due;
}

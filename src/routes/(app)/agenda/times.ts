import { dateTimeFormat } from '$lib/i18n';

/** A meeting's hours in Paris time, "14:00 – 16:00" (with the days when it spans several). */
export function hours(locale: string, startsAt: Date | string, endsAt: Date | string): string {
	return dateTimeFormat(locale, {
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Europe/Paris'
	}).formatRange(new Date(startsAt), new Date(endsAt));
}

/** When a meeting begins, "14:00", in Paris time. */
export function startTime(locale: string, startsAt: Date | string): string {
	return dateTimeFormat(locale, {
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Europe/Paris'
	}).format(new Date(startsAt));
}

/** A calendar day (YYYY-MM-DD) as a heading: "mardi 10 mars". */
export function dayHeading(locale: string, day: string): string {
	return dateTimeFormat(locale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		timeZone: 'UTC'
	}).format(new Date(`${day}T12:00:00Z`));
}

import { db } from '$lib/server/db';
import { eventSlots } from '$lib/server/db/schema';
import type { EventAudience } from '$lib/events';
import { addDays, parisLocalToDate, todayInParis } from '$lib/server/dates';

// What the demo's two editions of the open-house event share: their days start on a Tuesday,
// and every site offers the same slots each day.

/** A day's slots: start (Paris time), audience, places. */
export type SlotPlan = [time: string, audience: EventAudience, capacity: number][];

/** The first Tuesday at least `days` from today (before it when negative). */
export function firstTuesdayFrom(days: number): string {
	let day = addDays(todayInParis(), days);
	while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 2) day = addDays(day, 1);
	return day;
}

/** Each site's slots of `plan` on each of `days`, an hour and a half each. */
export function insertSlots(
	eventId: string,
	sites: { id: string }[],
	days: string[],
	plan: SlotPlan
) {
	return db
		.insert(eventSlots)
		.values(
			sites.flatMap((site) =>
				days.flatMap((day) =>
					plan.map(([time, audience, capacity]) => ({
						eventId,
						siteId: site.id,
						startsAt: parisLocalToDate(`${day}T${time}`)!,
						durationMinutes: 90,
						capacity,
						audience
					}))
				)
			)
		)
		.returning();
}

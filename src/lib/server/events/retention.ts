import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { eventRegistrations, events, outbox } from '$lib/server/db/schema';
import { todayInParis } from '../dates';
import { visitorRetentionMonths } from '../settings';

/** The last day of an event whose visitors' data must be erased today, for a retention in months. */
export function erasableBefore(today: string, months: number): string {
	const [y, m, d] = today.split('-').map(Number);
	const back = new Date(Date.UTC(y, m - 1 - months, d));
	return back.toISOString().slice(0, 10);
}

/**
 * Erases the personal data of the visitors of every event that ended longer ago than the
 * retention: names, e-mail addresses and phones go, and the event's e-mails leave the outbox;
 * schools, class levels, party sizes, statuses and arrivals stay, so the figures survive. Each
 * event is done in one transaction and marked, so a run interrupted is finished by the next.
 * Returns how many events were anonymised.
 */
export async function anonymiseExpired(today = todayInParis()): Promise<number> {
	const months = await visitorRetentionMonths();
	const due = await db
		.select({ id: events.id })
		.from(events)
		.where(and(isNull(events.anonymisedAt), lt(events.endsOn, erasableBefore(today, months))));
	for (const { id } of due) {
		await db.transaction(async (tx) => {
			const addresses = tx
				.selectDistinct({ email: eventRegistrations.email })
				.from(eventRegistrations)
				.where(eq(eventRegistrations.eventId, id));
			await tx
				.delete(outbox)
				.where(and(sql`${outbox.kind} like 'event.%'`, inArray(outbox.to, addresses)));
			await tx
				.update(eventRegistrations)
				.set({ name: '', email: null, phone: null })
				.where(eq(eventRegistrations.eventId, id));
			await tx
				.update(events)
				.set({ anonymisedAt: sql`now()` })
				.where(eq(events.id, id));
		});
	}
	return due.length;
}

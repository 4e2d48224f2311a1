import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { eventRegistrations, eventSlots } from '$lib/server/db/schema';
import { queueVisitorMail } from './event-mail';
import { deliverAll } from './registrations';
import { slotContext } from './slot-context';

/** How long before a visit its reminder goes out. */
export const REMINDER_BEFORE_MS = 2 * 24 * 3_600_000;

/**
 * Reminds every confirmed registration whose visit begins within two days, once: the reminder
 * is claimed (its time written) in the transaction that writes its e-mail, so that a job run
 * twice, or on two instances, sends it once.
 */
export async function remindVisitors(origin: string): Promise<number> {
	const horizon = new Date(Date.now() + REMINDER_BEFORE_MS);
	const due = await db
		.select({ id: eventRegistrations.id, slotId: eventRegistrations.slotId })
		.from(eventRegistrations)
		.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
		.where(
			and(
				eq(eventRegistrations.status, 'confirmed'),
				isNull(eventRegistrations.remindedAt),
				isNull(eventSlots.cancelledAt),
				lte(eventSlots.startsAt, horizon),
				sql`${eventSlots.startsAt} > now()`
			)
		);
	let sent = 0;
	const bySlot = new Map<string, typeof due>();
	for (const r of due) bySlot.set(r.slotId, [...(bySlot.get(r.slotId) ?? []), r]);
	for (const [slotId, rows] of bySlot) {
		const context = await slotContext(slotId);
		if (context.site.cancelledAt) continue;
		const messages = await db.transaction(async (tx) => {
			const claimed = await tx
				.update(eventRegistrations)
				.set({ remindedAt: sql`now()` })
				.where(
					and(
						inArray(
							eventRegistrations.id,
							rows.map((r) => r.id)
						),
						isNull(eventRegistrations.remindedAt),
						eq(eventRegistrations.status, 'confirmed')
					)
				)
				.returning();
			const out = [];
			for (const r of claimed) out.push(await queueVisitorMail(tx, 'reminder', context, r, origin));
			return out;
		});
		sent += messages.filter(Boolean).length;
		await deliverAll(messages);
	}
	return sent;
}

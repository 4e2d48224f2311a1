import { eq, sql } from 'drizzle-orm';
import { db, type Database, type Transaction } from '$lib/server/db';
import {
	eventRegistrations,
	eventSites,
	eventSlots,
	events,
	type Event,
	type EventSite,
	type EventSlot
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { notFound, ServiceError } from '../errors';

/** A slot with its site and event: what every registration and its e-mails need. */
export interface SlotContext {
	slot: EventSlot;
	site: EventSite;
	event: Event;
}

export async function slotContext(
	slotId: string,
	executor: Database | Transaction = db
): Promise<SlotContext> {
	if (!isUuid(slotId)) throw notFound();
	const [row] = await executor
		.select({ slot: eventSlots, site: eventSites, event: events })
		.from(eventSlots)
		.innerJoin(eventSites, eq(eventSites.id, eventSlots.siteId))
		.innerJoin(events, eq(events.id, eventSlots.eventId))
		.where(eq(eventSlots.id, slotId.toLowerCase()));
	if (!row) throw notFound();
	return row;
}

/** When a slot ends. */
export const slotEnd = (slot: Pick<EventSlot, 'startsAt' | 'durationMinutes'>) =>
	new Date(slot.startsAt.getTime() + slot.durationMinutes * 60_000);

/**
 * The places of a slot its registrations hold now: the confirmed ones, and those pending or
 * offered whose hold has not run out (a hold past its time frees its places at once, before the
 * job that marks it expired has run).
 */
export const holdsPlaces = sql`(${eventRegistrations.status} = 'confirmed' or (${eventRegistrations.status} in ('pending', 'offered') and ${eventRegistrations.expiresAt} > now()))`;

export async function heldPlaces(
	executor: Database | Transaction,
	slotId: string
): Promise<number> {
	const [row] = await executor
		.select({ n: sql<number>`coalesce(sum(${eventRegistrations.people}), 0)::int` })
		.from(eventRegistrations)
		.where(sql`${eventRegistrations.slotId} = ${slotId} and ${holdsPlaces}`);
	return row.n;
}

/**
 * Locks the slot's row until the transaction ends, so that its places are counted by one
 * booking at a time: every change of what a slot holds (a registration, a cancellation, an
 * offer, a change of capacity) takes this lock first and recounts after it (a count read before
 * the lock may already be wrong). The wait is capped: a slot stuck behind a long transaction
 * refuses with "try again" instead of holding the visitor's request.
 */
export async function lockSlot(tx: Transaction, slotId: string): Promise<EventSlot> {
	await tx.execute(sql`set local lock_timeout = '10s'`);
	try {
		const [slot] = await tx
			.select()
			.from(eventSlots)
			.where(eq(eventSlots.id, slotId))
			.for('update');
		if (!slot) throw notFound();
		return slot;
	} catch (e) {
		if ((e as { code?: string }).code === '55P03') throw new ServiceError('conflict', 'event.busy');
		throw e;
	}
}

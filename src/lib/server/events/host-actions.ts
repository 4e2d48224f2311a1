import { and, eq, inArray } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { eventRegistrations, type OutboxMessage } from '$lib/server/db/schema';
import { ServiceError } from '../errors';
import type { Actor } from '../policy';
import { editableSite } from './access';
import { queueVisitorMail } from './event-mail';
import { cancel, deliverAll, offerPlaces, registrationById } from './registrations';
import { heldPlaces, lockSlot, slotContext } from './slot-context';

// What a site's people and the organisers do to one registration: cancel it (the visitor is
// told why) or move it to another slot (a class that asked for another time), always within
// the target slot's places, counted after both slots are locked.

/** The registration, refused unless the person may edit its site. */
async function hostedRegistration(actor: Actor, registrationId: string) {
	const found = await registrationById(registrationId);
	await editableSite(actor, found.context.site.id);
	return found;
}

/** Cancels one registration for its visitor, with an e-mail carrying `note`. */
export async function cancelRegistration(
	actor: Actor,
	registrationId: string,
	note: string,
	origin: string
) {
	const { registration } = await hostedRegistration(actor, registrationId);
	if (registration.status === 'cancelled' || registration.status === 'expired')
		throw new ServiceError('invalid', 'event.registration_not_active');
	return cancel(registration.id, origin, 'cancelled_by_organisers', note);
}

/**
 * Moves a confirmed registration to another slot of the same event for the same audience, that
 * the person may also edit and that has the places: the visitor gets the new details and ticket,
 * and the places freed go to the old slot's waiting list.
 */
export async function moveRegistration(
	actor: Actor,
	registrationId: string,
	toSlotId: string,
	note: string,
	origin: string
) {
	const {
		registration,
		context: { slot: from }
	} = await hostedRegistration(actor, registrationId);
	const target = await slotContext(toSlotId);
	await editableSite(actor, target.site.id);
	if (target.event.id !== registration.eventId)
		throw new ServiceError('invalid', 'event.move_elsewhere', 'slotId');
	if (target.slot.id === from.id)
		throw new ServiceError('invalid', 'event.move_same_slot', 'slotId');
	if (target.slot.audience !== from.audience)
		throw new ServiceError('invalid', 'event.move_audience', 'slotId');
	if (target.slot.cancelledAt || target.site.cancelledAt)
		throw new ServiceError('invalid', 'event.slot_cancelled', 'slotId');
	if (target.slot.startsAt.getTime() <= Date.now())
		throw new ServiceError('invalid', 'event.slot_past', 'slotId');
	const messages = await db.transaction(async (tx) => {
		// Both rows locked in one order whatever the direction: two moves crossing cannot wait
		// on each other.
		const [first, second] = [from.id, target.slot.id].sort();
		const locked = new Map([
			[first, await lockSlot(tx, first)],
			[second, await lockSlot(tx, second)]
		]);
		const [moved] = await tx
			.update(eventRegistrations)
			.set({ slotId: target.slot.id })
			.where(
				and(
					eq(eventRegistrations.id, registration.id),
					eq(eventRegistrations.slotId, from.id),
					inArray(eventRegistrations.status, ['confirmed'])
				)
			)
			.returning();
		if (!moved) throw new ServiceError('invalid', 'event.move_not_confirmed');
		// Counted after the move, in the transaction: over capacity, nothing is written.
		if ((await heldPlaces(tx, target.slot.id)) > locked.get(target.slot.id)!.capacity)
			throw new ServiceError('conflict', 'event.slot_full', 'slotId');
		const now = await slotContext(target.slot.id, tx);
		const out: (OutboxMessage | null)[] = [
			await queueVisitorMail(tx, 'moved', now, moved, origin, { note })
		];
		out.push(...(await offerPlaces(tx, from.id, origin)));
		return out;
	});
	await deliverAll(messages);
}

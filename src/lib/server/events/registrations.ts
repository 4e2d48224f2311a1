import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import {
	eventRegistrations,
	outbox,
	type EventRegistration,
	type OutboxMessage
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { notFound, ServiceError } from '../errors';
import * as mail from '../mail';
import { queueVisitorMail, type VisitorMail } from './event-mail';
import type { RegistrationInput } from './schema';
import { heldPlaces, holdsPlaces, lockSlot, slotContext, type SlotContext } from './slot-context';

/** How long freed places are kept for the one on the waiting list they are offered to. */
export const OFFER_HOURS = 48;
/** How long a general-public registration waits for its e-mail address to be confirmed. */
export const CONFIRM_EMAIL_HOURS = 2;

const HOUR = 3_600_000;

/** Registrations that hold a place or wait for one: a person has one of these per slot at most. */
const ACTIVE = ['pending', 'confirmed', 'waiting', 'offered'] as const;

/** Whether an event takes registrations at `now`: open, and within its registration dates. */
export function takesRegistrations(event: SlotContext['event'], now = new Date()): boolean {
	return (
		event.status === 'open' &&
		event.registrationOpensAt.getTime() <= now.getTime() &&
		now.getTime() < event.registrationClosesAt.getTime()
	);
}

/** Why a slot cannot be booked now (the message), or null when it can. */
export function slotRefusal(context: SlotContext, now = new Date()) {
	if (!takesRegistrations(context.event, now)) return 'event.registrations_closed' as const;
	if (context.site.cancelledAt || context.slot.cancelledAt) return 'event.slot_cancelled' as const;
	if (context.slot.startsAt.getTime() <= now.getTime()) return 'event.slot_past' as const;
	return null;
}

/** Delivers messages written in a committed transaction. */
export async function deliverAll(messages: (OutboxMessage | null)[]): Promise<void> {
	for (const message of messages) if (message) await mail.deliver(message);
}

export interface Registered {
	registration: EventRegistration;
}

/**
 * Books a slot for a visitor or a class, without an account. The slot's row is locked and its
 * places counted again after the lock, in the transaction that writes the registration and its
 * e-mail: however many people book at once, the slot never holds more than its capacity, and
 * each accepted registration is e-mailed once. When the places are not there, the registration
 * joins the waiting list if the person asked for it (`waitingList`), and is refused otherwise.
 */
export async function register(
	slotId: string,
	input: RegistrationInput,
	options: { locale: Locale; origin: string; waitingList: boolean; context?: SlotContext }
): Promise<Registered> {
	// The caller may have read the slot already (the public form checks it belongs to its page).
	const context = options.context?.slot.id === slotId ? options.context : await slotContext(slotId);
	const refusal = slotRefusal(context);
	if (refusal) throw new ServiceError('invalid', refusal);
	const { slot, event } = context;
	const forClasses = slot.audience === 'school';
	if (forClasses !== (input.kind === 'class'))
		throw new ServiceError(
			'invalid',
			forClasses ? 'event.slot_for_classes' : 'event.slot_not_for_classes'
		);
	const people = input.kind === 'class' ? input.pupils + input.adults : input.people;
	if (input.kind === 'visitor' && people > event.maxPeople)
		throw new ServiceError('invalid', 'event.too_many_people', 'people');
	if (people > slot.capacity)
		throw new ServiceError(
			'invalid',
			'event.more_than_capacity',
			input.kind === 'class' ? 'pupils' : 'people'
		);
	const result = await db.transaction(async (tx) => {
		const locked = await lockSlot(tx, slot.id);
		// One reading of the slot's registrations, after the lock: the places they hold, and
		// whether this address already has one of them.
		const [{ held, already }] = await tx
			.select({
				held: sql<number>`coalesce(sum(${eventRegistrations.people}) filter (where ${holdsPlaces}), 0)::int`,
				already: sql<boolean>`coalesce(bool_or(${eventRegistrations.email} = ${input.email} and ${inArray(eventRegistrations.status, [...ACTIVE])}), false)`
			})
			.from(eventRegistrations)
			.where(eq(eventRegistrations.slotId, slot.id));
		if (already) throw new ServiceError('conflict', 'event.already_registered', 'email');
		const fits = held + people <= locked.capacity;
		if (!fits && !options.waitingList) throw new ServiceError('conflict', 'event.slot_full');
		const checkEmail = fits && event.confirmEmail && input.kind === 'visitor';
		const now = Date.now();
		const [registration] = await tx
			.insert(eventRegistrations)
			.values({
				eventId: event.id,
				slotId: slot.id,
				kind: input.kind,
				status: !fits ? 'waiting' : checkEmail ? 'pending' : 'confirmed',
				name: input.name,
				email: input.email,
				phone: input.phone,
				people,
				pupils: input.kind === 'class' ? input.pupils : null,
				adults: input.kind === 'class' ? input.adults : null,
				school: input.kind === 'class' ? input.school : null,
				classLevel: input.kind === 'class' ? input.classLevel : null,
				locale: options.locale,
				expiresAt: checkEmail ? new Date(now + CONFIRM_EMAIL_HOURS * HOUR) : null,
				confirmedAt: fits && !checkEmail ? new Date(now) : null
			})
			.returning();
		const which: VisitorMail = !fits ? 'waiting' : checkEmail ? 'pending' : 'confirmed';
		const message = await queueVisitorMail(tx, which, context, registration, options.origin, {
			until: registration.expiresAt ?? undefined
		});
		return { registration, message };
	});
	await deliverAll([result.message]);
	return { registration: result.registration };
}

/** A registration by its id (a verified link's), with its slot, site and event. */
export async function registrationById(id: string) {
	if (!isUuid(id)) throw notFound();
	const [registration] = await db
		.select()
		.from(eventRegistrations)
		.where(eq(eventRegistrations.id, id.toLowerCase()));
	if (!registration) throw notFound();
	return { registration, context: await slotContext(registration.slotId) };
}

/**
 * Offers the slot's free places to its waiting list, first come first served: each registration
 * whose party fits in what is free gets the places held for it until it accepts (or for
 * OFFER_HOURS, never past the slot's start), and an e-mail; one that does not fit keeps its turn
 * for later. Runs inside a transaction holding the slot's lock.
 */
export async function offerPlaces(
	tx: Transaction,
	slotId: string,
	origin: string
): Promise<(OutboxMessage | null)[]> {
	const context = await slotContext(slotId, tx);
	const { slot } = context;
	const now = Date.now();
	if (slot.cancelledAt || context.site.cancelledAt || slot.startsAt.getTime() <= now) return [];
	let free = slot.capacity - (await heldPlaces(tx, slot.id));
	if (free <= 0) return [];
	const waiting = await tx
		.select()
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.slotId, slot.id), eq(eventRegistrations.status, 'waiting')))
		.orderBy(asc(eventRegistrations.createdAt), asc(eventRegistrations.id));
	const messages: (OutboxMessage | null)[] = [];
	for (const candidate of waiting) {
		if (free <= 0) break;
		if (candidate.people > free) continue;
		const until = new Date(Math.min(now + OFFER_HOURS * HOUR, slot.startsAt.getTime()));
		const [offered] = await tx
			.update(eventRegistrations)
			.set({ status: 'offered', expiresAt: until })
			.where(eq(eventRegistrations.id, candidate.id))
			.returning();
		free -= candidate.people;
		messages.push(await queueVisitorMail(tx, 'offered', context, offered, origin, { until }));
	}
	return messages;
}

/**
 * Cancels a registration (by its visitor, or by the organisers with `which` saying so in the
 * e-mail) and offers what it held to the waiting list, under the slot's lock. Cancelling twice
 * changes nothing the second time.
 */
export async function cancel(
	registrationId: string,
	origin: string,
	which: 'cancelled' | 'cancelled_by_organisers' = 'cancelled',
	note?: string
): Promise<EventRegistration> {
	const { registration } = await registrationById(registrationId);
	const result = await db.transaction(async (tx) => {
		await lockSlot(tx, registration.slotId);
		const [cancelled] = await tx
			.update(eventRegistrations)
			.set({ status: 'cancelled', cancelledAt: sql`now()`, expiresAt: null })
			.where(
				and(
					eq(eventRegistrations.id, registration.id),
					inArray(eventRegistrations.status, [...ACTIVE])
				)
			)
			.returning();
		if (!cancelled) return { row: registration, messages: [] };
		const context = await slotContext(registration.slotId, tx);
		const messages = [
			await queueVisitorMail(tx, which, context, cancelled, origin, { note }),
			...(await offerPlaces(tx, registration.slotId, origin))
		];
		return { row: cancelled, messages };
	});
	await deliverAll(result.messages);
	return result.row;
}

/**
 * The visitor takes the places offered to them, or confirms their e-mail address: both turn a
 * hold into a confirmed registration, if the hold has not run out (an e-mail address confirmed
 * late still gets the places if they are free, until the job has marked the hold expired).
 */
export async function confirmHold(
	registrationId: string,
	origin: string
): Promise<EventRegistration> {
	const { registration } = await registrationById(registrationId);
	const result = await db.transaction(async (tx) => {
		await lockSlot(tx, registration.slotId);
		const [row] = await tx
			.select()
			.from(eventRegistrations)
			.where(eq(eventRegistrations.id, registration.id));
		if (row.status === 'confirmed') return { row, messages: [] };
		const context = await slotContext(row.slotId, tx);
		const live = row.expiresAt !== null && row.expiresAt.getTime() > Date.now();
		if (row.status === 'offered' && !live)
			throw new ServiceError('conflict', 'event.offer_expired');
		if (row.status !== 'offered' && row.status !== 'pending' && row.status !== 'expired')
			throw new ServiceError('conflict', 'event.nothing_to_confirm');
		if (row.status === 'expired') throw new ServiceError('conflict', 'event.offer_expired');
		if (!live && row.status === 'pending') {
			// Confirmed after its hold ran out, before the job marked it: the places if still free.
			const free = context.slot.capacity - (await heldPlaces(tx, row.slotId));
			if (row.people > free) throw new ServiceError('conflict', 'event.slot_full');
		}
		const [confirmed] = await tx
			.update(eventRegistrations)
			.set({ status: 'confirmed', confirmedAt: sql`now()`, expiresAt: null })
			.where(eq(eventRegistrations.id, row.id))
			.returning();
		return {
			row: confirmed,
			messages: [await queueVisitorMail(tx, 'confirmed', context, confirmed, origin)]
		};
	});
	await deliverAll(result.messages);
	return result.row;
}

/**
 * Changes how many come: a visitor's party, or a class's pupils and adults. Fewer frees places
 * for the waiting list; more is accepted only if the places are free.
 */
export async function changeParty(
	registrationId: string,
	change: { people: number } | { pupils: number; adults: number },
	origin: string
): Promise<EventRegistration> {
	const { registration, context } = await registrationById(registrationId);
	if (registration.status !== 'confirmed')
		throw new ServiceError('conflict', 'event.nothing_to_change');
	const people = 'people' in change ? change.people : change.pupils + change.adults;
	if ('people' in change ? registration.kind !== 'visitor' : registration.kind !== 'class')
		throw new ServiceError('invalid', 'validation.invalid');
	if (registration.kind === 'visitor' && people > context.event.maxPeople)
		throw new ServiceError('invalid', 'event.too_many_people', 'people');
	if (context.slot.startsAt.getTime() <= Date.now())
		throw new ServiceError('invalid', 'event.slot_past');
	const result = await db.transaction(async (tx) => {
		const slot = await lockSlot(tx, registration.slotId);
		const [row] = await tx
			.select()
			.from(eventRegistrations)
			.where(eq(eventRegistrations.id, registration.id));
		if (row.status !== 'confirmed') throw new ServiceError('conflict', 'event.nothing_to_change');
		if (people > row.people) {
			const free = slot.capacity - (await heldPlaces(tx, slot.id));
			if (people - row.people > free)
				throw new ServiceError('conflict', 'event.not_enough_places', 'people');
		}
		const [changed] = await tx
			.update(eventRegistrations)
			.set({
				people,
				pupils: 'pupils' in change ? change.pupils : row.pupils,
				adults: 'adults' in change ? change.adults : row.adults
			})
			.where(eq(eventRegistrations.id, row.id))
			.returning();
		const messages = [await queueVisitorMail(tx, 'changed', context, changed, origin)];
		if (people < row.people) messages.push(...(await offerPlaces(tx, slot.id, origin)));
		return { row: changed, messages };
	});
	await deliverAll(result.messages);
	return result.row;
}

/**
 * Holds that ran out (offers not taken, e-mail addresses not confirmed) become expired, their
 * visitors are told, and their places go to the next on the waiting list. Run by a job; each
 * slot under its lock, so that a visitor accepting at that moment either gets in first or is told
 * the offer ran out.
 */
export async function expireHolds(origin: string): Promise<number> {
	const slots = await db
		.selectDistinct({ slotId: eventRegistrations.slotId })
		.from(eventRegistrations)
		.where(
			and(
				inArray(eventRegistrations.status, ['pending', 'offered']),
				sql`${eventRegistrations.expiresAt} <= now()`
			)
		);
	let expired = 0;
	for (const { slotId } of slots) {
		const messages = await db.transaction(async (tx) => {
			await lockSlot(tx, slotId);
			const due = await tx
				.select()
				.from(eventRegistrations)
				.where(
					and(
						eq(eventRegistrations.slotId, slotId),
						inArray(eventRegistrations.status, ['pending', 'offered']),
						sql`${eventRegistrations.expiresAt} <= now()`
					)
				);
			if (!due.length) return [];
			const rows = await tx
				.update(eventRegistrations)
				.set({ status: 'expired' })
				.where(
					inArray(
						eventRegistrations.id,
						due.map((r) => r.id)
					)
				)
				.returning();
			expired += rows.length;
			const context = await slotContext(slotId, tx);
			const told = [];
			// Those whose offer ran out are told; an e-mail address never confirmed is not written to.
			for (const row of rows)
				if (due.find((d) => d.id === row.id)?.status === 'offered')
					told.push(await queueVisitorMail(tx, 'offer_expired', context, row, origin));
			return [...told, ...(await offerPlaces(tx, slotId, origin))];
		});
		await deliverAll(messages);
	}
	return expired;
}

/**
 * Erases a registration at its visitor's request: cancelled (its places offered to the waiting
 * list), then its name, e-mail address and phone removed, and the e-mails of the event sent to
 * that address taken out of the outbox. What remains (the slot, the party's size, the school) is
 * anonymous and still counts in the figures.
 */
export async function erase(registrationId: string, origin: string): Promise<void> {
	const row = await cancel(registrationId, origin);
	await db.transaction(async (tx) => {
		await tx
			.update(eventRegistrations)
			.set({ name: '', email: null, phone: null })
			.where(eq(eventRegistrations.id, row.id));
		if (row.email)
			await tx
				.delete(outbox)
				.where(and(eq(outbox.to, row.email), sql`${outbox.kind} like 'event.%'`));
	});
}

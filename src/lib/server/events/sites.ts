import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	eventRegistrations,
	eventSites,
	eventSlots,
	organisations,
	type EventSite,
	type OutboxMessage
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { forbidden, ServiceError } from '../errors';
import { parisLocalToDate } from '../dates';
import { can, type Actor } from '../policy';
import { editableSite, eventAccess } from './access';
import * as mail from '../mail';
import { translate } from '$lib/i18n';
import { localeOf, manageLink, queueVisitorMail } from './event-mail';
import { cancel, deliverAll, offerPlaces } from './registrations';
import type { SiteInput, SlotChangeInput, SlotsInput } from './schema';
import { heldPlaces, lockSlot, slotContext } from './slot-context';

/** Registrations that hold places or wait for them: those a change of the site is told to. */
const CONCERNED = ['pending', 'confirmed', 'waiting', 'offered'] as const;

/**
 * Opens a site of an organisation in the event: its own people open theirs, the organisers any
 * organisation's. The organisation's town and sector fill what the form left empty.
 */
export async function openSite(
	actor: Actor,
	eventId: string,
	organisationId: string,
	input: SiteInput
): Promise<EventSite> {
	const { event, context } = await eventAccess(actor, eventId);
	if (!isUuid(organisationId))
		throw new ServiceError('invalid', 'validation.choose', 'organisationId');
	const [organisation] = await db
		.select()
		.from(organisations)
		.where(
			and(eq(organisations.id, organisationId.toLowerCase()), isNull(organisations.archivedAt))
		);
	if (!organisation) throw new ServiceError('invalid', 'validation.choose', 'organisationId');
	if (
		!can(actor, 'site.open', {
			...context,
			ownOrganisation: actor!.organisationId === organisation.id
		})
	)
		throw forbidden();
	const [site] = await db
		.insert(eventSites)
		.values({
			...input,
			sector: input.sector || organisation.sector,
			eventId: event.id,
			organisationId: organisation.id
		})
		.returning();
	return site;
}

export async function updateSite(
	actor: Actor,
	siteId: string,
	input: SiteInput
): Promise<EventSite> {
	const { site } = await editableSite(actor, siteId);
	const [updated] = await db
		.update(eventSites)
		.set(input)
		.where(eq(eventSites.id, site.id))
		.returning();
	return updated;
}

/**
 * Withdraws a site from the event: its slots take no more registrations, and every registration
 * is cancelled with an e-mail saying why (the organisers' note).
 */
export async function cancelSite(actor: Actor, siteId: string, note: string, origin: string) {
	const { site } = await editableSite(actor, siteId);
	await db
		.update(eventSites)
		.set({ cancelledAt: sql`now()` })
		.where(and(eq(eventSites.id, site.id), isNull(eventSites.cancelledAt)));
	const concerned = await db
		.select({ id: eventRegistrations.id })
		.from(eventRegistrations)
		.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
		.where(and(eq(eventSlots.siteId, site.id), inArray(eventRegistrations.status, [...CONCERNED])));
	for (const { id } of concerned) await cancel(id, origin, 'cancelled_by_organisers', note);
	return concerned.length;
}

/**
 * Adds slots to a site: each of the days at each of the times, with one duration, capacity and
 * audience ("every day 9:00, 10:30, 14:00, capacity 25"). Days must be the event's; a slot the
 * site already has (same start, same audience) is not added twice. Returns how many were added.
 */
export async function addSlots(actor: Actor, siteId: string, input: SlotsInput): Promise<number> {
	const { site, event } = await editableSite(actor, siteId);
	if (site.cancelledAt) throw new ServiceError('invalid', 'event.site_cancelled');
	const outside = input.days.findIndex((d) => d < event.startsOn || d > event.endsOn);
	if (outside >= 0) throw new ServiceError('invalid', 'event.day_outside', 'days');
	const rows = input.days.flatMap((day) =>
		input.times.map((time) => ({
			eventId: event.id,
			siteId: site.id,
			startsAt: parisLocalToDate(`${day}T${time}`)!,
			durationMinutes: input.durationMinutes,
			capacity: input.capacity,
			audience: input.audience
		}))
	);
	if (rows.some((r) => !r.startsAt)) throw new ServiceError('invalid', 'validation.time', 'times');
	const added = await db
		.insert(eventSlots)
		.values(rows)
		.onConflictDoNothing()
		.returning({ id: eventSlots.id });
	return added.length;
}

/** A slot of a site the person may edit. */
async function editableSlot(actor: Actor, slotId: string) {
	const context = await slotContext(slotId);
	await editableSite(actor, context.site.id);
	return context;
}

/**
 * Changes a slot's time, length or capacity. Its capacity never goes below the places its
 * registrations hold; more capacity goes to the waiting list; a new time is e-mailed to everyone
 * registered.
 */
export async function changeSlot(
	actor: Actor,
	slotId: string,
	input: SlotChangeInput,
	origin: string
) {
	const context = await editableSlot(actor, slotId);
	if (context.slot.cancelledAt) throw new ServiceError('invalid', 'event.slot_cancelled');
	const moved =
		input.startsAt.getTime() !== context.slot.startsAt.getTime() ||
		input.durationMinutes !== context.slot.durationMinutes;
	const messages = await db.transaction(async (tx) => {
		await lockSlot(tx, context.slot.id);
		const held = await heldPlaces(tx, context.slot.id);
		if (input.capacity < held)
			throw new ServiceError('invalid', 'event.capacity_below_held', 'capacity');
		await tx.update(eventSlots).set(input).where(eq(eventSlots.id, context.slot.id));
		const messages: (OutboxMessage | null)[] = [];
		if (moved) {
			const now = await slotContext(context.slot.id, tx);
			const told = await tx
				.select()
				.from(eventRegistrations)
				.where(
					and(
						eq(eventRegistrations.slotId, context.slot.id),
						inArray(eventRegistrations.status, [...CONCERNED])
					)
				);
			for (const r of told) messages.push(await queueVisitorMail(tx, 'changed', now, r, origin));
		}
		messages.push(...(await offerPlaces(tx, context.slot.id, origin)));
		return messages;
	});
	await deliverAll(messages);
}

/** Cancels one slot: each of its registrations is cancelled with an e-mail giving the note. */
export async function cancelSlot(actor: Actor, slotId: string, note: string, origin: string) {
	const context = await editableSlot(actor, slotId);
	await db
		.update(eventSlots)
		.set({ cancelledAt: sql`now()` })
		.where(and(eq(eventSlots.id, context.slot.id), isNull(eventSlots.cancelledAt)));
	const concerned = await db
		.select({ id: eventRegistrations.id })
		.from(eventRegistrations)
		.where(
			and(
				eq(eventRegistrations.slotId, context.slot.id),
				inArray(eventRegistrations.status, [...CONCERNED])
			)
		);
	for (const { id } of concerned) await cancel(id, origin, 'cancelled_by_organisers', note);
	return concerned.length;
}

/**
 * A message from the organisers (or the site's people) to everyone with a place at the site, or
 * waiting for one: each gets it by e-mail with their registration's details and link.
 */
export async function messageSite(
	actor: Actor,
	siteId: string,
	message: { subject: string; body: string },
	origin: string
): Promise<number> {
	const { site } = await editableSite(actor, siteId);
	const rows = await db
		.select()
		.from(eventRegistrations)
		.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
		.where(and(eq(eventSlots.siteId, site.id), inArray(eventRegistrations.status, [...CONCERNED])));
	let sent = 0;
	for (const { event_registrations: r } of rows) {
		if (!r.email) continue;
		const link = await manageLink(origin, r.id);
		await mail.send({
			to: r.email,
			kind: 'event.message',
			subject: message.subject,
			text: `${message.body}\n\n— ${site.name}\n\n${translate(localeOf(r), 'event.mail.link', { link })}`
		});
		sent++;
	}
	return sent;
}

/** A site's slots with what each holds, waits and has left, in order. */
export async function slotsOf(siteId: string) {
	// The slot's id spelled out: drizzle writes a column of a query on one table without its
	// table's name, and inside these subqueries "id" would be the registration's.
	return db
		.select({
			id: eventSlots.id,
			startsAt: eventSlots.startsAt,
			durationMinutes: eventSlots.durationMinutes,
			capacity: eventSlots.capacity,
			audience: eventSlots.audience,
			cancelledAt: eventSlots.cancelledAt,
			held: sql<number>`coalesce((select sum(r.people) from event_registrations r where r.slot_id = event_slots.id and (r.status = 'confirmed' or (r.status in ('pending', 'offered') and r.expires_at > now()))), 0)::int`,
			waiting: sql<number>`coalesce((select sum(r.people) from event_registrations r where r.slot_id = event_slots.id and r.status = 'waiting'), 0)::int`
		})
		.from(eventSlots)
		.where(eq(eventSlots.siteId, siteId))
		.orderBy(asc(eventSlots.startsAt), asc(eventSlots.audience));
}

/** Everyone registered at a site (for its own people and the organisers), by slot. */
export async function visitorsOf(actor: Actor, siteId: string) {
	const { site } = await editableSite(actor, siteId);
	return db
		.select({
			id: eventRegistrations.id,
			slotId: eventRegistrations.slotId,
			kind: eventRegistrations.kind,
			status: eventRegistrations.status,
			name: eventRegistrations.name,
			email: eventRegistrations.email,
			phone: eventRegistrations.phone,
			people: eventRegistrations.people,
			pupils: eventRegistrations.pupils,
			adults: eventRegistrations.adults,
			school: eventRegistrations.school,
			classLevel: eventRegistrations.classLevel,
			createdAt: eventRegistrations.createdAt,
			// An e-mail of the event to this address the mail server refused (a mistyped or closed
			// address, a full mailbox): the hosts call the visitor instead. The refused addresses
			// are read once for the list (the subquery names no row of it), not once per row.
			bounced: sql<boolean>`coalesce(event_registrations.email in (select o."to" from outbox o where o.kind like 'event.%' and o.sent_at is null and o.error is not null), false)`
		})
		.from(eventRegistrations)
		.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
		.where(eq(eventSlots.siteId, site.id))
		.orderBy(asc(eventSlots.startsAt), asc(eventRegistrations.createdAt));
}

/** Every site of an event with its slots' capacity, what is held and what waits, by town. */
export async function sitesOverview(eventId: string) {
	const rows = await db
		.select({
			id: eventSites.id,
			name: eventSites.name,
			town: eventSites.town,
			organisationId: eventSites.organisationId,
			organisation: organisations.name,
			cancelledAt: eventSites.cancelledAt,
			slots: sql<number>`(select count(*)::int from event_slots s where s.site_id = ${eventSites.id} and s.cancelled_at is null)`,
			capacity: sql<number>`(select coalesce(sum(s.capacity), 0)::int from event_slots s where s.site_id = ${eventSites.id} and s.cancelled_at is null)`,
			held: sql<number>`(select coalesce(sum(r.people), 0)::int from event_registrations r join event_slots s on s.id = r.slot_id where s.site_id = ${eventSites.id} and s.cancelled_at is null and (r.status = 'confirmed' or (r.status in ('pending', 'offered') and r.expires_at > now())))`,
			waiting: sql<number>`(select coalesce(sum(r.people), 0)::int from event_registrations r join event_slots s on s.id = r.slot_id where s.site_id = ${eventSites.id} and r.status = 'waiting')`
		})
		.from(eventSites)
		.innerJoin(organisations, eq(organisations.id, eventSites.organisationId))
		.where(eq(eventSites.eventId, eventId))
		.orderBy(asc(eventSites.town), asc(eventSites.name));
	return rows;
}

/** The organisations a person may open a site for: any for organisers, else their own. */
export async function organisationsFor(actor: Actor, organiser: boolean) {
	if (!actor) return [];
	return db
		.select({ id: organisations.id, name: organisations.name, town: organisations.town })
		.from(organisations)
		.where(
			and(
				isNull(organisations.archivedAt),
				organiser ? undefined : eq(organisations.id, actor.organisationId)
			)
		)
		.orderBy(asc(organisations.name));
}

/** The sites of an event a person may run: all for organisers, else their organisation's. */
export async function editableSites(actor: Actor, eventId: string, organiser: boolean) {
	if (!actor) return [];
	return db
		.select({ id: eventSites.id, name: eventSites.name, town: eventSites.town })
		.from(eventSites)
		.where(
			and(
				eq(eventSites.eventId, eventId),
				isNull(eventSites.cancelledAt),
				organiser ? undefined : eq(eventSites.organisationId, actor.organisationId)
			)
		)
		.orderBy(asc(eventSites.town), asc(eventSites.name));
}

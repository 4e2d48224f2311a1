import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	eventCheckIns,
	eventRegistrations,
	eventSlots,
	type EventSlot
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { dateToParisLocal, parisLocalToDate, addDays } from '../dates';
import { ServiceError } from '../errors';
import type { Actor } from '../policy';
import { editableSite } from './access';
import { verify } from './signing';

// Arrivals on the day, recorded by the site's hosts from a phone: by scanning a confirmation's
// code, by finding the name in the day's list, or as walk-ins. Each arrival carries the id its
// phone gave it, so that a phone sending its queue again (the network came back, the answer was
// lost) counts it once; a registration arrives once, whichever phone scans it.

/** The most walk-ins one arrival records (a bus of visitors without registration). */
export const MAX_WALK_IN = 100;

/** A day's slots of a site with their registrations and arrivals: what a host's phone keeps. */
export async function dayList(actor: Actor, siteId: string, day: string) {
	const { site, event } = await editableSite(actor, siteId);
	const from = parisLocalToDate(`${day}T00:00`);
	const to = parisLocalToDate(`${addDays(day, 1)}T00:00`);
	if (!from || !to) throw new ServiceError('invalid', 'validation.date', 'jour');
	const slots = await db
		.select()
		.from(eventSlots)
		.where(
			and(
				eq(eventSlots.siteId, site.id),
				isNull(eventSlots.cancelledAt),
				gte(eventSlots.startsAt, from),
				lt(eventSlots.startsAt, to)
			)
		)
		.orderBy(asc(eventSlots.startsAt));
	const ids = slots.map((s) => s.id);
	const [people, arrivals] = ids.length
		? await Promise.all([
				db
					.select({
						id: eventRegistrations.id,
						slotId: eventRegistrations.slotId,
						kind: eventRegistrations.kind,
						name: eventRegistrations.name,
						school: eventRegistrations.school,
						classLevel: eventRegistrations.classLevel,
						people: eventRegistrations.people,
						phone: eventRegistrations.phone
					})
					.from(eventRegistrations)
					.where(
						and(inArray(eventRegistrations.slotId, ids), eq(eventRegistrations.status, 'confirmed'))
					)
					.orderBy(asc(eventRegistrations.name)),
				db
					.select({
						slotId: eventCheckIns.slotId,
						registrationId: eventCheckIns.registrationId,
						people: eventCheckIns.people
					})
					.from(eventCheckIns)
					.where(inArray(eventCheckIns.slotId, ids))
			])
		: [[], []];
	const arrived = new Set(arrivals.map((a) => a.registrationId).filter(Boolean));
	return {
		event: { id: event.id, name: event.name },
		site: { id: site.id, name: site.name },
		day,
		slots: slots.map((slot) => ({
			id: slot.id,
			startsAt: slot.startsAt.toISOString(),
			time: dateToParisLocal(slot.startsAt).slice(11),
			audience: slot.audience,
			capacity: slot.capacity,
			walkIns: arrivals
				.filter((a) => a.slotId === slot.id && !a.registrationId)
				.reduce((n, a) => n + a.people, 0),
			registrations: people
				.filter((p) => p.slotId === slot.id)
				.map((p) => ({ ...p, arrived: arrived.has(p.id) }))
		}))
	};
}
export type DayList = Awaited<ReturnType<typeof dayList>>;

/** One arrival as a phone sends it. */
export interface Scan {
	/** Made by the phone (a UUID): the same arrival sent twice has the same id. */
	id: string;
	/** The confirmation's QR code, as read; or the registration chosen in the list; or neither (walk-ins). */
	code?: string;
	registrationId?: string;
	/** A walk-in: the slot they join and how many they are. */
	slotId?: string;
	people?: number;
	/** When the host recorded it, as their phone's clock said. */
	scannedAt?: string;
}

export type ScanResult =
	| { id: string; result: 'recorded' | 'duplicate' | 'already'; registrationId: string | null }
	| { id: string; result: 'refused'; reason: 'forged' | 'elsewhere' | 'not_confirmed' | 'invalid' };

/**
 * Records arrivals at a site. A code is checked by its signature (a forged one is refused, one
 * of another site or event too); a registration must be confirmed and of this site; a walk-in
 * names one of the site's slots. Every arrival is written once: a resent one is a duplicate, a
 * registration already arrived (by another phone) is said so, and neither counts twice.
 */
export async function recordScans(
	actor: Actor,
	siteId: string,
	scans: Scan[]
): Promise<ScanResult[]> {
	const { site, event } = await editableSite(actor, siteId);
	const results: ScanResult[] = [];
	for (const scan of scans.slice(0, 500)) {
		if (!isUuid(scan.id)) {
			results.push({ id: String(scan.id).slice(0, 40), result: 'refused', reason: 'invalid' });
			continue;
		}
		let registrationId: string | null = null;
		if (scan.code !== undefined) {
			registrationId = await verify('check_in', String(scan.code).trim());
			if (!registrationId) {
				results.push({ id: scan.id, result: 'refused', reason: 'forged' });
				continue;
			}
		} else if (scan.registrationId !== undefined) {
			registrationId = isUuid(scan.registrationId) ? scan.registrationId.toLowerCase() : null;
			if (!registrationId) {
				results.push({ id: scan.id, result: 'refused', reason: 'invalid' });
				continue;
			}
		}
		let slot: EventSlot | undefined;
		let people: number;
		if (registrationId) {
			const [row] = await db
				.select({ registration: eventRegistrations, slot: eventSlots })
				.from(eventRegistrations)
				.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
				.where(eq(eventRegistrations.id, registrationId));
			if (!row || row.slot.siteId !== site.id || row.registration.eventId !== event.id) {
				results.push({ id: scan.id, result: 'refused', reason: 'elsewhere' });
				continue;
			}
			if (row.registration.status !== 'confirmed') {
				results.push({ id: scan.id, result: 'refused', reason: 'not_confirmed' });
				continue;
			}
			slot = row.slot;
			people = row.registration.people;
		} else {
			const n = Number(scan.people);
			if (!isUuid(scan.slotId ?? '') || !Number.isInteger(n) || n < 1 || n > MAX_WALK_IN) {
				results.push({ id: scan.id, result: 'refused', reason: 'invalid' });
				continue;
			}
			[slot] = await db
				.select()
				.from(eventSlots)
				.where(and(eq(eventSlots.id, scan.slotId!.toLowerCase()), eq(eventSlots.siteId, site.id)));
			if (!slot) {
				results.push({ id: scan.id, result: 'refused', reason: 'elsewhere' });
				continue;
			}
			people = n;
		}
		const at = scan.scannedAt ? new Date(scan.scannedAt) : new Date();
		const scannedAt =
			Number.isNaN(at.getTime()) || at.getTime() > Date.now() + 60_000 ? new Date() : at;
		const inserted = await db
			.insert(eventCheckIns)
			.values({
				id: scan.id.toLowerCase(),
				eventId: event.id,
				slotId: slot.id,
				registrationId,
				people,
				byUserId: actor!.id,
				scannedAt
			})
			.onConflictDoNothing()
			.returning({ id: eventCheckIns.id });
		if (inserted.length) {
			results.push({ id: scan.id, result: 'recorded', registrationId });
			continue;
		}
		const [same] = await db
			.select({ id: eventCheckIns.id })
			.from(eventCheckIns)
			.where(eq(eventCheckIns.id, scan.id.toLowerCase()));
		results.push({ id: scan.id, result: same ? 'duplicate' : 'already', registrationId });
	}
	return results;
}

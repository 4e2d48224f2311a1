import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	eventRegistrations,
	eventSites,
	eventSlots,
	events,
	files,
	organisations,
	type Event,
	type EventAudience
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { dateToParisLocal } from '../dates';
import { holdsPlaces } from './slot-context';
import { EVENT_SLUG } from './schema';

// What anyone on the internet reads of an event: its public text, its sites and their slots
// with the places left. Never a visitor's name, never anything else of the network.

/** An event whose public page is up (published or later), by its address. */
export async function publicEvent(slug: string): Promise<Event | undefined> {
	if (!EVENT_SLUG.test(slug) || slug.length > 80) return undefined;
	const [event] = await db
		.select()
		.from(events)
		.where(
			and(
				eq(events.slug, slug),
				inArray(events.status, ['published', 'open', 'closed', 'finished'])
			)
		);
	return event;
}

/** The event's picture, if it has one: its current version, so that its address changes with it. */
export async function publicImage(event: Event): Promise<string | null> {
	if (!event.imageFileId) return null;
	const [file] = await db
		.select({ id: files.versionId })
		.from(files)
		.where(and(eq(files.id, event.imageFileId), isNull(files.deletedAt)));
	return file?.id ?? null;
}

export interface PublicSlot {
	id: string;
	siteId: string;
	startsAt: Date;
	durationMinutes: number;
	audience: EventAudience;
	capacity: number;
	left: number;
	/** The Paris day it is on. */
	day: string;
}

/**
 * Every open slot of the event with its places left, in time order: one query. `only` narrows
 * it to one site's slots or one slot (a site's page, a registration form), so that a page about
 * one site does not count the registrations of the whole event.
 */
export async function publicSlots(
	eventId: string,
	only: { siteId?: string; slotId?: string } = {}
): Promise<PublicSlot[]> {
	const narrowed = and(
		eq(eventSlots.eventId, eventId),
		isNull(eventSlots.cancelledAt),
		only.siteId ? eq(eventSlots.siteId, only.siteId) : undefined,
		only.slotId ? eq(eventSlots.id, only.slotId) : undefined
	);
	const held = db
		.select({
			slotId: eventRegistrations.slotId,
			n: sql<number>`sum(${eventRegistrations.people})::int`.as('n')
		})
		.from(eventRegistrations)
		.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
		.where(and(eq(eventRegistrations.eventId, eventId), narrowed, holdsPlaces))
		.groupBy(eventRegistrations.slotId)
		.as('held');
	const rows = await db
		.select({
			id: eventSlots.id,
			siteId: eventSlots.siteId,
			startsAt: eventSlots.startsAt,
			durationMinutes: eventSlots.durationMinutes,
			audience: eventSlots.audience,
			capacity: eventSlots.capacity,
			held: sql<number>`coalesce(${held.n}, 0)`
		})
		.from(eventSlots)
		.leftJoin(held, eq(held.slotId, eventSlots.id))
		.where(narrowed)
		.orderBy(asc(eventSlots.startsAt));
	return rows.map(({ held: n, ...slot }) => ({
		...slot,
		left: Math.max(0, slot.capacity - Number(n)),
		day: dateToParisLocal(slot.startsAt).slice(0, 10)
	}));
}

/** How long the event's overview reuses its count of places left. */
const OVERVIEW_MS = 1_000;
const overviews = new Map<string, { at: number; slots: Promise<PublicSlot[]> }>();

/**
 * Every slot of the event with its places left, as `publicSlots`, counted at most once a second
 * for all who load the event's page at once (the rush when registrations open): its "places
 * left" may lag by that second. A site's page and a registration form count theirs each time,
 * and a booking always counts again under the slot's lock.
 */
export function overviewSlots(eventId: string, now = Date.now()): Promise<PublicSlot[]> {
	const kept = overviews.get(eventId);
	if (kept && now - kept.at < OVERVIEW_MS) return kept.slots;
	const slots = publicSlots(eventId);
	overviews.set(eventId, { at: now, slots });
	// A failed count is not kept; nor are events nobody asked about lately.
	slots.catch(() => overviews.delete(eventId));
	for (const [id, o] of overviews) if (now - o.at > 60_000) overviews.delete(id);
	return slots;
}

/** The event's sites still in it, with their organisation's name, by town then name. */
export async function publicSites(eventId: string) {
	return db
		.select({
			id: eventSites.id,
			name: eventSites.name,
			organisation: organisations.name,
			address: eventSites.address,
			postcode: eventSites.postcode,
			town: eventSites.town,
			sector: eventSites.sector,
			description: eventSites.description,
			accessNotes: eventSites.accessNotes,
			parking: eventSites.parking,
			transit: eventSites.transit,
			safetyRules: eventSites.safetyRules,
			closedShoes: eventSites.closedShoes,
			noPhotos: eventSites.noPhotos,
			minAge: eventSites.minAge,
			wheelchair: eventSites.wheelchair,
			languages: eventSites.languages
		})
		.from(eventSites)
		.innerJoin(organisations, eq(organisations.id, eventSites.organisationId))
		.where(and(eq(eventSites.eventId, eventId), isNull(eventSites.cancelledAt)))
		.orderBy(asc(eventSites.town), asc(eventSites.name));
}
export type PublicSite = Awaited<ReturnType<typeof publicSites>>[number];

/** What the public page can be filtered by, as read from its address. */
export interface SiteFilters {
	day: string | null;
	town: string | null;
	audience: EventAudience | null;
	wheelchair: boolean;
	placesLeft: boolean;
}

/** The sites that match the filters, each with the slots that do. */
export function filterSites(sites: PublicSite[], slots: PublicSlot[], f: SiteFilters) {
	const bySite = new Map<string, PublicSlot[]>();
	for (const slot of slots) {
		if (f.day && slot.day !== f.day) continue;
		if (f.audience && slot.audience !== f.audience) continue;
		if (f.placesLeft && slot.left === 0) continue;
		const list = bySite.get(slot.siteId) ?? [];
		list.push(slot);
		bySite.set(slot.siteId, list);
	}
	const slotFilter = Boolean(f.day || f.audience || f.placesLeft);
	return sites
		.filter((s) => (!f.town || s.town === f.town) && (!f.wheelchair || s.wheelchair))
		.map((site) => ({ site, slots: bySite.get(site.id) ?? [] }))
		.filter((entry) => !slotFilter || entry.slots.length > 0);
}

/** A site of a public event by its id, or undefined. */
export async function publicSite(eventId: string, siteId: string) {
	if (!isUuid(siteId)) return undefined;
	const sites = await publicSites(eventId);
	return sites.find((s) => s.id === siteId.toLowerCase());
}

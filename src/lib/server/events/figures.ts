import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { eventRegistrations, eventSites, eventSlots } from '$lib/server/db/schema';
import type { EventAudience } from '$lib/events';
import { forbidden } from '../errors';
import type { Actor } from '../policy';
import { eventAccess } from './access';
import { dateToParisLocal } from '../dates';

// The figures of an event, for its organisers and the directors: who registered and who came,
// per site, day, audience and school, the no-shows, and how full each slot was. Read from the
// registrations' counts and the arrivals only: they survive the erasure of visitors' names.

export interface Tally {
	capacity: number;
	/** People in confirmed registrations. */
	registered: number;
	/** People who arrived: registered ones checked in, and walk-ins. */
	arrived: number;
	/** Confirmed registrations nobody checked in, and their people. */
	noShows: number;
	noShowPeople: number;
	walkIns: number;
}

const empty = (): Tally => ({
	capacity: 0,
	registered: 0,
	arrived: 0,
	noShows: 0,
	noShowPeople: 0,
	walkIns: 0
});

function add(into: Tally, from: Tally) {
	for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += from[k];
}

/** One row per slot with its counts; the rest is summed from it. */
async function slotTallies(eventId: string) {
	const reg = sql`(select coalesce(sum(r.people), 0)::int from event_registrations r where r.slot_id = ${eventSlots.id} and r.status = 'confirmed')`;
	const arrivedReg = sql`(select coalesce(sum(c.people), 0)::int from event_check_ins c where c.slot_id = ${eventSlots.id} and c.registration_id is not null)`;
	const walkIns = sql`(select coalesce(sum(c.people), 0)::int from event_check_ins c where c.slot_id = ${eventSlots.id} and c.registration_id is null)`;
	const noShow = sql`from event_registrations r where r.slot_id = ${eventSlots.id} and r.status = 'confirmed' and not exists (select 1 from event_check_ins c where c.registration_id = r.id)`;
	return db
		.select({
			id: eventSlots.id,
			siteId: eventSlots.siteId,
			site: eventSites.name,
			startsAt: eventSlots.startsAt,
			audience: eventSlots.audience,
			capacity: eventSlots.capacity,
			registered: sql<number>`${reg}`,
			arrivedRegistered: sql<number>`${arrivedReg}`,
			walkIns: sql<number>`${walkIns}`,
			noShows: sql<number>`(select count(*)::int ${noShow})`,
			noShowPeople: sql<number>`(select coalesce(sum(r.people), 0)::int ${noShow})`
		})
		.from(eventSlots)
		.innerJoin(eventSites, eq(eventSites.id, eventSlots.siteId))
		.where(and(eq(eventSlots.eventId, eventId), sql`${eventSlots.cancelledAt} is null`))
		.orderBy(asc(eventSites.name), asc(eventSlots.startsAt));
}

/** The figures of an event the person may see them of. */
export async function eventFigures(actor: Actor, eventId: string) {
	const { event, figures } = await eventAccess(actor, eventId);
	if (!figures) throw forbidden();
	return figuresOf(event.id);
}

export async function figuresOf(eventId: string) {
	const slots = await slotTallies(eventId);
	const total = empty();
	const bySite = new Map<string, { site: string; tally: Tally }>();
	const byDay = new Map<string, Tally>();
	const byAudience = new Map<EventAudience, Tally>();
	const fill: {
		site: string;
		startsAt: Date;
		audience: EventAudience;
		capacity: number;
		registered: number;
	}[] = [];
	for (const s of slots) {
		const t: Tally = {
			capacity: s.capacity,
			registered: s.registered,
			arrived: s.arrivedRegistered + s.walkIns,
			noShows: s.noShows,
			noShowPeople: s.noShowPeople,
			walkIns: s.walkIns
		};
		add(total, t);
		const site = bySite.get(s.siteId) ?? { site: s.site, tally: empty() };
		add(site.tally, t);
		bySite.set(s.siteId, site);
		const day = dateToParisLocal(s.startsAt).slice(0, 10);
		add(byDay.get(day) ?? byDay.set(day, empty()).get(day)!, t);
		add(byAudience.get(s.audience) ?? byAudience.set(s.audience, empty()).get(s.audience)!, t);
		fill.push({
			site: s.site,
			startsAt: s.startsAt,
			audience: s.audience,
			capacity: s.capacity,
			registered: s.registered
		});
	}
	// The registration's id spelled out: in a query on one table drizzle writes "id" alone, which
	// inside the subquery would be the arrival's.
	const schools = await db
		.select({
			school: eventRegistrations.school,
			classes: sql<number>`count(*)::int`,
			pupils: sql<number>`coalesce(sum(${eventRegistrations.pupils}), 0)::int`,
			people: sql<number>`coalesce(sum(${eventRegistrations.people}), 0)::int`,
			arrived: sql<number>`coalesce(sum(${eventRegistrations.people}) filter (where exists (select 1 from event_check_ins c where c.registration_id = event_registrations.id)), 0)::int`
		})
		.from(eventRegistrations)
		.where(
			and(
				eq(eventRegistrations.eventId, eventId),
				eq(eventRegistrations.status, 'confirmed'),
				isNotNull(eventRegistrations.school)
			)
		)
		.groupBy(eventRegistrations.school)
		.orderBy(sql`count(*) desc`, asc(eventRegistrations.school));
	return {
		total,
		sites: [...bySite.values()],
		days: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)),
		audiences: [...byAudience.entries()],
		schools,
		slots: fill
	};
}

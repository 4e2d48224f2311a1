import { and, desc, gte, lt, ne, sql, type SQL } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { events } from '$lib/server/db/schema';

// The network-wide totals of its open-house events, for the directors' dashboard and the monthly
// report: one row per event, each beside the edition before it. Read from counts and arrivals
// only, like the event's own figures, so they survive the erasure of visitors' names.

export interface EventTotals {
	id: string;
	name: string;
	startsOn: string;
	endsOn: string;
	status: (typeof events.$inferSelect)['status'];
	sites: number;
	slots: number;
	capacity: number;
	/** Confirmed registrations, their people, and the classes among them with their pupils. */
	registrations: number;
	registered: number;
	classes: number;
	pupils: number;
	/** People who came: registered ones checked in and walk-ins; walk-ins alone. */
	arrived: number;
	walkIns: number;
	/** People registered on slots that have begun and nobody checked in. */
	noShowPeople: number;
}

export interface EventComparison {
	current: EventTotals;
	previous: EventTotals | null;
}

const live = sql`sl.cancelled_at is null`;

/** The totals of the events `where` selects (drafts never), the latest first. */
async function totalsWhere(where: SQL | undefined, limit: number): Promise<EventTotals[]> {
	// Spelled out: drizzle writes a column alone as "id", which the subqueries' tables also have.
	const e = sql.raw('"events"."id"');
	const confirmed = sql`from event_registrations r join event_slots sl on sl.id = r.slot_id where r.event_id = ${e} and r.status = 'confirmed' and ${live}`;
	const checked = sql`from event_check_ins c join event_slots sl on sl.id = c.slot_id where c.event_id = ${e} and ${live}`;
	const rows = await db
		.select({
			id: events.id,
			name: events.name,
			startsOn: events.startsOn,
			endsOn: events.endsOn,
			status: events.status,
			sites: sql<number>`(select count(*)::int from event_sites s where s.event_id = ${e} and s.cancelled_at is null)`,
			slots: sql<number>`(select count(*)::int from event_slots sl where sl.event_id = ${e} and ${live})`,
			capacity: sql<number>`(select coalesce(sum(sl.capacity), 0)::int from event_slots sl where sl.event_id = ${e} and ${live})`,
			registrations: sql<number>`(select count(*)::int ${confirmed})`,
			registered: sql<number>`(select coalesce(sum(r.people), 0)::int ${confirmed})`,
			classes: sql<number>`(select count(*)::int ${confirmed} and r.kind = 'class')`,
			pupils: sql<number>`(select coalesce(sum(r.pupils), 0)::int ${confirmed} and r.kind = 'class')`,
			arrived: sql<number>`(select coalesce(sum(c.people), 0)::int ${checked})`,
			walkIns: sql<number>`(select coalesce(sum(c.people), 0)::int ${checked} and c.registration_id is null)`,
			noShowPeople: sql<number>`(select coalesce(sum(r.people), 0)::int ${confirmed} and sl.starts_at < now() and not exists (select 1 from event_check_ins c where c.registration_id = r.id))`
		})
		.from(events)
		.where(and(ne(events.status, 'draft'), where))
		.orderBy(desc(events.startsOn), desc(events.endsOn))
		.limit(limit);
	return rows;
}

/** Events read at once for the dashboard's latest one and its previous edition. */
const LATEST_READ = 3;

/** The edition before `event`: the latest one that ended before it began. */
export async function editionBefore(event: { startsOn: string }): Promise<EventTotals | null> {
	const [previous] = await totalsWhere(lt(events.endsOn, event.startsOn), 1);
	return previous ?? null;
}

async function compared(current: EventTotals[]): Promise<EventComparison[]> {
	return Promise.all(current.map(async (c) => ({ current: c, previous: await editionBefore(c) })));
}

/** The network's latest published event beside the one before it, or null without any. */
export async function latestEvent(): Promise<EventComparison | null> {
	// The latest few in one reading: the edition before the latest is almost always among them.
	const [current, ...earlier] = await totalsWhere(undefined, LATEST_READ);
	if (!current) return null;
	const previous = earlier.find((e) => e.endsOn < current.startsOn);
	if (previous || earlier.length < LATEST_READ - 1) return { current, previous: previous ?? null };
	return { current, previous: await editionBefore(current) };
}

/**
 * The events a month's report speaks of: those held in it, or whose registrations were open in
 * part of it (from their opening to their last day). `month` is YYYY-MM; `end` the instant it
 * ends.
 */
export async function eventsOfMonth(month: string, end: Date): Promise<EventComparison[]> {
	const current = await totalsWhere(
		and(gte(events.endsOn, `${month}-01`), lt(events.registrationOpensAt, end)),
		5
	);
	return compared(current);
}

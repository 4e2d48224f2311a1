import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { events, groupMembers, groups, type Event, type EventStatus } from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import { addDays } from '../dates';
import { access as groupAccess } from '../groups';
import { can, type Actor } from '../policy';
import { eventAccess } from './access';
import type { EventInput } from './schema';

/**
 * Addresses the app itself answers at the top level: an event's public address is never one of
 * them (nor one the app may use later for its own pages).
 */
const RESERVED = new Set([
	'a-propos',
	'actions',
	'admin',
	'agenda',
	'annuaire',
	'api',
	'avatars',
	'decisions',
	'disponibilites',
	'evenements',
	'fichiers',
	'groupes',
	'inscription',
	'invitation',
	'langue',
	'live',
	'login',
	'logo',
	'logout',
	'mot-de-passe-oublie',
	'notifications',
	'profil',
	'recherche',
	'reinitialiser',
	'reponse',
	'setup',
	'tableau-de-bord',
	'collab',
	'healthz',
	'readyz',
	'metrics',
	'static',
	'icons'
]);

/** Whether the person leads at least one group (the leads of a group may create its event). */
async function leadsAGroup(userId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: groupMembers.groupId })
		.from(groupMembers)
		.where(and(eq(groupMembers.userId, userId), eq(groupMembers.role, 'lead')))
		.limit(1);
	return Boolean(row);
}

/** An event's days, first to last; the first 31 of a longer one (day pickers stay short). */
export function eventDays(event: Pick<Event, 'startsOn' | 'endsOn'>): string[] {
	const days: string[] = [];
	for (let d = event.startsOn; d <= event.endsOn && days.length < 31; d = addDays(d, 1))
		days.push(d);
	return days;
}

export async function mayCreate(actor: Actor): Promise<boolean> {
	if (!actor) return false;
	return can(actor, 'events.create', { leadsGroup: await leadsAGroup(actor.id) });
}

async function checkSlug(slug: string, except?: string): Promise<void> {
	if (RESERVED.has(slug)) throw new ServiceError('invalid', 'event.slug_taken', 'slug');
	const [taken] = await db
		.select({ id: events.id })
		.from(events)
		.where(and(eq(events.slug, slug), except ? ne(events.id, except) : undefined));
	if (taken) throw new ServiceError('invalid', 'event.slug_taken', 'slug');
}

/**
 * Creates an event prepared by a group: the coordination for any group, a group's leads for
 * their own. It starts as a draft that only its organisers see.
 */
export async function createEvent(
	actor: Actor,
	groupId: string,
	input: EventInput
): Promise<Event> {
	const { group, context } = await groupAccess(actor, groupId);
	if (!can(actor, 'events.create', { leadsGroup: context.membership === 'lead' }))
		throw forbidden();
	if (group.status === 'archived')
		throw new ServiceError('invalid', 'event.group_archived', 'groupId');
	await checkSlug(input.slug);
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(events)
			.values({ ...input, groupId: group.id, createdById: actor!.id })
			.returning();
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'event',
			subjectId: created.id,
			verb: 'created',
			label: created.name
		});
		return created;
	});
}

export async function updateEvent(
	actor: Actor,
	eventId: string,
	input: EventInput
): Promise<Event> {
	const { event, organiser } = await eventAccess(actor, eventId);
	if (!organiser) throw forbidden();
	await checkSlug(input.slug, event.id);
	const [updated] = await db.update(events).set(input).where(eq(events.id, event.id)).returning();
	return updated;
}

export async function setStatus(
	actor: Actor,
	eventId: string,
	status: EventStatus
): Promise<Event> {
	const { event, organiser } = await eventAccess(actor, eventId);
	if (!organiser) throw forbidden();
	const [updated] = await db
		.update(events)
		.set({ status })
		.where(eq(events.id, event.id))
		.returning();
	if (event.groupId && status !== event.status) {
		await activityLog.record(db, {
			groupId: event.groupId,
			actorId: actor!.id,
			subjectType: 'event',
			subjectId: event.id,
			verb: 'status_changed',
			label: event.name,
			before: { status: event.status },
			after: { status }
		});
	}
	return updated;
}

/**
 * The events a person sees in the network: every one past its draft, and the drafts they
 * organise. Most recent first.
 */
export async function listFor(actor: Actor) {
	if (!actor) throw forbidden();
	const staff = actor.role === 'admin' || actor.role === 'coordinator';
	const led = db
		.select({ id: groupMembers.groupId })
		.from(groupMembers)
		.where(and(eq(groupMembers.userId, actor.id), eq(groupMembers.role, 'lead')));
	return db
		.select({
			id: events.id,
			slug: events.slug,
			name: events.name,
			status: events.status,
			startsOn: events.startsOn,
			endsOn: events.endsOn,
			group: groups.name,
			groupSlug: groups.slug,
			sites: sql<number>`(select count(*)::int from event_sites s where s.event_id = ${events.id} and s.cancelled_at is null)`
		})
		.from(events)
		.leftJoin(groups, eq(groups.id, events.groupId))
		.where(staff ? undefined : or(ne(events.status, 'draft'), inArray(events.groupId, led)))
		.orderBy(desc(events.startsOn), asc(events.name));
}

/** The groups in which the person may create an event: all for the coordination, else those they lead. */
export async function groupsToPrepare(actor: Actor) {
	if (!actor) return [];
	const staff = actor.role === 'admin' || actor.role === 'coordinator';
	const rows = await db
		.select({ id: groups.id, name: groups.name })
		.from(groups)
		.where(
			and(
				ne(groups.status, 'archived'),
				staff
					? undefined
					: inArray(
							groups.id,
							db
								.select({ id: groupMembers.groupId })
								.from(groupMembers)
								.where(and(eq(groupMembers.userId, actor.id), eq(groupMembers.role, 'lead')))
						)
			)
		)
		.orderBy(asc(groups.name));
	return rows;
}

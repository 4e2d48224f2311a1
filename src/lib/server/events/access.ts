import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	eventSites,
	events,
	groupMembers,
	type Event,
	type EventSite
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { forbidden, notFound } from '../errors';
import { can, type Actor, type EventContext } from '../policy';

export interface EventAccess {
	event: Event;
	context: EventContext;
	/** Organisers: edit it, open sites for anyone, write to every visitor. */
	organiser: boolean;
	/** May see its figures. */
	figures: boolean;
}

async function contextOf(actor: NonNullable<Actor>, event: Event): Promise<EventContext> {
	let groupRole: EventContext['groupRole'] = null;
	if (event.groupId) {
		const [row] = await db
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, event.groupId), eq(groupMembers.userId, actor.id)));
		groupRole = row?.role ?? null;
	}
	return { status: event.status, groupRole };
}

/** An event as someone of the network sees it; a draft is "not found" to those who may not see it. */
export async function eventAccess(actor: Actor, eventId: string): Promise<EventAccess> {
	if (!actor) throw forbidden();
	if (!isUuid(eventId)) throw notFound();
	const [event] = await db.select().from(events).where(eq(events.id, eventId.toLowerCase()));
	if (!event) throw notFound();
	const context = await contextOf(actor, event);
	if (!can(actor, 'event.view', context)) throw notFound();
	return {
		event,
		context,
		organiser: can(actor, 'event.manage', context),
		figures: can(actor, 'event.figures', context)
	};
}

export interface SiteAccess extends EventAccess {
	site: EventSite;
	/** Edit the site and its slots, see and welcome its visitors. */
	editor: boolean;
}

/** A site of an event with whether the person may edit it (its organisation's people, organisers). */
export async function siteAccess(actor: Actor, siteId: string): Promise<SiteAccess> {
	if (!actor) throw forbidden();
	if (!isUuid(siteId)) throw notFound();
	const [site] = await db.select().from(eventSites).where(eq(eventSites.id, siteId.toLowerCase()));
	if (!site) throw notFound();
	const access = await eventAccess(actor, site.eventId);
	const editor = can(actor, 'site.edit', {
		...access.context,
		ownOrganisation: actor.organisationId === site.organisationId
	});
	return { ...access, site, editor };
}

/** The same, refused unless the person may edit the site. */
export async function editableSite(actor: Actor, siteId: string): Promise<SiteAccess> {
	const access = await siteAccess(actor, siteId);
	if (!access.editor) throw forbidden();
	return access;
}

import { and, asc, eq } from 'drizzle-orm';
import type { MessageKey } from '$lib/i18n';
import { db } from '$lib/server/db';
import { eventRegistrations, eventSites, eventSlots } from '$lib/server/db/schema';
import { csvTable } from '../csv';
import { dateToParisLocal } from '../dates';

/** Registrations of an event (or of one site) as CSV, one row each, with whether they came. */
export async function registrationsCsv(
	eventId: string,
	siteId: string | null,
	t: (key: MessageKey) => string
): Promise<string> {
	const rows = await db
		.select({
			site: eventSites.name,
			startsAt: eventSlots.startsAt,
			audience: eventSlots.audience,
			status: eventRegistrations.status,
			name: eventRegistrations.name,
			email: eventRegistrations.email,
			phone: eventRegistrations.phone,
			school: eventRegistrations.school,
			classLevel: eventRegistrations.classLevel,
			pupils: eventRegistrations.pupils,
			adults: eventRegistrations.adults,
			people: eventRegistrations.people,
			id: eventRegistrations.id
		})
		.from(eventRegistrations)
		.innerJoin(eventSlots, eq(eventSlots.id, eventRegistrations.slotId))
		.innerJoin(eventSites, eq(eventSites.id, eventSlots.siteId))
		.where(
			and(eq(eventRegistrations.eventId, eventId), siteId ? eq(eventSites.id, siteId) : undefined)
		)
		.orderBy(asc(eventSites.name), asc(eventSlots.startsAt), asc(eventRegistrations.createdAt));
	const arrived = new Set(
		(
			await db.query.eventCheckIns.findMany({
				where: (c, { eq: is }) => is(c.eventId, eventId),
				columns: { registrationId: true }
			})
		).map((c) => c.registrationId)
	);
	return csvTable(
		[
			t('events.site'),
			t('events.slot_when'),
			t('event.audience_label'),
			t('figures.status'),
			t('event.field_name'),
			t('event.field_email'),
			t('figures.phone'),
			t('event.field_school'),
			t('event.field_class_level'),
			t('event.field_pupils'),
			t('event.field_adults'),
			t('figures.people'),
			t('figures.arrived')
		],
		rows.map((r) => [
			r.site,
			dateToParisLocal(r.startsAt).replace('T', ' '),
			t(`event.audience.${r.audience}`),
			t(`events.registration_status.${r.status}`),
			r.name,
			r.email,
			r.phone,
			r.school,
			r.classLevel,
			r.pupils,
			r.adults,
			r.people,
			arrived.has(r.id) ? t('figures.yes') : ''
		])
	);
}

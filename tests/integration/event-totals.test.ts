import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths, monthOf } from '$lib/months';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { eventCheckIns, eventRegistrations, eventSlots, events } from '$lib/server/db/schema';
import { todayInParis } from '$lib/server/dates';
import * as checkIns from '$lib/server/events/check-ins';
import { figuresOf } from '$lib/server/events/figures';
import * as eventsService from '$lib/server/events/events';
import * as registrations from '$lib/server/events/registrations';
import * as sites from '$lib/server/events/sites';
import { latestEvent } from '$lib/server/events/totals';
import { monthly } from '$lib/server/progress/report';
import * as figuresPage from '../../src/routes/(app)/evenements/[id=uuid]/chiffres/+page.server';
import { createTestDb } from '../helpers/db';
import { expectHttpError, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { siteInput } from '../helpers/open-house';

// The open-house event's totals on the directors' dashboard and in the monthly report: the same
// counts as the event's own figures, beside the previous edition's, and drafts never shown.

await createTestDb();

const ORIGIN = 'https://maillage.example';
const DAY = 86_400_000;
const iso = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
let lead: SessionUser;
let host: SessionUser;
let factoryId: string;
let groupId: string;

const site = siteInput({ name: 'Fonderie', address: '1 rue du Four', wheelchair: true });

/** An event of one site with one slot of `capacity` on `day` (days from now), opened. */
async function openHouse(slug: string, name: string, day: number, capacity: number) {
	const event = await eventsService.createEvent(lead, groupId, {
		name,
		slug,
		description: '',
		startsOn: iso(day),
		endsOn: iso(day + 3),
		registrationOpensAt: new Date(Date.now() + (day - 40) * DAY),
		registrationClosesAt: new Date(Date.now() + (day - 1) * DAY),
		privacyNotice: '',
		maxPeople: 10,
		confirmEmail: false
	});
	await eventsService.setStatus(lead, event.id, 'open');
	const { id: siteId } = await sites.openSite(host, event.id, factoryId, site);
	const [slot] = await db
		.insert(eventSlots)
		.values({
			eventId: event.id,
			siteId,
			startsAt: new Date(Date.now() + day * DAY),
			durationMinutes: 60,
			capacity,
			audience: 'public'
		})
		.returning();
	return { event, siteId, slot };
}

beforeAll(async () => {
	const network = await buildOrganisation({ name: 'Réseau' });
	const factory = await buildOrganisation({ name: 'Fonderie Alpha' });
	factoryId = factory.id;
	lead = await buildUser({ organisationId: network.id });
	host = await buildUser({ organisationId: factory.id });
	groupId = (await buildGroup({}, [{ user: lead, role: 'lead' }])).id;
});

describe('the network’s open-house totals', () => {
	it('are the event’s own figures, beside the previous edition, drafts left out', async () => {
		// Last year's edition: held, with two visitors registered and one who came.
		const past = await openHouse('route-2026', 'Route 2026', -365, 10);
		const [pastVisitor] = await db
			.insert(eventRegistrations)
			.values({
				eventId: past.event.id,
				slotId: past.slot.id,
				kind: 'visitor',
				status: 'confirmed',
				name: '',
				people: 2
			})
			.returning();
		await db.insert(eventCheckIns).values({
			id: crypto.randomUUID(),
			eventId: past.event.id,
			slotId: past.slot.id,
			registrationId: pastVisitor.id,
			people: 2,
			scannedAt: past.slot.startsAt
		});
		await db.insert(eventRegistrations).values({
			eventId: past.event.id,
			slotId: past.slot.id,
			kind: 'visitor',
			status: 'confirmed',
			name: '',
			people: 4
		});
		await eventsService.setStatus(lead, past.event.id, 'finished');
		// This year's, with a class and a walk-in.
		const current = await openHouse('route-2027', 'Route 2027', 30, 25);
		const options = { locale: 'fr' as const, origin: ORIGIN, waitingList: false };
		const r = await registrations.register(
			current.slot.id,
			{
				kind: 'visitor',
				name: 'Camille',
				email: 'camille@x.test',
				phone: null,
				people: 3,
				consent: 'on'
			},
			options
		);
		await checkIns.recordScans(host, current.siteId, [
			{ id: crypto.randomUUID(), registrationId: r.registration.id },
			{ id: crypto.randomUUID(), slotId: current.slot.id, people: 2 }
		]);
		// A draft after both is never shown.
		await eventsService.createEvent(lead, groupId, {
			name: 'Brouillon',
			slug: 'brouillon-2028',
			description: '',
			startsOn: iso(400),
			endsOn: iso(401),
			registrationOpensAt: new Date(Date.now() + 300 * DAY),
			registrationClosesAt: new Date(Date.now() + 399 * DAY),
			privacyNotice: '',
			maxPeople: 10,
			confirmEmail: false
		});

		const latest = (await latestEvent())!;
		expect(latest.current.name).toBe('Route 2027');
		expect(latest.previous?.name).toBe('Route 2026');
		const own = (await figuresOf(current.event.id)).total;
		expect(latest.current).toMatchObject({
			sites: 1,
			slots: 1,
			capacity: own.capacity,
			registered: own.registered,
			arrived: own.arrived,
			walkIns: own.walkIns,
			registrations: 1
		});
		expect(latest.current).toMatchObject({ registered: 3, arrived: 5, walkIns: 2, capacity: 25 });
		// Its slot is still to come: nobody is counted absent yet.
		expect(latest.current.noShowPeople).toBe(0);
		// Last year's: one visitor of two came, the other four never did.
		expect(latest.previous).toMatchObject({ capacity: 10, registered: 6, arrived: 2 });
		expect(latest.previous!.noShowPeople).toBe(4);
	});

	it('are shown beside the event’s own figures to directors, and to no site host', async () => {
		const [{ id }] = await db
			.select({ id: events.id })
			.from(events)
			.where(eq(events.slug, 'route-2027'));
		const director = await buildUser({ role: 'director' });
		const page = (user: SessionUser) =>
			run(figuresPage.load as never, { path: `/evenements/${id}/chiffres`, params: { id }, user });
		const { result } = await page(director);
		const data = result as { figures: { total: { arrived: number } }; previous: unknown };
		expect(data.figures.total.arrived).toBe(5);
		expect(data.previous).toEqual({ name: 'Route 2026', total: { registered: 6, arrived: 2 } });
		expectHttpError((await page(host)).thrown, 403);
	});

	it('appear in the report of a month the event took registrations in, not before', async () => {
		const director = await buildUser({ role: 'director' });
		const now = monthOf(todayInParis());
		const report = await monthly(director, now, 'fr');
		expect(report.events.map((e) => e.current.name)).toEqual(['Route 2027']);
		expect(report.events[0].previous?.name).toBe('Route 2026');
		// Two months before registrations opened (forty days before the first day, thirty away).
		const before = await monthly(director, addMonths(now, -3), 'fr');
		expect(before.events.map((e) => e.current.name)).not.toContain('Route 2027');
	});
});

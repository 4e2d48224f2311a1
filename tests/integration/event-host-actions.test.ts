import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { eventRegistrations, eventSlots, outbox } from '$lib/server/db/schema';
import * as checkIns from '$lib/server/events/check-ins';
import * as eventsService from '$lib/server/events/events';
import { figuresOf } from '$lib/server/events/figures';
import { cancelRegistration, moveRegistration } from '$lib/server/events/host-actions';
import * as registrations from '$lib/server/events/registrations';
import type { RegistrationInput } from '$lib/server/events/schema';
import * as sites from '$lib/server/events/sites';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { eventInput, siteInput } from '../helpers/open-house';
import { mailsTo } from '../helpers/mail';

// What a site's people do to one registration: cancel it with a word to the visitor, or move a
// class to another time; never past a slot's places, never for another organisation's site.

await createTestDb();

const ORIGIN = 'https://maillage.example';
const DAY = 86_400_000;
const options = { locale: 'fr' as const, origin: ORIGIN, waitingList: true };
let host: SessionUser;
let otherHost: SessionUser;
let eventId: string;
let siteId: string;
let otherSiteId: string;

const site = (name: string) => siteInput({ name, address: '1 rue du Four', wheelchair: true });

const classOf = (email: string, pupils: number): RegistrationInput => ({
	kind: 'class',
	name: 'Mme Keller',
	email,
	phone: '0388000000',
	school: 'Collège Jean-Mentel',
	classLevel: '3e',
	pupils,
	adults: 2,
	consent: 'on'
});

async function slot(at: string, capacity: number, audience: 'school' | 'public' = 'school') {
	const [row] = await db
		.insert(eventSlots)
		.values({
			eventId,
			siteId: at,
			startsAt: new Date(Date.now() + 10 * DAY + Math.random() * DAY),
			durationMinutes: 90,
			capacity,
			audience
		})
		.returning();
	return row;
}

const statusOf = async (id: string) =>
	(
		await db
			.select({ status: eventRegistrations.status, slotId: eventRegistrations.slotId })
			.from(eventRegistrations)
			.where(eq(eventRegistrations.id, id))
	)[0];

beforeAll(async () => {
	const network = await buildOrganisation({ name: 'Réseau' });
	const factory = await buildOrganisation({ name: 'Usine Alpha' });
	const other = await buildOrganisation({ name: 'Usine Beta' });
	const lead = await buildUser({ organisationId: network.id });
	host = await buildUser({ organisationId: factory.id });
	otherHost = await buildUser({ organisationId: other.id });
	const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
	const event = await eventsService.createEvent(
		lead,
		group.id,
		eventInput('portes-ouvertes-hotes', 'Portes ouvertes')
	);
	eventId = event.id;
	await eventsService.setStatus(lead, eventId, 'open');
	siteId = (await sites.openSite(host, eventId, factory.id, site('Alpha'))).id;
	otherSiteId = (await sites.openSite(otherHost, eventId, other.id, site('Beta'))).id;
});

describe('a registration handled by the site’s people', () => {
	it('moves a class to a slot with room, telling the teacher, and offers what it freed', async () => {
		const from = await slot(siteId, 30);
		const to = await slot(siteId, 30);
		const { registration: moving } = await registrations.register(
			from.id,
			classOf('prof@x.test', 20),
			options
		);
		const { registration: waiting } = await registrations.register(
			from.id,
			classOf('attente@x.test', 18),
			options
		);
		expect(waiting.status).toBe('waiting');
		// The site's own people see what each slot holds and waits.
		const before = await sites.slotsOf(siteId);
		expect(before.find((s) => s.id === from.id)).toMatchObject({ held: 22, waiting: 20 });

		await expect(moveRegistration(otherHost, moving.id, to.id, '', ORIGIN)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		const elsewhere = await slot(otherSiteId, 30);
		await expect(moveRegistration(host, moving.id, elsewhere.id, '', ORIGIN)).rejects.toMatchObject(
			{ kind: 'forbidden' }
		);
		const publicSlot = await slot(siteId, 30, 'public');
		await expect(
			moveRegistration(host, moving.id, publicSlot.id, '', ORIGIN)
		).rejects.toMatchObject({ messageKey: 'event.move_audience' });
		await expect(moveRegistration(host, moving.id, from.id, '', ORIGIN)).rejects.toMatchObject({
			messageKey: 'event.move_same_slot'
		});

		await moveRegistration(host, moving.id, to.id, 'Le car arrive plus tard.', ORIGIN);
		expect(await statusOf(moving.id)).toEqual({ status: 'confirmed', slotId: to.id });
		const [told] = await mailsTo('prof@x.test', 'event.moved');
		expect(told.text).toContain('Le car arrive plus tard.');
		// The places it left go to the first waiting.
		expect((await statusOf(waiting.id)).status).toBe('offered');
		const after = await sites.slotsOf(siteId);
		expect(after.find((s) => s.id === to.id)).toMatchObject({ held: 22, waiting: 0 });
	});

	it('refuses a move past the target slot’s places, changing nothing', async () => {
		const from = await slot(siteId, 30);
		const small = await slot(siteId, 15);
		const { registration } = await registrations.register(
			from.id,
			classOf('grande@x.test', 20),
			options
		);
		await expect(
			moveRegistration(host, registration.id, small.id, '', ORIGIN)
		).rejects.toMatchObject({ messageKey: 'event.slot_full' });
		expect(await statusOf(registration.id)).toEqual({ status: 'confirmed', slotId: from.id });
		expect(await mailsTo('grande@x.test', 'event.moved')).toHaveLength(0);
	});

	it('cancels one registration with a word to its visitor, once', async () => {
		const s = await slot(siteId, 30);
		const { registration } = await registrations.register(
			s.id,
			classOf('annule@x.test', 10),
			options
		);
		await expect(cancelRegistration(otherHost, registration.id, '', ORIGIN)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await cancelRegistration(host, registration.id, 'Atelier fermé ce matin-là.', ORIGIN);
		expect((await statusOf(registration.id)).status).toBe('cancelled');
		const [told] = await mailsTo('annule@x.test', 'event.cancelled_by_organisers');
		expect(told.text).toContain('Atelier fermé ce matin-là.');
		await expect(cancelRegistration(host, registration.id, '', ORIGIN)).rejects.toMatchObject({
			messageKey: 'event.registration_not_active'
		});
	});

	it('shows the hosts whose e-mail the mail server refused, so that they call instead', async () => {
		const s = await slot(siteId, 30);
		await registrations.register(s.id, classOf('faute-de-frappe@x.test', 10), options);
		await registrations.register(s.id, classOf('bonne@x.test', 10), options);
		// What mail.deliver writes when SMTP answers 550 for the address.
		await db
			.update(outbox)
			.set({ error: '550 5.1.1 <faute-de-frappe@x.test>: user unknown' })
			.where(eq(outbox.to, 'faute-de-frappe@x.test'));
		const visitors = await sites.visitorsOf(host, siteId);
		const bounced = (email: string) => visitors.find((v) => v.email === email)?.bounced;
		expect(bounced('faute-de-frappe@x.test')).toBe(true);
		expect(bounced('bonne@x.test')).toBe(false);
		await expect(sites.visitorsOf(otherHost, siteId)).rejects.toMatchObject({ kind: 'forbidden' });
	});

	it('counts a school’s classes that came in the figures', async () => {
		const s = await slot(siteId, 30);
		const { registration } = await registrations.register(
			s.id,
			classOf('venue@x.test', 12),
			options
		);
		await checkIns.recordScans(host, siteId, [
			{ id: crypto.randomUUID(), registrationId: registration.id }
		]);
		const { schools } = await figuresOf(eventId);
		const school = schools.find((x) => x.school === 'Collège Jean-Mentel')!;
		expect(school.arrived).toBe(14);
		expect(school.people).toBeGreaterThan(14);
	});
});

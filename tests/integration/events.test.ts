import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	eventCheckIns,
	eventRegistrations,
	eventSlots,
	events,
	outbox
} from '$lib/server/db/schema';
import { dateToParisLocal } from '$lib/server/dates';
import * as checkIns from '$lib/server/events/check-ins';
import { registrationsCsv } from '$lib/server/events/export';
import { eventFigures } from '$lib/server/events/figures';
import { checkInCode } from '$lib/server/events/event-mail';
import { ServiceError } from '$lib/server/errors';
import { siteAccess } from '$lib/server/events/access';
import * as eventsService from '$lib/server/events/events';
import * as registrations from '$lib/server/events/registrations';
import { anonymiseExpired } from '$lib/server/events/retention';
import type { RegistrationInput, SiteInput } from '$lib/server/events/schema';
import { sign, verify } from '$lib/server/events/signing';
import * as sites from '$lib/server/events/sites';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { eventInput, siteInput as site } from '../helpers/open-house';
import { mailsTo } from '../helpers/mail';

// The open-house event: sites opened by their organisations' people, slots by pattern, bookings
// without an account that never exceed a slot's capacity however many arrive at once, waiting
// lists that offer freed places in turn for a limited time, and visitors' data erased after the
// retention time with the figures kept.

await createTestDb();

const ORIGIN = 'https://maillage.example';
const DAY = 86_400_000;
let coordinator: SessionUser;
let lead: SessionUser;
let host: SessionUser;
let otherHost: SessionUser;
let member: SessionUser;
let eventId: string;
let siteId: string;
let otherSiteId: string;

const iso = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const siteInput = (over: Partial<SiteInput> = {}) =>
	site({
		description: 'Usinage et assemblage.',
		accessNotes: 'Accueil au portail nord.',
		closedShoes: true,
		noPhotos: true,
		minAge: 12,
		...over
	});

const visitor = (email: string, people = 1): RegistrationInput => ({
	kind: 'visitor',
	name: 'Camille Visiteuse',
	email,
	phone: null,
	people,
	consent: 'on'
});

const options = { locale: 'fr' as const, origin: ORIGIN, waitingList: false };

/** A slot of `capacity` places for `audience` on the site, in `days` days at 9:00. */
async function slot(capacity: number, audience: 'public' | 'school' = 'public', days = 10) {
	const [row] = await db
		.insert(eventSlots)
		.values({
			eventId,
			siteId,
			startsAt: new Date(Date.now() + days * DAY),
			durationMinutes: 90,
			capacity,
			audience
		})
		.returning();
	return row;
}

const held = async (slotId: string) =>
	(
		await db
			.select({ n: sql<number>`coalesce(sum(people), 0)::int` })
			.from(eventRegistrations)
			.where(sql`slot_id = ${slotId} and status in ('confirmed', 'offered', 'pending')`)
	)[0].n;

beforeAll(async () => {
	const network = await buildOrganisation({ name: 'Réseau' });
	const factory = await buildOrganisation({ name: 'Usine Alpha', sector: 'Mécanique' });
	const other = await buildOrganisation({ name: 'Usine Beta' });
	coordinator = await buildUser({ role: 'coordinator', organisationId: network.id });
	lead = await buildUser({ organisationId: network.id });
	host = await buildUser({ organisationId: factory.id });
	otherHost = await buildUser({ organisationId: other.id });
	member = await buildUser({ organisationId: network.id });
	const group = await buildGroup({}, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' }
	]);
	const event = await eventsService.createEvent(
		lead,
		group.id,
		eventInput('route-test', 'La route de l’industrie', { description: 'Portes ouvertes.' })
	);
	eventId = event.id;
	await eventsService.setStatus(lead, eventId, 'open');
	siteId = (await sites.openSite(host, eventId, factory.id, siteInput())).id;
	otherSiteId = (await sites.openSite(otherHost, eventId, other.id, siteInput({ name: 'Beta' })))
		.id;
});

describe('who organises and who edits a site', () => {
	it('refuses an event to a member who leads no group, and a site for another organisation', async () => {
		expect(await eventsService.mayCreate(member)).toBe(false);
		expect(await eventsService.mayCreate(lead)).toBe(true);
		await expect(
			sites.openSite(host, eventId, (await buildOrganisation()).id, siteInput())
		).rejects.toMatchObject({ kind: 'forbidden' });
	});

	it('lets a company’s people edit their site only, and the organisers every site', async () => {
		expect((await siteAccess(host, siteId)).editor).toBe(true);
		expect((await siteAccess(host, otherSiteId)).editor).toBe(false);
		expect((await siteAccess(lead, otherSiteId)).editor).toBe(true);
		expect((await siteAccess(coordinator, otherSiteId)).editor).toBe(true);
		await expect(sites.updateSite(host, otherSiteId, siteInput())).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await expect(sites.visitorsOf(member, siteId)).rejects.toMatchObject({ kind: 'forbidden' });
	});

	it('hides a draft from those who do not organise it', async () => {
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		const draft = await eventsService.createEvent(lead, group.id, {
			name: 'Brouillon',
			slug: 'brouillon-test',
			description: '',
			startsOn: iso(5),
			endsOn: iso(6),
			registrationOpensAt: new Date(),
			registrationClosesAt: new Date(Date.now() + DAY),
			privacyNotice: '',
			maxPeople: 4,
			confirmEmail: false
		});
		const seen = (await eventsService.listFor(member)).map((e) => e.id);
		expect(seen).toContain(eventId);
		expect(seen).not.toContain(draft.id);
		expect((await eventsService.listFor(lead)).map((e) => e.id)).toContain(draft.id);
	});

	it('refuses an address the app uses, or one taken', async () => {
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		const base = {
			name: 'X',
			description: '',
			startsOn: iso(5),
			endsOn: iso(6),
			registrationOpensAt: new Date(),
			registrationClosesAt: new Date(Date.now() + DAY),
			privacyNotice: '',
			maxPeople: 4,
			confirmEmail: false
		};
		for (const slug of ['groupes', 'route-test'])
			await expect(
				eventsService.createEvent(lead, group.id, { ...base, slug })
			).rejects.toMatchObject({ messageKey: 'event.slug_taken' });
	});
});

describe('slots', () => {
	it('adds a pattern of slots once, whatever how often it is applied', async () => {
		const pattern = {
			days: [iso(6), iso(7)],
			times: ['09:00', '10:30', '14:00'],
			durationMinutes: 60,
			capacity: 25,
			audience: 'school' as const
		};
		expect(await sites.addSlots(host, siteId, pattern)).toBe(6);
		expect(await sites.addSlots(host, siteId, pattern)).toBe(0);
		await expect(sites.addSlots(host, otherSiteId, pattern)).rejects.toMatchObject({
			kind: 'forbidden'
		});
		await expect(
			sites.addSlots(host, siteId, { ...pattern, days: [iso(40)] })
		).rejects.toMatchObject({ messageKey: 'event.day_outside' });
	});
});

describe('registrations', () => {
	it('confirms a class with its pupils and adults, with an e-mail carrying a calendar file and a code', async () => {
		const s = await slot(30, 'school');
		const { registration } = await registrations.register(
			s.id,
			{
				kind: 'class',
				name: 'M. Prof',
				email: 'prof@ecole.test',
				phone: '03 88 00 00 00',
				school: 'Collège Mentel',
				classLevel: '3e',
				pupils: 24,
				adults: 2,
				consent: 'on'
			},
			options
		);
		expect(registration).toMatchObject({ status: 'confirmed', people: 26 });
		const [mail] = await mailsTo('prof@ecole.test', 'event.confirmed');
		expect(mail.text).toContain('Collège Mentel');
		expect(mail.text).toContain('Chaussures fermées');
		expect(mail.text).toContain(`${ORIGIN}/inscription/`);
		expect(mail.attachments.map((a) => a.contentType)).toEqual([
			'text/calendar; charset=utf-8',
			'image/png'
		]);
	});

	it('refuses a visitor on a class slot, too many people, and a second registration of one address', async () => {
		const s = await slot(10);
		const classSlot = await slot(10, 'school');
		await expect(
			registrations.register(classSlot.id, visitor('a@x.test'), options)
		).rejects.toMatchObject({ messageKey: 'event.slot_for_classes' });
		await expect(
			registrations.register(s.id, visitor('a@x.test', 7), options)
		).rejects.toMatchObject({ messageKey: 'event.too_many_people' });
		await registrations.register(s.id, visitor('a@x.test'), options);
		await expect(registrations.register(s.id, visitor('a@x.test'), options)).rejects.toMatchObject({
			messageKey: 'event.already_registered'
		});
	});

	it('never accepts more than a slot holds, however many book at once', async () => {
		const s = await slot(25);
		const attempts = Array.from({ length: 120 }, (_, i) =>
			registrations
				.register(s.id, visitor(`rush${i}@x.test`, 1 + (i % 3)), options)
				.then(() => 'ok' as const)
				.catch((e: unknown) => {
					if (e instanceof ServiceError && e.messageKey === 'event.slot_full')
						return 'full' as const;
					throw e;
				})
		);
		const outcomes = await Promise.all(attempts);
		const accepted = await db
			.select()
			.from(eventRegistrations)
			.where(eq(eventRegistrations.slotId, s.id));
		expect(accepted.length).toBe(outcomes.filter((o) => o === 'ok').length);
		const total = accepted.reduce((n, r) => n + r.people, 0);
		expect(total).toBeLessThanOrEqual(25);
		// Full, bar less than the smallest party that was refused.
		expect(total).toBeGreaterThanOrEqual(23);
		// Each accepted registration e-mailed once.
		const mails = await db
			.select({ to: outbox.to })
			.from(outbox)
			.where(sql`${outbox.kind} = 'event.confirmed' and ${outbox.to} like 'rush%'`);
		expect(mails.length).toBe(accepted.length);
		expect(new Set(mails.map((m) => m.to)).size).toBe(accepted.length);
	});

	it('offers freed places to the waiting list in turn, for a limited time, then to the next', async () => {
		const s = await slot(4);
		const first = (await registrations.register(s.id, visitor('w0@x.test', 4), options))
			.registration;
		await expect(
			registrations.register(s.id, visitor('w1@x.test', 3), options)
		).rejects.toMatchObject({ messageKey: 'event.slot_full' });
		const waitOpts = { ...options, waitingList: true };
		const big = (await registrations.register(s.id, visitor('w1@x.test', 4), waitOpts))
			.registration;
		const small = (await registrations.register(s.id, visitor('w2@x.test', 2), waitOpts))
			.registration;
		expect(big.status).toBe('waiting');
		expect((await mailsTo('w2@x.test', 'event.waiting')).length).toBe(1);
		// The first cancels: all four places go to the first waiting, who fits.
		await registrations.cancel(first.id, ORIGIN);
		const offered = (await registrations.registrationById(big.id)).registration;
		expect(offered.status).toBe('offered');
		expect(offered.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);
		expect((await registrations.registrationById(small.id)).registration.status).toBe('waiting');
		const [offer] = await mailsTo('w1@x.test', 'event.offered');
		expect(offer.text).toContain('/inscription/');
		// Held for them: nobody else gets in meanwhile.
		await expect(
			registrations.register(s.id, visitor('late@x.test', 1), options)
		).rejects.toMatchObject({ messageKey: 'event.slot_full' });
		// They let it run out: it expires, they are told, and the next is offered.
		await db
			.update(eventRegistrations)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(eventRegistrations.id, big.id));
		await expect(registrations.confirmHold(big.id, ORIGIN)).rejects.toMatchObject({
			messageKey: 'event.offer_expired'
		});
		expect(await registrations.expireHolds(ORIGIN)).toBe(1);
		expect((await mailsTo('w1@x.test', 'event.offer_expired')).length).toBe(1);
		expect((await registrations.registrationById(small.id)).registration.status).toBe('offered');
		await registrations.confirmHold(small.id, ORIGIN);
		expect((await registrations.registrationById(small.id)).registration.status).toBe('confirmed');
		expect(await held(s.id)).toBe(2);
	});

	it('changes a party within the places left, offering what it frees', async () => {
		const s = await slot(5);
		const r = (await registrations.register(s.id, visitor('p@x.test', 2), options)).registration;
		await expect(registrations.changeParty(r.id, { people: 7 }, ORIGIN)).rejects.toMatchObject({
			messageKey: 'event.too_many_people'
		});
		await expect(registrations.changeParty(r.id, { people: 6 }, ORIGIN)).rejects.toMatchObject({
			messageKey: 'event.not_enough_places'
		});
		await registrations.changeParty(r.id, { people: 5 }, ORIGIN);
		await registrations.register(s.id, visitor('q@x.test', 1), { ...options, waitingList: true });
		await registrations.changeParty(r.id, { people: 4 }, ORIGIN);
		expect((await mailsTo('q@x.test', 'event.offered')).length).toBe(1);
		expect(await held(s.id)).toBe(5);
	});

	it('signs links so that an altered one, or one for another use, means nothing', async () => {
		const signed = await sign('manage', 'abc');
		expect(await verify('manage', signed)).toBe('abc');
		expect(await verify('check_in', signed)).toBeNull();
		expect(
			await verify(
				'manage',
				signed.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
			)
		).toBeNull();
		expect(await verify('manage', 'abc')).toBeNull();
	});

	it('erases a visitor at their request and keeps the count', async () => {
		const s = await slot(5);
		const r = (await registrations.register(s.id, visitor('erase@x.test', 3), options))
			.registration;
		await registrations.erase(r.id, ORIGIN);
		const row = (await registrations.registrationById(r.id)).registration;
		expect(row).toMatchObject({
			name: '',
			email: null,
			phone: null,
			status: 'cancelled',
			people: 3
		});
		expect(await mailsTo('erase@x.test')).toEqual([]);
	});
});

describe('check-in on the day', () => {
	it('counts each arrival once, refuses forged codes and other sites’ registrations, adds walk-ins', async () => {
		const s = await slot(30);
		const r = (await registrations.register(s.id, visitor('arrive@x.test', 3), options))
			.registration;
		const code = await checkInCode(r.id);
		const scan = { id: crypto.randomUUID(), code };
		expect(await checkIns.recordScans(host, siteId, [scan])).toEqual([
			{ id: scan.id, result: 'recorded', registrationId: r.id }
		]);
		// The same arrival sent again (the answer was lost), and the same visitor scanned by another phone.
		const again = await checkIns.recordScans(host, siteId, [
			scan,
			{ id: crypto.randomUUID(), registrationId: r.id }
		]);
		expect(again.map((a) => a.result)).toEqual(['duplicate', 'already']);
		const forged = `${r.id}.${'A'.repeat(22)}`;
		const refused = await checkIns.recordScans(host, siteId, [
			{ id: crypto.randomUUID(), code: forged },
			{ id: crypto.randomUUID(), code: await sign('manage', r.id) },
			{ id: 'not-an-id', registrationId: r.id }
		]);
		expect(refused.map((a) => (a.result === 'refused' ? a.reason : a.result))).toEqual([
			'forged',
			'forged',
			'invalid'
		]);
		// Another site's hosts cannot record it, nor can anyone else in the network.
		await expect(
			checkIns.recordScans(otherHost, siteId, [{ id: crypto.randomUUID(), code }])
		).rejects.toMatchObject({ kind: 'forbidden' });
		expect(
			(await checkIns.recordScans(otherHost, otherSiteId, [{ id: crypto.randomUUID(), code }]))[0]
		).toMatchObject({ result: 'refused', reason: 'elsewhere' });
		await expect(
			checkIns.recordScans(member, siteId, [{ id: crypto.randomUUID(), code }])
		).rejects.toMatchObject({ kind: 'forbidden' });
		const walkIn = { id: crypto.randomUUID(), slotId: s.id, people: 4 };
		await checkIns.recordScans(host, siteId, [walkIn, walkIn]);
		const list = await checkIns.dayList(host, siteId, dateToParisLocal(s.startsAt).slice(0, 10));
		const desk = list.slots.find((x) => x.id === s.id)!;
		expect(desk.walkIns).toBe(4);
		expect(desk.registrations.find((x) => x.id === r.id)?.arrived).toBe(true);
		const [{ n }] = await db
			.select({ n: sql<number>`coalesce(sum(people), 0)::int` })
			.from(eventCheckIns)
			.where(eq(eventCheckIns.slotId, s.id));
		expect(n).toBe(7);

		// The figures count them, for the organisers and the directors only; the export says who came.
		const figures = await eventFigures(lead, eventId);
		expect(figures.total.arrived).toBeGreaterThanOrEqual(7);
		expect(figures.total.walkIns).toBeGreaterThanOrEqual(4);
		expect(figures.total.registered).toBeGreaterThan(figures.total.noShowPeople);
		await expect(eventFigures(host, eventId)).rejects.toMatchObject({ kind: 'forbidden' });
		const director = await buildUser({ role: 'director' });
		expect((await eventFigures(director, eventId)).total).toEqual(figures.total);
		const csv = await registrationsCsv(eventId, siteId, (k) => k);
		const line = csv.split('\r\n').find((l) => l.includes('arrive@x.test'))!;
		expect(line.endsWith(';figures.yes')).toBe(true);
		expect(csv).not.toContain('Beta;');
	});
});

describe('a site withdrawn', () => {
	it('cancels every registration of the site, each with an e-mail giving the reason', async () => {
		const s = await slot(5);
		await registrations.register(s.id, visitor('gone1@x.test', 2), options);
		await registrations.register(s.id, visitor('gone2@x.test', 3), options);
		await expect(
			sites.cancelSite(otherHost, siteId, 'Panne de courant', ORIGIN)
		).rejects.toMatchObject({ kind: 'forbidden' });
		expect(await sites.cancelSite(host, siteId, 'Panne de courant', ORIGIN)).toBeGreaterThan(2);
		for (const to of ['gone1@x.test', 'gone2@x.test']) {
			const [told] = await mailsTo(to, 'event.cancelled_by_organisers');
			expect(told.text).toContain('Panne de courant');
		}
		expect(await held(s.id)).toBe(0);
		await expect(
			registrations.register(s.id, visitor('after@x.test'), options)
		).rejects.toMatchObject({ messageKey: 'event.slot_cancelled' });
	});
});

describe('retention', () => {
	it('erases visitors’ names and addresses after the retention time, keeping the figures', async () => {
		const before = await db
			.select({ n: sql<number>`count(*)::int`, people: sql<number>`sum(people)::int` })
			.from(eventRegistrations)
			.where(eq(eventRegistrations.eventId, eventId));
		// Not yet: the event is to come.
		expect(await anonymiseExpired()).toBe(0);
		// Seven months after its last day (the draft made above ended before it: both go).
		const later = new Date(Date.now() + 15 * DAY + 215 * DAY).toISOString().slice(0, 10);
		expect(await anonymiseExpired(later)).toBe(2);
		const after = await db
			.select({
				n: sql<number>`count(*)::int`,
				people: sql<number>`sum(people)::int`,
				named: sql<number>`count(*) filter (where email is not null or name <> '')::int`
			})
			.from(eventRegistrations)
			.where(eq(eventRegistrations.eventId, eventId));
		expect(after[0]).toEqual({ ...before[0], named: 0 });
		expect(await mailsTo('prof@ecole.test')).toEqual([]);
		const [event] = await db.select().from(events).where(eq(events.id, eventId));
		expect(event.anonymisedAt).not.toBeNull();
		expect(await anonymiseExpired(later)).toBe(0);
	});
});

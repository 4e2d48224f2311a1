import { sql } from 'drizzle-orm';
import {
	boolean,
	date,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { eventAudiences, eventStatuses, registrationStatuses } from '$lib/events';
import { files } from './files';
import { groups } from './groups';
import { organisations } from './organisations';
import { users } from './users';

/**
 * Where an event stands. Draft: only its organisers see it. Published: its public page is up,
 * registrations not yet taken. Open: registrations taken (within its registration dates).
 * Closed: the page stays, registrations are over. Finished: it took place.
 */
export const eventStatus = pgEnum('event_status', eventStatuses);

/** Whom a visit slot is for. */
export const eventAudience = pgEnum('event_audience', eventAudiences);

/** A registration is a visitor's (with their party), or a teacher's for a class. */
export const registrationKinds = ['visitor', 'class'] as const;
export const registrationKind = pgEnum('registration_kind', registrationKinds);

/**
 * Pending: waiting for its e-mail address to be confirmed (when the event asks it), its places
 * held until `expiresAt`. Confirmed: its places taken. Waiting: on the slot's waiting list.
 * Offered: places freed for it, held until `expiresAt` for it to accept. Cancelled, expired: no
 * place any more.
 */
export const registrationStatus = pgEnum('registration_status', registrationStatuses);

/** The network's open-house event (La route de l'industrie): its sites open their doors. */
export const events = pgTable('events', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** Its public address: `/<slug>`. */
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	/** The working group that prepares it: its leads organise it. */
	groupId: uuid('group_id').references(() => groups.id, { onDelete: 'set null' }),
	/** What the public reads, plain text in paragraphs. */
	description: text('description').notNull().default(''),
	/** The picture at the top of the public page: an image of the group's library. */
	imageFileId: uuid('image_file_id').references(() => files.id, { onDelete: 'set null' }),
	startsOn: date('starts_on').notNull(),
	endsOn: date('ends_on').notNull(),
	registrationOpensAt: timestamp('registration_opens_at', { withTimezone: true }).notNull(),
	registrationClosesAt: timestamp('registration_closes_at', { withTimezone: true }).notNull(),
	/** Shown to visitors before they register, and agreed to with each registration. */
	privacyNotice: text('privacy_notice').notNull().default(''),
	status: eventStatus('status').notNull().default('draft'),
	/** The most people one general-public registration may bring. */
	maxPeople: integer('max_people').notNull().default(6),
	/** General-public registrations count only once their e-mail address is confirmed. */
	confirmEmail: boolean('confirm_email').notNull().default(false),
	createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	/** When its visitors' names and addresses were erased, its figures kept. */
	anonymisedAt: timestamp('anonymised_at', { withTimezone: true })
});

/** A place an organisation opens to visitors during the event. */
export const eventSites = pgTable(
	'event_sites',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		address: text('address').notNull(),
		postcode: text('postcode').notNull().default(''),
		town: text('town').notNull(),
		sector: text('sector').notNull().default(''),
		/** What visitors will see. */
		description: text('description').notNull().default(''),
		accessNotes: text('access_notes').notNull().default(''),
		parking: text('parking').notNull().default(''),
		transit: text('transit').notNull().default(''),
		/** Further rules, beside the three every site is asked about. */
		safetyRules: text('safety_rules').notNull().default(''),
		closedShoes: boolean('closed_shoes').notNull().default(false),
		noPhotos: boolean('no_photos').notNull().default(false),
		minAge: integer('min_age'),
		wheelchair: boolean('wheelchair').notNull().default(false),
		/** Languages the visit can be given in (ISO 639-1). */
		languages: text('languages')
			.array()
			.notNull()
			.default(sql`'{fr}'::text[]`),
		/** Withdrawn from the event: its registrations were cancelled, each with an e-mail. */
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('event_sites_event_idx').on(t.eventId, t.town),
		index('event_sites_organisation_idx').on(t.organisationId)
	]
);

/** A visit at a site: when, for how long, for whom, how many people it takes. */
export const eventSlots = pgTable(
	'event_slots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		siteId: uuid('site_id')
			.notNull()
			.references(() => eventSites.id, { onDelete: 'cascade' }),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		/** People, pupils and accompanying adults included. */
		capacity: integer('capacity').notNull(),
		audience: eventAudience('audience').notNull(),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true })
	},
	(t) => [
		index('event_slots_site_idx').on(t.siteId, t.startsAt),
		index('event_slots_event_idx').on(t.eventId, t.startsAt),
		// A pattern applied twice adds nothing the second time.
		uniqueIndex('event_slots_unique_idx')
			.on(t.siteId, t.startsAt, t.audience)
			.where(sql`${t.cancelledAt} is null`)
	]
);

/**
 * A booking of a slot, made without an account. `people` is what it takes of the slot's
 * capacity: the party of a visitor, the pupils and adults of a class. Once the event is past its
 * retention time, the name, e-mail and phone are erased and the row stays for the figures.
 */
export const eventRegistrations = pgTable(
	'event_registrations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		slotId: uuid('slot_id')
			.notNull()
			.references(() => eventSlots.id, { onDelete: 'cascade' }),
		kind: registrationKind('kind').notNull(),
		status: registrationStatus('status').notNull(),
		name: text('name').notNull(),
		email: text('email'),
		phone: text('phone'),
		people: integer('people').notNull(),
		/** A class: its pupils and accompanying adults (their sum is `people`). */
		pupils: integer('pupils'),
		adults: integer('adults'),
		school: text('school'),
		classLevel: text('class_level'),
		locale: text('locale').notNull().default('fr'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Pending or offered: until when its places are held. */
		expiresAt: timestamp('expires_at', { withTimezone: true }),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		/** When the reminder two days before went out. */
		remindedAt: timestamp('reminded_at', { withTimezone: true })
	},
	(t) => [
		index('event_registrations_slot_idx').on(t.slotId, t.status, t.createdAt),
		index('event_registrations_event_idx').on(t.eventId, t.status),
		index('event_registrations_email_idx').on(t.eventId, t.email)
	]
);

/**
 * An arrival recorded on site, by its scan's own id (made by the phone that scanned): a scan
 * sent twice counts once, and a registration arrives once whoever scans it. Walk-ins have no
 * registration.
 */
export const eventCheckIns = pgTable(
	'event_check_ins',
	{
		id: uuid('id').primaryKey(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		slotId: uuid('slot_id')
			.notNull()
			.references(() => eventSlots.id, { onDelete: 'cascade' }),
		registrationId: uuid('registration_id').references(() => eventRegistrations.id, {
			onDelete: 'cascade'
		}),
		people: integer('people').notNull(),
		byUserId: uuid('by_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** When the host scanned, as their phone said (it may send it later). */
		scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('event_check_ins_registration_idx')
			.on(t.registrationId)
			.where(sql`${t.registrationId} is not null`),
		index('event_check_ins_slot_idx').on(t.slotId)
	]
);

export { eventAudiences, eventStatuses, registrationStatuses };
export type Event = typeof events.$inferSelect;
export type EventStatus = (typeof eventStatuses)[number];
export type EventAudience = (typeof eventAudiences)[number];
export type EventSite = typeof eventSites.$inferSelect;
export type EventSlot = typeof eventSlots.$inferSelect;
export type EventRegistration = typeof eventRegistrations.$inferSelect;
export type RegistrationStatus = (typeof registrationStatuses)[number];
export type RegistrationKind = (typeof registrationKinds)[number];

import { z } from 'zod';
import { isIsoDate } from '$lib/dates';
import { isPlausiblePhone } from '$lib/phone';
import { eventAudiences, eventStatuses } from '$lib/server/db/schema';
import { emailField } from '../accounts';
import { parisLocalToDate } from '../dates';
import { formValues, parseInput } from '../forms';

/** Texts of the public pages: long enough for a few paragraphs, never a novel. */
const LONG_TEXT = 4_000;
/** The most slots a pattern makes at once (4 days × 8 times × 3 audiences fits). */
export const MAX_PATTERN_SLOTS = 200;
/** The largest class, and the most adults who come with one. */
export const MAX_PUPILS = 60;
export const MAX_ADULTS = 10;

const line = (max: number) =>
	z.string().trim().min(1, 'validation.required').max(max, 'validation.too_long');
const optionalLine = (max: number) =>
	z.string().trim().max(max, 'validation.too_long').optional().default('');
const longText = z.string().trim().max(LONG_TEXT, 'validation.too_long').optional().default('');
const ticked = z
	.string()
	.optional()
	.transform((v) => v === 'on' || v === 'true');
const isoDate = z.string().trim().refine(isIsoDate, 'validation.date');
const parisMoment = z.string().transform((v, ctx) => {
	const date = parisLocalToDate(v);
	if (!date) {
		ctx.addIssue({ code: 'custom', message: 'validation.date' });
		return z.NEVER;
	}
	return date;
});
const count = (min: number, max: number, tooMany: 'validation.too_many' = 'validation.too_many') =>
	z
		.string()
		.trim()
		.regex(/^\d{1,6}$/, 'validation.number')
		.transform(Number)
		.refine((n) => n >= min, 'validation.too_few')
		.refine((n) => n <= max, tooMany);

/** A public address: lowercase words joined by hyphens, as `/route-de-l-industrie-2027`. */
export const EVENT_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const eventSchema = z
	.object({
		name: line(160),
		slug: z
			.string()
			.trim()
			.toLowerCase()
			.min(3, 'validation.too_short')
			.max(80, 'validation.too_long')
			.regex(EVENT_SLUG, 'event.slug_invalid'),
		description: longText,
		startsOn: isoDate,
		endsOn: isoDate,
		registrationOpensAt: parisMoment,
		registrationClosesAt: parisMoment,
		privacyNotice: longText,
		maxPeople: count(1, 50),
		confirmEmail: ticked
	})
	.superRefine((e, ctx) => {
		if (typeof e.startsOn === 'string' && typeof e.endsOn === 'string' && e.endsOn < e.startsOn)
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'event.ends_before_start' });
		if (
			e.registrationOpensAt instanceof Date &&
			e.registrationClosesAt instanceof Date &&
			e.registrationClosesAt <= e.registrationOpensAt
		)
			ctx.addIssue({
				code: 'custom',
				path: ['registrationClosesAt'],
				message: 'event.closes_before_opens'
			});
	});
export type EventInput = z.output<typeof eventSchema>;

export const statusSchema = z.object({ status: z.enum(eventStatuses, 'validation.choose') });

/** Languages a visit may be given in. */
export const visitLanguages = ['fr', 'en', 'de', 'es', 'it'] as const;

export const siteSchema = z.object({
	name: line(160),
	address: line(300),
	postcode: optionalLine(12),
	town: line(120),
	sector: optionalLine(120),
	description: longText,
	accessNotes: longText,
	parking: longText,
	transit: longText,
	safetyRules: longText,
	closedShoes: ticked,
	noPhotos: ticked,
	wheelchair: ticked,
	minAge: z
		.string()
		.trim()
		.optional()
		.default('')
		.refine((v) => v === '' || (/^\d{1,2}$/.test(v) && Number(v) <= 25), 'validation.number')
		.transform((v) => (v === '' ? null : Number(v))),
	languages: z
		.array(z.enum(visitLanguages, 'validation.choose'))
		.min(1, 'event.site_language_required')
});
export type SiteInput = z.output<typeof siteSchema>;

const audience = z.enum(eventAudiences, 'validation.choose');
const time = z
	.string()
	.trim()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.time');

/** One slot, or the same times on several days ("every day 9:00, 10:30, 14:00, capacity 25"). */
export const slotsSchema = z.object({
	days: z.array(isoDate).min(1, 'event.slot_day_required').max(31, 'validation.too_many'),
	times: z
		.string()
		.max(400, 'validation.too_long')
		.transform((v) => [...new Set(v.split(/[\s,;]+/).filter(Boolean))])
		.pipe(z.array(time).min(1, 'validation.required').max(16, 'validation.too_many')),
	durationMinutes: count(15, 8 * 60),
	capacity: count(1, 500),
	audience
});
export type SlotsInput = z.output<typeof slotsSchema>;

export const slotChangeSchema = z.object({
	startsAt: parisMoment,
	durationMinutes: count(15, 8 * 60),
	capacity: count(1, 500)
});
export type SlotChangeInput = z.output<typeof slotChangeSchema>;

const contact = {
	name: line(120),
	email: emailField,
	phone: z
		.string()
		.trim()
		.max(40, 'validation.too_long')
		.optional()
		.default('')
		.refine((v) => v === '' || isPlausiblePhone(v), 'validation.phone')
		.transform((v) => v || null),
	consent: z.literal('on', 'event.consent_required')
};

/** A visitor books for themselves and the people with them. */
export const visitorSchema = z.object({
	...contact,
	people: count(1, 50)
});

/** A teacher books for a class: its pupils and the adults who come with it. */
export const classSchema = z.object({
	...contact,
	school: line(160),
	classLevel: line(60),
	pupils: count(1, MAX_PUPILS),
	adults: count(1, MAX_ADULTS),
	phone: contact.phone.refine((v) => v !== null, 'event.class_phone_required')
});

export type RegistrationInput =
	| ({ kind: 'visitor' } & z.output<typeof visitorSchema>)
	| ({ kind: 'class' } & z.output<typeof classSchema>);

/** A message from the organisers to everyone registered at a site. */
export const messageSchema = z.object({
	subject: line(160),
	body: line(LONG_TEXT)
});

/** A site's form as sent: its languages are ticked boxes of one name. */
export function readSiteForm(form: FormData) {
	const raw: Record<string, unknown> = {};
	for (const [name, value] of form) if (typeof value === 'string') raw[name] = value;
	raw.languages = form.getAll('languages').filter((v) => typeof v === 'string');
	const values = formValues(form);
	values.languages = (raw.languages as string[]).join(',');
	return parseInput(siteSchema, raw, values);
}

/** The slots' form as sent: its days are ticked boxes of one name. */
export function readSlotsForm(form: FormData) {
	const raw: Record<string, unknown> = {};
	for (const [name, value] of form) if (typeof value === 'string') raw[name] = value;
	raw.days = form.getAll('days').filter((v) => typeof v === 'string');
	const values = formValues(form);
	values.days = (raw.days as string[]).join(',');
	return parseInput(slotsSchema, raw, values);
}

import QRCode from 'qrcode';
import { dateTimeFormat, isLocale, translate, type Locale, type MessageKey } from '$lib/i18n';
import type { Transaction } from '$lib/server/db';
import type { EventRegistration, EventSite, MailAttachment } from '$lib/server/db/schema';
import * as mail from '../mail';
import { calendar } from '../meetings/calendar';
import { sign } from './signing';
import { slotEnd, type SlotContext } from './slot-context';

/** The page where a visitor sees, changes or cancels their registration. */
export async function manageLink(
	origin: string,
	registrationId: string,
	executor?: Transaction
): Promise<string> {
	return `${origin}/inscription/${await sign('manage', registrationId, executor)}`;
}

/** What a confirmation's QR code says: the registration, signed for check-in only. */
export const checkInCode = (registrationId: string, executor?: Transaction) =>
	sign('check_in', registrationId, executor);

/** "jeudi 8 avril 2027, 9:00 – 10:30", in Paris time. */
export function slotWhen(locale: Locale, slot: SlotContext['slot']): string {
	const start = dateTimeFormat(locale, {
		dateStyle: 'full',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(slot.startsAt);
	const end = dateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
		slotEnd(slot)
	);
	return `${start} – ${end}`;
}

export const siteAddress = (site: Pick<EventSite, 'address' | 'postcode' | 'town'>) =>
	[site.address, [site.postcode, site.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/** The safety rules of a site, one per line, in the visitor's language. */
export function safetyLines(locale: Locale, site: EventSite): string[] {
	const lines: string[] = [];
	if (site.closedShoes) lines.push(translate(locale, 'event.rule.closed_shoes'));
	if (site.minAge !== null)
		lines.push(translate(locale, 'event.rule.min_age', { age: site.minAge }));
	if (site.noPhotos) lines.push(translate(locale, 'event.rule.no_photos'));
	if (site.safetyRules) lines.push(site.safetyRules);
	return lines;
}

export const localeOf = (registration: Pick<EventRegistration, 'locale'>): Locale =>
	isLocale(registration.locale) ? registration.locale : 'fr';

/** Who the registration is for, as the e-mails say it: "3 personnes", "CM2 (24 élèves, 2 adultes)". */
function party(locale: Locale, r: EventRegistration): string {
	if (r.kind === 'class')
		return translate(locale, 'event.party_class', {
			school: r.school ?? '',
			level: r.classLevel ?? '',
			pupils: r.pupils ?? 0,
			adults: r.adults ?? 0
		});
	return translate(locale, 'event.party_people', { count: r.people });
}

function details(locale: Locale, context: SlotContext, r: EventRegistration): string {
	const { site, slot, event } = context;
	const lines = [
		`${translate(locale, 'event.mail.event')} ${event.name}`,
		`${translate(locale, 'event.mail.site')} ${site.name}`,
		`${translate(locale, 'event.mail.address')} ${siteAddress(site)}`,
		`${translate(locale, 'event.mail.when')} ${slotWhen(locale, slot)}`,
		`${translate(locale, 'event.mail.party')} ${party(locale, r)}`
	];
	const rules = safetyLines(locale, site);
	if (rules.length)
		lines.push('', translate(locale, 'event.mail.rules'), ...rules.map((l) => `• ${l}`));
	for (const [key, text] of [
		['event.mail.access', site.accessNotes],
		['event.mail.parking', site.parking],
		['event.mail.transit', site.transit]
	] as const) {
		if (text) lines.push('', translate(locale, key), text);
	}
	return lines.join('\n');
}

async function attachments(
	tx: Transaction,
	context: SlotContext,
	r: EventRegistration
): Promise<MailAttachment[]> {
	const { event, site, slot } = context;
	const ics = calendar(
		event.name,
		[
			{
				uid: `visit-${r.id}@maillage`,
				summary: `${event.name} — ${site.name}`,
				location: siteAddress(site),
				start: slot.startsAt,
				end: slotEnd(slot),
				status: 'CONFIRMED'
			}
		],
		'PUBLISH'
	);
	const qr = await QRCode.toBuffer(await checkInCode(r.id, tx), {
		type: 'png',
		errorCorrectionLevel: 'M',
		margin: 2,
		scale: 6
	});
	return [
		{ filename: 'visite.ics', contentType: 'text/calendar; charset=utf-8', content: ics },
		{
			filename: 'code-accueil.png',
			contentType: 'image/png',
			content: qr.toString('base64'),
			encoding: 'base64'
		}
	];
}

export type VisitorMail =
	| 'confirmed'
	| 'waiting'
	| 'pending'
	| 'offered'
	| 'offer_expired'
	| 'cancelled'
	| 'cancelled_by_organisers'
	| 'changed'
	| 'moved'
	| 'reminder';

/**
 * Writes one of a visitor's e-mails to the outbox in the caller's transaction (so that the
 * registration and its e-mail are written together, once); the caller delivers it after commit.
 */
export async function queueVisitorMail(
	tx: Transaction,
	which: VisitorMail,
	context: SlotContext,
	registration: EventRegistration,
	origin: string,
	extra: { note?: string; until?: Date } = {}
) {
	if (!registration.email) return null;
	const locale = localeOf(registration);
	const link = await manageLink(origin, registration.id, tx);
	const withTicket = ['confirmed', 'reminder', 'changed', 'moved'].includes(which);
	const until = extra.until
		? dateTimeFormat(locale, {
				dateStyle: 'full',
				timeStyle: 'short',
				timeZone: 'Europe/Paris'
			}).format(extra.until)
		: '';
	const text = [
		translate(locale, `event.mail.${which}.body` as MessageKey, {
			name: registration.name,
			event: context.event.name,
			until,
			note: extra.note ?? ''
		}),
		'',
		details(locale, context, registration),
		'',
		translate(locale, withTicket ? 'event.mail.ticket' : 'event.mail.link', { link }),
		'',
		translate(locale, 'event.mail.privacy', { event: context.event.name, link })
	].join('\n');
	return mail.queue(tx, {
		to: registration.email,
		kind: `event.${which}`,
		subject: translate(locale, `event.mail.${which}.subject` as MessageKey, {
			event: context.event.name,
			site: context.site.name,
			when: slotWhen(locale, context.slot)
		}),
		text,
		attachments: withTicket ? await attachments(tx, context, registration) : []
	});
}

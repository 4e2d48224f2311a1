import type { Locale } from '$lib/i18n';
import { emailKey, hitAll, ipKey, type Limit } from '../auth/rate-limit';
import { ServiceError } from '../errors';
import { parseForm, type Parsed } from '../forms';
import { register } from './registrations';
import { classSchema, visitorSchema, type RegistrationInput } from './schema';
import { sign, verify } from './signing';
import type { SlotContext } from './slot-context';

// What guards the one form of Maillage anyone on the internet may send, without a captcha: a
// field people never see (a robot filling every field fills it), a least time between showing
// the form and sending it (signed, so a robot cannot claim it waited), and limits per client
// address and per e-mail address.

const MINUTE = 60_000;
/** Registrations from one client address: a school's network sends a few classes, not hundreds. */
export const REGISTRATION_PER_IP: Limit = {
	purpose: 'event_registration',
	max: 30,
	windowMs: 10 * MINUTE
};
/** Registrations with one e-mail address: a teacher books a few classes, not dozens. */
export const REGISTRATION_PER_EMAIL: Limit = {
	purpose: 'event_registration',
	max: 8,
	windowMs: 60 * MINUTE
};
/** The least time a person takes to fill the form. */
export const MIN_FILL_MS = 3_000;
/** A form shown longer ago than this is shown again (its signed time is too old). */
const MAX_FORM_AGE_MS = 24 * 60 * MINUTE;
/** The name of the field people never see. */
export const HONEYPOT = 'website';

/** The signed time the form was shown at, for its hidden field. */
export const formStamp = (now = Date.now()) => sign('form', String(now));

async function checkStamp(stamp: FormDataEntryValue | null, now: number): Promise<void> {
	const shown = typeof stamp === 'string' ? Number(await verify('form', stamp)) : NaN;
	if (!Number.isFinite(shown) || now - shown > MAX_FORM_AGE_MS || shown > now)
		throw new ServiceError('invalid', 'event.form_expired');
	if (now - shown < MIN_FILL_MS) throw new ServiceError('invalid', 'event.too_fast');
}

/** The form read for the slot's audience: a class for school slots, a visitor's party otherwise. */
export function readRegistration(context: SlotContext, form: FormData): Parsed<RegistrationInput> {
	if (context.slot.audience === 'school') {
		const parsed = parseForm(classSchema, form);
		return parsed.ok ? { ...parsed, data: { kind: 'class', ...parsed.data } } : parsed;
	}
	const parsed = parseForm(visitorSchema, form);
	return parsed.ok ? { ...parsed, data: { kind: 'visitor', ...parsed.data } } : parsed;
}

/**
 * A registration sent from the public form: refused (with the reason's message) if it looks
 * automated or comes too often, else booked. The limits count only what passed the form's
 * checks, so a person correcting a typo is not counted twice.
 */
export async function registerFromForm(
	context: SlotContext,
	form: FormData,
	input: RegistrationInput,
	client: { ip: string; locale: Locale; origin: string }
) {
	const now = Date.now();
	const trap = form.get(HONEYPOT);
	if (typeof trap === 'string' && trap.trim() !== '')
		throw new ServiceError('invalid', 'event.refused_automated');
	await checkStamp(form.get('started'), now);
	const tickets = await hitAll(
		[REGISTRATION_PER_IP, ipKey(client.ip)],
		[REGISTRATION_PER_EMAIL, emailKey(input.email)]
	);
	if (tickets.some((t) => !t.allowed)) throw new ServiceError('limited', 'event.too_many_attempts');
	return register(context.slot.id, input, {
		context,
		locale: client.locale,
		origin: client.origin,
		waitingList: form.get('waitingList') === '1'
	});
}

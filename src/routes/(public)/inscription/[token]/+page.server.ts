import { error, redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { z } from 'zod';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { checkInCode, siteAddress } from '$lib/server/events/event-mail';
import * as registrations from '$lib/server/events/registrations';
import { MAX_ADULTS, MAX_PUPILS } from '$lib/server/events/schema';
import { verify } from '$lib/server/events/signing';
import { slotEnd } from '$lib/server/events/slot-context';
import { publicOrigin } from '$lib/server/origin';
import type { Actions, PageServerLoad } from './$types';

/** The registration a link names, if the link was signed here; a 404 page otherwise. */
async function found(token: string) {
	const id = await verify('manage', token);
	if (!id) error(404, 'event.link_invalid');
	return registrations.registrationById(id).catch(() => error(404, 'event.link_invalid'));
}

const count = (max: number) =>
	z.coerce
		.number()
		.int('validation.number')
		.min(1, 'validation.too_few')
		.max(max, 'validation.too_many');

/**
 * A visitor's own registration, reached by the signed link of their e-mails, without an account:
 * its details, its QR code for the day, and what they may do (take offered places, confirm their
 * address, change how many come, cancel, erase their data). It shows nothing else of the event's
 * visitors. Opening it writes nothing: every change is a button.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
	const { registration: r, context } = await found(params.token);
	const erased = r.email === null && r.name === '';
	const qr =
		r.status === 'confirmed'
			? await QRCode.toString(await checkInCode(r.id), {
					type: 'svg',
					errorCorrectionLevel: 'M',
					margin: 2
				})
			: null;
	const now = Date.now();
	return {
		erased,
		registration: erased
			? null
			: {
					kind: r.kind,
					status: r.status,
					name: r.name,
					email: r.email,
					people: r.people,
					pupils: r.pupils,
					adults: r.adults,
					school: r.school,
					classLevel: r.classLevel,
					expiresAt: r.expiresAt
				},
		event: {
			slug: context.event.slug,
			name: context.event.name,
			maxPeople: context.event.maxPeople
		},
		site: {
			id: context.site.id,
			name: context.site.name,
			address: siteAddress(context.site),
			cancelled: context.site.cancelledAt !== null
		},
		slot: {
			startsAt: context.slot.startsAt,
			endsAt: slotEnd(context.slot),
			past: context.slot.startsAt.getTime() <= now
		},
		qr,
		limits: { pupils: MAX_PUPILS, adults: MAX_ADULTS },
		done: url.searchParams.get('fait'),
		fresh: url.searchParams.has('nouvelle')
	};
};

const here = (token: string, done: string) => `/inscription/${token}?fait=${done}`;

export const actions: Actions = {
	cancel: async ({ params }) => {
		const { registration } = await found(params.token);
		await registrations.cancel(registration.id, await publicOrigin());
		redirect(303, here(params.token, 'annulee'));
	},
	confirm: async ({ params }) => {
		const { registration } = await found(params.token);
		const result = await attempt({}, async () =>
			registrations.confirmHold(registration.id, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		redirect(303, here(params.token, 'confirmee'));
	},
	party: async ({ params, request }) => {
		const { registration } = await found(params.token);
		const form = await request.formData();
		const parsed =
			registration.kind === 'class'
				? parseForm(z.object({ pupils: count(MAX_PUPILS), adults: count(MAX_ADULTS) }), form)
				: parseForm(z.object({ people: count(50) }), form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, async () =>
			registrations.changeParty(registration.id, parsed.data, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		redirect(303, here(params.token, 'modifiee'));
	},
	erase: async ({ params }) => {
		const { registration } = await found(params.token);
		await registrations.erase(registration.id, await publicOrigin());
		redirect(303, here(params.token, 'effacee'));
	}
};

import { error, redirect } from '@sveltejs/kit';
import { attempt } from '$lib/server/errors';
import { invalid } from '$lib/server/forms';
import { manageLink } from '$lib/server/events/event-mail';
import { publicEvent, publicSlots } from '$lib/server/events/public';
import {
	formStamp,
	HONEYPOT,
	readRegistration,
	registerFromForm
} from '$lib/server/events/public-registration';
import { slotRefusal } from '$lib/server/events/registrations';
import { MAX_ADULTS, MAX_PUPILS } from '$lib/server/events/schema';
import { slotContext } from '$lib/server/events/slot-context';
import { siteAddress } from '$lib/server/events/event-mail';
import { publicOrigin } from '$lib/server/origin';
import type { Actions, PageServerLoad } from './$types';

/** The slot behind the address, if it belongs to this public event and its site is still in it. */
async function found(slug: string, slotId: string) {
	const event = await publicEvent(slug);
	if (!event) error(404, 'error.not_found');
	const context = await slotContext(slotId).catch(() => null);
	if (!context || context.event.id !== event.id || context.site.cancelledAt)
		error(404, 'error.not_found');
	return context;
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const context = await found(params.event, params.slotId);
	const left = (await publicSlots(context.event.id, { slotId: context.slot.id }))[0]?.left ?? 0;
	setHeaders({ 'cache-control': 'private, no-store' });
	const { event, site, slot } = context;
	return {
		event: {
			slug: event.slug,
			name: event.name,
			maxPeople: event.maxPeople,
			privacyNotice: event.privacyNotice,
			confirmEmail: event.confirmEmail
		},
		site: { id: site.id, name: site.name, address: siteAddress(site) },
		slot: {
			startsAt: slot.startsAt,
			durationMinutes: slot.durationMinutes,
			audience: slot.audience,
			capacity: slot.capacity,
			left
		},
		refusal: slotRefusal(context),
		started: await formStamp(),
		honeypot: HONEYPOT,
		limits: { pupils: MAX_PUPILS, adults: MAX_ADULTS }
	};
};

export const actions: Actions = {
	default: async ({ params, request, locals, getClientAddress }) => {
		const context = await found(params.event, params.slotId);
		const form = await request.formData();
		const parsed = readRegistration(context, form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			registerFromForm(context, form, parsed.data, {
				ip: getClientAddress(),
				locale: locals.locale,
				origin
			})
		);
		if (!result.ok) return result.failure;
		const link = await manageLink('', result.value.registration.id);
		redirect(303, `${link}?nouvelle=1`);
	}
};

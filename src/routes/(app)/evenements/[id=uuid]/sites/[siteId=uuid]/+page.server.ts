import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { dateToParisLocal } from '$lib/server/dates';
import { attempt, orErrorPage } from '$lib/server/errors';
import { editableSite } from '$lib/server/events/access';
import { eventDays } from '$lib/server/events/events';
import { siteAddress } from '$lib/server/events/event-mail';
import { messageSchema, readSlotsForm, slotChangeSchema } from '$lib/server/events/schema';
import { cancelRegistration, moveRegistration } from '$lib/server/events/host-actions';
import * as sites from '$lib/server/events/sites';
import { invalid, parseForm } from '$lib/server/forms';
import { publicOrigin } from '$lib/server/origin';
import { isUuid } from '$lib/uuid';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RouteParams } from './$types';

async function site(event: RequestEvent<RouteParams>) {
	const user = requireUser(event);
	const access = await orErrorPage(editableSite(user, event.params.siteId));
	if (access.event.id !== event.params.id) error(404, 'error.not_found');
	return { user, access };
}

/** A site as its own people and the organisers run it: its slots, its visitors, its messages. */
export const load: PageServerLoad = async (event) => {
	const { user, access } = await site(event);
	const [slots, visitors] = await Promise.all([
		sites.slotsOf(access.site.id),
		sites.visitorsOf(user, access.site.id)
	]);
	const { site: s, event: e } = access;
	return {
		event: { id: e.id, name: e.name, slug: e.slug, status: e.status },
		site: {
			id: s.id,
			name: s.name,
			address: siteAddress(s),
			cancelled: s.cancelledAt !== null
		},
		days: eventDays(e),
		slots: slots.map((slot) => ({ ...slot, local: dateToParisLocal(slot.startsAt) })),
		visitors,
		now: Date.now()
	};
};

const slotId = z.string().refine(isUuid, 'error.not_found');
const registrationId = z.string().refine(isUuid, 'error.not_found');
const note = z.string().trim().max(2000, 'validation.too_long').optional().default('');

export const actions: Actions = {
	slots: async (event) => {
		const { user, access } = await site(event);
		const parsed = readSlotsForm(await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			sites.addSlots(user, access.site.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { added: result.value };
	},
	change: async (event) => {
		const { user } = await site(event);
		const parsed = parseForm(slotChangeSchema.extend({ slotId }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, async () =>
			sites.changeSlot(user, parsed.data.slotId, parsed.data, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		return { changed: true };
	},
	cancelSlot: async (event) => {
		const { user } = await site(event);
		const parsed = parseForm(z.object({ slotId, note }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, async () =>
			sites.cancelSlot(user, parsed.data.slotId, parsed.data.note, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		return { cancelled: result.value };
	},
	message: async (event) => {
		const { user, access } = await site(event);
		const parsed = parseForm(messageSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, async () =>
			sites.messageSite(user, access.site.id, parsed.data, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		return { messaged: result.value };
	},
	cancelRegistration: async (event) => {
		const { user } = await site(event);
		const parsed = parseForm(z.object({ registrationId, note }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, async () =>
			cancelRegistration(user, parsed.data.registrationId, parsed.data.note, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		return { registrationCancelled: true };
	},
	moveRegistration: async (event) => {
		const { user } = await site(event);
		const parsed = parseForm(
			z.object({ registrationId, slotId, note }),
			await event.request.formData()
		);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { data } = parsed;
		const result = await attempt(parsed.values, async () =>
			moveRegistration(user, data.registrationId, data.slotId, data.note, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		return { registrationMoved: true };
	},
	cancelSite: async (event) => {
		const { user, access } = await site(event);
		const parsed = parseForm(z.object({ note }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, async () =>
			sites.cancelSite(user, access.site.id, parsed.data.note, await publicOrigin())
		);
		if (!result.ok) return result.failure;
		return { withdrawn: result.value };
	}
};

import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { dateToParisLocal } from '$lib/server/dates';
import { attempt, orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import * as events from '$lib/server/events/events';
import * as image from '$lib/server/events/image';
import { eventSchema } from '$lib/server/events/schema';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { event: e, organiser } = await orErrorPage(eventAccess(user, event.params.id));
	if (!organiser) error(403, 'error.forbidden');
	return {
		event: { id: e.id, name: e.name, hasGroup: e.groupId !== null },
		image: e.imageFileId ? `/fichiers/${e.imageFileId}/apercu/petit` : null,
		values: {
			name: e.name,
			slug: e.slug,
			description: e.description,
			startsOn: e.startsOn,
			endsOn: e.endsOn,
			registrationOpensAt: dateToParisLocal(e.registrationOpensAt),
			registrationClosesAt: dateToParisLocal(e.registrationClosesAt),
			privacyNotice: e.privacyNotice,
			maxPeople: String(e.maxPeople),
			confirmEmail: e.confirmEmail ? 'on' : ''
		}
	};
};

/** The picture of the submitted form, or why there is none to take (over the limits: 413). */
async function pictureOf(request: Request) {
	let form: FormData;
	try {
		form = await request.formData();
	} catch (e) {
		const tooLarge = (e as { status?: number }).status === 413;
		return { refused: tooLarge ? 'event.image_too_large' : 'event.image_missing' } as const;
	}
	const file = form.get('image');
	if (!(file instanceof File) || file.size === 0)
		return { refused: 'event.image_missing' } as const;
	if (file.size > image.MAX_IMAGE_BYTES) return { refused: 'event.image_too_large' } as const;
	return { file };
}

export const actions: Actions = {
	image: async (event) => {
		const user = requireUser(event);
		const { organiser } = await orErrorPage(eventAccess(user, event.params.id));
		if (!organiser) error(403, 'error.forbidden');
		const picture = await pictureOf(event.request);
		if ('refused' in picture)
			return fail(picture.refused === 'event.image_too_large' ? 413 : 400, {
				section: 'image',
				errors: { image: picture.refused }
			});
		const { file } = picture;
		const result = await attempt({}, async () =>
			image.setImage(user, event.params.id, file.name, new Uint8Array(await file.arrayBuffer()))
		);
		if (!result.ok) {
			// Whatever refused it (its type, the group's quota…), the message goes by the picture's field.
			const [key] = Object.values(result.failure.data.errors);
			return fail(result.failure.status, { section: 'image', errors: { image: key } });
		}
		return { section: 'image', saved: true };
	},
	removeImage: async (event) => {
		const user = requireUser(event);
		await orErrorPage(image.removeImage(user, event.params.id));
		return { section: 'image', removed: true };
	},
	save: async (event) => {
		const user = requireUser(event);
		const { organiser } = await orErrorPage(eventAccess(user, event.params.id));
		if (!organiser) error(403, 'error.forbidden');
		const parsed = parseForm(eventSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			events.updateEvent(user, event.params.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/evenements/${event.params.id}`);
	}
};

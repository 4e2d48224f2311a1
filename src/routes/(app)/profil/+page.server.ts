import { fail } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { requireUser } from '$lib/server/auth/guards';
import * as avatars from '$lib/server/avatars';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { notificationTopics, type Delivery } from '$lib/server/db/schema';
import { invalid, parseForm } from '$lib/server/forms';
import * as preferences from '$lib/server/preferences';
import type { MessageKey } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		profile: {
			name: user.name,
			email: user.email,
			role: user.role,
			locale: user.locale,
			jobTitle: user.jobTitle ?? '',
			phone: user.phone ?? '',
			photo: await avatars.pathOf(user.id)
		},
		notifications: {
			topics: notificationTopics,
			/** The choices offered for each topic. */
			deliveries: Object.fromEntries(
				notificationTopics.map((t) => [t, preferences.deliveriesFor(t)])
			) as Record<(typeof notificationTopics)[number], readonly Delivery[]>,
			chosen: (await preferences.preferencesOf([user.id])).get(user.id)!
		}
	};
};

export const actions: Actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(accounts.profileSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		await accounts.updateProfile(user, parsed.data);
		return { saved: 'profile' as const };
	},
	password: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(accounts.passwordChangeSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => accounts.changePassword(user, parsed.data));
		if (!result.ok) return result.failure;
		// Every session of the person was revoked, this one included: start a fresh one here.
		await startSession(event.cookies, event.url, user.id);
		return { saved: 'password' as const };
	},
	photo: async (event) => {
		const user = requireUser(event);
		const upload = await uploadedPhoto(event.request);
		if ('refused' in upload) {
			return fail(upload.status, { values: {}, errors: { photo: upload.refused } });
		}
		const result = await attempt({}, () => avatars.save(user, user.id, upload.bytes));
		if (!result.ok) return result.failure;
		return { saved: 'photo' as const };
	},
	removePhoto: async (event) => {
		const user = requireUser(event);
		await avatars.remove(user, user.id);
		return { saved: 'photo_removed' as const };
	},
	notifications: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(preferences.preferencesSchema, await event.request.formData());
		if (!parsed.ok)
			return invalid(parsed.values, { ...parsed.errors, notifications: 'prefs.not_saved' });
		await preferences.save(user, parsed.data);
		return { saved: 'notifications' as const };
	}
};

/**
 * The photo file of the submitted form, or why there is none to take. A body over the server's
 * limit (BODY_SIZE_LIMIT, which SvelteKit enforces while reading it) or a file over
 * MAX_PHOTO_BYTES is refused before anything is decoded.
 */
async function uploadedPhoto(
	request: Request
): Promise<{ bytes: Uint8Array } | { refused: MessageKey; status: 400 | 413 }> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch (e) {
		if ((e as { status?: number }).status === 413) {
			return { refused: 'profile.photo_too_large', status: 413 };
		}
		// Not a form a browser sends (a broken multipart body): no file in it.
		return { refused: 'profile.photo_missing', status: 400 };
	}
	const file = form.get('photo');
	if (!(file instanceof File) || file.size === 0) {
		return { refused: 'profile.photo_missing', status: 400 };
	}
	if (file.size > avatars.MAX_PHOTO_BYTES)
		return { refused: 'profile.photo_too_large', status: 413 };
	return { bytes: new Uint8Array(await file.arrayBuffer()) };
}

import * as accounts from '$lib/server/accounts';
import { requireUser } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { deliveries, notificationTopics } from '$lib/server/db/schema';
import { invalid, parseForm } from '$lib/server/forms';
import * as preferences from '$lib/server/preferences';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		profile: { name: user.name, email: user.email, role: user.role, locale: user.locale },
		notifications: {
			topics: notificationTopics,
			deliveries,
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
	notifications: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(preferences.preferencesSchema, await event.request.formData());
		if (!parsed.ok)
			return invalid(parsed.values, { ...parsed.errors, notifications: 'prefs.not_saved' });
		await preferences.save(user, parsed.data);
		return { saved: 'notifications' as const };
	}
};

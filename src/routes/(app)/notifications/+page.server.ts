import { requireUser } from '$lib/server/auth/guards';
import * as notifications from '$lib/server/threads/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:notifications');
	const user = requireUser(event);
	return { notifications: await notifications.listFor(user.id) };
};

export const actions: Actions = {
	readAll: async (event) => {
		const user = requireUser(event);
		await notifications.markRead(user.id);
		return { done: true };
	}
};

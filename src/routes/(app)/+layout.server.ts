import { eq } from 'drizzle-orm';
import { requireUser } from '$lib/server/auth/guards';
import * as avatars from '$lib/server/avatars';
import { db } from '$lib/server/db';
import { organisations } from '$lib/server/db/schema';
import * as notifications from '$lib/server/threads/notifications';
import { can } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

// This guard shapes the shell; every page and form action below still checks on its own.
export const load: LayoutServerLoad = async (event) => {
	event.depends('app:notifications');
	const user = requireUser(event);
	const [[org], unread, photo] = await Promise.all([
		db
			.select({ name: organisations.name })
			.from(organisations)
			.where(eq(organisations.id, user.organisationId)),
		notifications.unreadCount(user.id),
		avatars.pathOf(user.id)
	]);
	return {
		organisationName: org?.name ?? '',
		notifications: unread,
		/** The person's own photo, for the account menu (and their presence in documents). */
		photo,
		nav: {
			dashboard: can(user, 'dashboard.view'),
			admin: can(user, 'admin.view'),
			directory: can(user, 'directory.view')
		}
	};
};

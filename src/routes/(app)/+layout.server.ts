import { eq, sql } from 'drizzle-orm';
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
	// One statement: every page of the app asks for these.
	const [shell] = await db
		.select({
			organisationName: organisations.name,
			unread: notifications.unreadCountOf(sql`${user.id}::uuid`),
			photo: avatars.avatarOf(sql`${user.id}::uuid`)
		})
		.from(organisations)
		.where(eq(organisations.id, user.organisationId));
	return {
		organisationName: shell?.organisationName ?? '',
		notifications: shell?.unread ?? 0,
		/** The person's own photo, for the account menu (and their presence in documents). */
		photo: shell?.photo ?? null,
		nav: {
			dashboard: can(user, 'dashboard.view'),
			admin: can(user, 'admin.view'),
			directory: can(user, 'directory.view')
		}
	};
};

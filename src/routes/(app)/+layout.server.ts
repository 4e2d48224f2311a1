import { requireUser } from '$lib/server/auth/guards';
import { readShell } from '$lib/server/auth/session';
import { can } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

// This guard shapes the shell; every page and form action below still checks on its own.
export const load: LayoutServerLoad = async (event) => {
	event.depends('app:notifications');
	const user = requireUser(event);
	// Read with the session by the hooks; again after a form action, which may have changed them.
	const shell =
		event.request.method === 'GET' && event.locals.shell
			? event.locals.shell
			: await readShell(user.id);
	return {
		organisationName: shell.organisationName,
		notifications: shell.unread,
		/** The person's own photo, for the account menu (and their presence in documents). */
		photo: shell.photo,
		nav: {
			dashboard: can(user, 'dashboard.view'),
			admin: can(user, 'admin.view'),
			directory: can(user, 'directory.view')
		}
	};
};

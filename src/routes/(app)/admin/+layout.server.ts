import { requireCan } from '$lib/server/auth/guards';
import { can } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const user = requireCan(event, 'admin.view');
	return {
		adminNav: {
			people: can(user, 'people.manage'),
			organisations: can(user, 'organisations.manage'),
			invitations: can(user, 'invitations.manage'),
			outbox: can(user, 'outbox.read'),
			settings: can(user, 'settings.manage')
		}
	};
};

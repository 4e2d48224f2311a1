import { redirect } from '@sveltejs/kit';
import { requireCan } from '$lib/server/auth/guards';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

/** The admin area opens on the first page this person may use. */
export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'admin.view');
	redirect(303, can(user, 'people.manage') ? '/admin/personnes' : '/admin/invitations');
};

import { error } from '@sveltejs/kit';
import { requireCan } from '$lib/server/auth/guards';
import * as companies from '$lib/server/progress/companies';
import * as directory from '$lib/server/directory';
import { ServiceError } from '$lib/server/errors';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'directory.view');
	const id = event.params.id;
	try {
		const [page, participation] = await Promise.all([
			directory.organisation(user, id),
			// What the organisation contributes is for those who follow the network's progress.
			can(user, 'dashboard.view') ? companies.participation(user, id) : null
		]);
		return { ...page, participation, own: id === user.organisationId };
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
};

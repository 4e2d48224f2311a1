import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireCan } from '$lib/server/auth/guards';
import * as companies from '$lib/server/companies';
import * as directory from '$lib/server/directory';
import { ServiceError } from '$lib/server/errors';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'directory.view');
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, { message: 'error.not_found' });
	try {
		const [page, participation] = await Promise.all([
			directory.organisation(user, id.data),
			// What the organisation contributes is for those who follow the network's progress.
			can(user, 'dashboard.view') ? companies.participation(user, id.data) : null
		]);
		return { ...page, participation, own: id.data === user.organisationId };
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
};

import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireCan } from '$lib/server/auth/guards';
import * as directory from '$lib/server/directory';
import { ServiceError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'directory.view');
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, { message: 'error.not_found' });
	try {
		return { person: await directory.person(user, id.data) };
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
};

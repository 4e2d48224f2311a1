import { requireCan } from '$lib/server/auth/guards';
import * as directory from '$lib/server/directory';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'directory.view');
	return { people: await directory.listPeople(user) };
};

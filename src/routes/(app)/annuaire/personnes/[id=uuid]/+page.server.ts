import { error } from '@sveltejs/kit';
import { requireCan } from '$lib/server/auth/guards';
import type { SessionUser } from '$lib/server/auth/session';
import * as avatars from '$lib/server/avatars';
import * as directory from '$lib/server/directory';
import { ServiceError } from '$lib/server/errors';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

/** The person of the address, as the directory shows them to `user`; a 404 for anyone else. */
async function personOf(user: SessionUser, id: string) {
	try {
		return await directory.person(user, id);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'error.not_found' });
		throw e;
	}
}

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'directory.view');
	const person = await personOf(user, event.params.id);
	return {
		person,
		// Admins take down a photo that has no place in the directory; nobody else's but one's own.
		canRemovePhoto: person.avatar !== null && can(user, 'people.manage')
	};
};

export const actions: Actions = {
	removePhoto: async (event) => {
		const user = requireCan(event, 'people.manage');
		const person = await personOf(user, event.params.id);
		await avatars.remove(user, person.id);
		return { photoRemoved: true };
	}
};

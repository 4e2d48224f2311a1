import * as decisions from '$lib/server/decisions';
import { loadGroup } from '../group.server';
import type { PageServerLoad } from './$types';

/** The group's proposals (open ones first) and the register of what it decided. */
export const load: PageServerLoad = async (event) => {
	event.depends('app:decisions');
	const { user, group } = await loadGroup(event);
	const [proposals, register] = await Promise.all([
		decisions.proposalsOf(user, group.id),
		decisions.register(user, { groupId: group.id })
	]);
	return { proposals, register };
};

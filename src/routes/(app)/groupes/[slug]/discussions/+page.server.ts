import * as threads from '$lib/server/threads';
import { loadGroup } from '../group.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:threads');
	const { user, group } = await loadGroup(event);
	return { threads: await threads.listForGroup(user, group.id) };
};

import { can } from '$lib/server/policy';
import * as themes from '$lib/server/themes';
import { unreadThreadsByGroup } from '$lib/server/threads/view';
import { loadGroup } from './group.server';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	event.depends('app:threads', 'app:unread');
	const { user, group, membership, context, guest } = await loadGroup(event);
	const unread = membership ? await unreadThreadsByGroup(user.id, [group.id]) : new Map();
	return {
		unreadThreads: unread.get(group.id) ?? 0,
		group: {
			id: group.id,
			slug: group.slug,
			name: group.name,
			theme: themes.nameOf(await themes.names(), group.theme),
			color: group.color,
			status: group.status,
			joinPolicy: group.joinPolicy,
			description: group.description
		},
		membership,
		/** Invited to the meeting shown from outside the group: that meeting only, no tabs. */
		guest,
		rights: {
			edit: can(user, 'group.edit', context),
			changeStatus: can(user, 'group.change_status', context),
			manageMembers: can(user, 'group.manage_members', context),
			join: can(user, 'group.join', context),
			leave: can(user, 'group.leave', context),
			contribute: can(user, 'group.contribute', context),
			manageMeetings: can(user, 'meeting.manage', context),
			recordDecisions: can(user, 'decision.record', context)
		}
	};
};

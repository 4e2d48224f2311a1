import { groupRoles } from '$lib/server/db/schema';
import * as directory from '$lib/server/directory';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as memberships from '$lib/server/memberships';
import { can } from '$lib/server/policy';
import { loadGroup } from '../group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group, context } = await loadGroup(event);
	const manage = can(user, 'group.manage_members', context);
	const [members, requests, people] = await Promise.all([
		memberships.list(group.id),
		memberships.pendingRequests(user, group.id),
		manage ? directory.peopleForPicker() : Promise.resolve([])
	]);
	const inGroup = new Set(members.map((m) => m.userId));
	return {
		members,
		requests,
		candidates: people.filter((p) => !inGroup.has(p.id)),
		roles: groupRoles
	};
};

export const actions: Actions = {
	add: async (event) => {
		const { user, group } = await loadGroup(event, 'group.manage_members');
		const parsed = parseForm(memberships.memberSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			memberships.add(user, group.id, parsed.data.userId, parsed.data.role)
		);
		if (!result.ok) return result.failure;
		return { done: 'membership.added' as const };
	},
	role: async (event) => {
		const { user, group } = await loadGroup(event, 'group.manage_members');
		const parsed = parseForm(memberships.memberSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			memberships.add(user, group.id, parsed.data.userId, parsed.data.role)
		);
		if (!result.ok) return result.failure;
		return { done: 'membership.updated' as const };
	},
	remove: async (event) => {
		const { user, group } = await loadGroup(event, 'group.manage_members');
		const parsed = parseForm(memberships.userIdSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			memberships.remove(user, group.id, parsed.data.userId)
		);
		if (!result.ok) return result.failure;
		return { done: 'membership.removed' as const };
	},
	decide: async (event) => {
		const { user, group } = await loadGroup(event, 'group.manage_members');
		const parsed = parseForm(memberships.decisionSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const accept = parsed.data.decision === 'accept';
		const result = await attempt(parsed.values, () =>
			memberships.decide(user, group.id, parsed.data.requestId, accept)
		);
		if (!result.ok) return result.failure;
		return { done: accept ? ('membership.accepted' as const) : ('membership.declined' as const) };
	}
};

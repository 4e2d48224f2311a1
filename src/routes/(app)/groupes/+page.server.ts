import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as groups from '$lib/server/groups';
import * as memberships from '$lib/server/memberships';
import { can } from '$lib/server/policy';
import * as themes from '$lib/server/themes';
import type { Actions, PageServerLoad } from './$types';

const requestSchema = memberships.requestSchema.extend({ groupId: z.uuid('validation.invalid') });

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [visible, pending, counts, themeNames] = await Promise.all([
		groups.listVisible(user),
		memberships.myPendingRequests(user.id),
		groups.memberCounts(),
		themes.names()
	]);
	return {
		canCreate: can(user, 'groups.create'),
		groups: visible.map(({ group, membership, canView }) => ({
			id: group.id,
			slug: group.slug,
			name: group.name,
			theme: themes.nameOf(themeNames, group.theme),
			description: group.description,
			color: group.color,
			status: group.status,
			joinPolicy: group.joinPolicy,
			membership,
			canView,
			members: counts.get(group.id) ?? 0,
			requested: pending.has(group.id)
		}))
	};
};

export const actions: Actions = {
	request: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(requestSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			memberships.requestToJoin(user, parsed.data.groupId, parsed.data.message)
		);
		if (!result.ok) return result.failure;
		return { requested: parsed.data.groupId };
	}
};

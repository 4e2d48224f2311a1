import { redirect } from '@sveltejs/kit';
import { attempt } from '$lib/server/errors';
import { invalid } from '$lib/server/forms';
import * as meetings from '$lib/server/meetings';
import * as memberships from '$lib/server/memberships';
import * as organisations from '$lib/server/organisations';
import { can } from '$lib/server/policy';
import { loadGroup } from '../group.server';
import { agendaPeople, parseMeetingForm } from './meeting-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group, context } = await loadGroup(event);
	const canManage = can(user, 'meeting.manage', context);
	const list = await meetings.listForGroup(user, group.id);
	if (!canManage) return { ...list, canManage, schedule: null };
	const [members, people, hosts] = await Promise.all([
		memberships.list(group.id),
		agendaPeople(group.id),
		organisations.listActive()
	]);
	return {
		...list,
		canManage,
		schedule: {
			memberCount: members.length,
			others: people
				.filter((p) => !p.member)
				.map(({ id, name, organisation }) => ({ id, name, organisation })),
			people,
			hosts: hosts.map((o) => ({ id: o.id, name: o.name, town: o.town }))
		}
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { user, group } = await loadGroup(event, 'meeting.manage');
		const parsed = parseMeetingForm(await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { meeting, invitees } = parsed.data;
		const result = await attempt(parsed.values, () =>
			meetings.create(user, group.id, meeting, invitees, event.locals.locale)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/reunions/${result.value.id}?planifiee`);
	}
};

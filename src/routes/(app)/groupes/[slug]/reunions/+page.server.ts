import { redirect } from '@sveltejs/kit';
import { attempt } from '$lib/server/errors';
import * as meetingInvitees from '$lib/server/meetings/invitees';
import * as meetingSeries from '$lib/server/meetings/series';
import * as meetings from '$lib/server/meetings';
import * as memberships from '$lib/server/memberships';
import * as organisations from '$lib/server/organisations';
import { can } from '$lib/server/policy';
import { loadGroup } from '../group.server';
import { agendaPeople, parseMeetingForm, refuse } from './meeting-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group, context } = await loadGroup(event);
	const canManage = can(user, 'meeting.manage', context);
	const list = await meetings.listForGroup(user, group.id);
	if (!canManage) return { ...list, canManage, schedule: null };
	// Past a few hundred people the pickers search by name: the page carries nobody.
	const search = await meetingInvitees.pickersSearch();
	const [members, people, hosts] = await Promise.all([
		memberships.list(group.id),
		search ? [] : agendaPeople(group.id),
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
			search: search ? `/groupes/${group.slug}/reunions/personnes` : null,
			hosts: hosts.map((o) => ({ id: o.id, name: o.name, town: o.town }))
		}
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { user, group } = await loadGroup(event, 'meeting.manage');
		const parsed = parseMeetingForm(await event.request.formData());
		if (!parsed.ok) return refuse(parsed.values, parsed.errors);
		const { meeting, invitees, inviteSelf, repeat } = parsed.data;
		const result = await attempt(parsed.values, async () =>
			repeat
				? (
						await meetingSeries.create(
							user,
							group.id,
							meeting,
							repeat,
							invitees,
							event.locals.locale,
							{ inviteSelf }
						)
					)[0]
				: meetings.create(user, group.id, meeting, invitees, event.locals.locale, { inviteSelf })
		);
		if (!result.ok) return refuse(parsed.values, result.failure.data.errors, result.failure.status);
		redirect(303, `/groupes/${group.slug}/reunions/${result.value.id}?planifiee`);
	}
};

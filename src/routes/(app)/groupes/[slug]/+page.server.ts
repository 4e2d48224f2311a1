import { renderHtml } from '$lib/richtext/render';
import * as activity from '$lib/server/activity';
import * as documents from '$lib/server/documents';
import { attempt } from '$lib/server/errors';
import * as meetings from '$lib/server/meetings';
import * as memberships from '$lib/server/memberships';
import * as checkIns from '$lib/server/progress/check-ins';
import * as objectives from '$lib/server/progress/objectives';
import * as threads from '$lib/server/threads';
import { createAction, groupActions } from './group-actions.server';
import { loadGroup } from './group.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:threads');
	const { user, group, membership, context } = await loadGroup(event);
	const [members, goals, recent, docs, nextMeeting, discussions, latest] = await Promise.all([
		memberships.list(group.id),
		objectives.list(group.id),
		activity.recentForGroup(group.id, 15),
		documents.listForGroup(user, group.id),
		meetings.nextForGroup(user, group.id),
		threads.listForGroup(user, group.id),
		checkIns.history(user, group.id, 1)
	]);
	if (membership) await memberships.markSeen(user.id, group.id);
	const byOrganisation = new Map<string, { organisation: string; people: typeof members }>();
	for (const m of members) {
		const entry = byOrganisation.get(m.organisationId) ?? {
			organisation: m.organisation,
			people: []
		};
		entry.people.push(m);
		byOrganisation.set(m.organisationId, entry);
	}
	const collator = new Intl.Collator('fr');
	return {
		purposeHtml: renderHtml(group.purpose),
		leads: members.filter((m) => m.role === 'lead'),
		memberCount: members.length,
		organisations: [...byOrganisation.values()].sort((a, b) =>
			collator.compare(a.organisation, b.organisation)
		),
		objectives: goals,
		documents: docs.slice(0, 5),
		documentCount: docs.length,
		nextMeeting,
		activity: recent,
		threads: discussions.slice(0, 5),
		threadCount: discussions.length,
		checkIn: latest[0] ?? null,
		openActions: await groupActions(user, group.id, context)
	};
};

export const actions: Actions = {
	createAction,
	join: async (event) => {
		const { user, group } = await loadGroup(event);
		const result = await attempt({}, () => memberships.join(user, group.id));
		if (!result.ok) return result.failure;
		return { done: 'membership.joined' as const };
	},
	leave: async (event) => {
		const { user, group } = await loadGroup(event, 'group.leave');
		const result = await attempt({}, () => memberships.leave(user, group.id));
		if (!result.ok) return result.failure;
		return { done: 'membership.left' as const };
	}
};

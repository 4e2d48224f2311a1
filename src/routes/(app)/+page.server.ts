import * as actionItems from '$lib/server/actions';
import * as activity from '$lib/server/activity';
import { requireUser } from '$lib/server/auth/guards';
import { todayInParis } from '$lib/server/dates';
import * as groups from '$lib/server/groups';
import * as meetings from '$lib/server/meetings';
import { can } from '$lib/server/policy';
import { unreadFor } from '$lib/server/threads/view';
import * as onboarding from '$lib/server/onboarding';
import * as themes from '$lib/server/themes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:threads', 'app:unread');
	const user = requireUser(event);
	// Everything at once: none of these waits for another.
	const coordination = can(user, 'groups.create');
	const [mine, counts, unread, themeNames, owned, myMeetings, checklist, all, last] =
		await Promise.all([
			groups.membershipsOf(user.id),
			groups.memberCounts(),
			unreadFor(user.id),
			themes.names(),
			actionItems.openForOwner(user.id),
			meetings.upcomingFor(user.id, 5),
			onboarding.checklist(user),
			coordination ? groups.listVisible(user) : [],
			coordination ? activity.lastActivityByGroup() : new Map<string, Date>()
		]);
	const news = await activity.countNewByGroup(
		mine.map((m) => ({ groupId: m.group.id, since: m.lastSeenAt })),
		user.id
	);
	const collator = new Intl.Collator('fr');
	const myGroups = mine
		.map(({ group, role }) => ({
			id: group.id,
			slug: group.slug,
			name: group.name,
			theme: themes.nameOf(themeNames, group.theme),
			description: group.description,
			color: group.color,
			status: group.status,
			joinPolicy: group.joinPolicy,
			membership: role,
			canView: true,
			members: counts.get(group.id) ?? 0,
			news: news.get(group.id) ?? 0
		}))
		.sort((a, b) => b.news - a.news || collator.compare(a.name, b.name));

	// The coordination follows every group: how many people, and when something last happened.
	let overview: {
		slug: string;
		name: string;
		color: string;
		status: string;
		members: number;
		lastActivity: Date | null;
	}[] = [];
	if (coordination) {
		overview = all
			.filter((g) => g.group.status !== 'archived')
			.map(({ group }) => ({
				slug: group.slug,
				name: group.name,
				color: group.color,
				status: group.status,
				members: counts.get(group.id) ?? 0,
				lastActivity: last.get(group.id) ?? null
			}));
	}
	const today = todayInParis();
	const myActions = owned.map((a) => ({ ...a, overdue: !!a.dueDate && a.dueDate < today }));
	return {
		checklist,
		unreadThreads: unread.slice(0, 8),
		myMeetings,
		myGroups,
		overview,
		myActions,
		showDashboard: can(user, 'dashboard.view'),
		// A director comes to see what their company does in the network.
		myCompany: user.role === 'director' && can(user, 'directory.view') ? user.organisationId : null
	};
};

export const actions: Actions = {
	/** Hides the first steps of a new network from this person. */
	dismissChecklist: async (event) => {
		const user = requireUser(event);
		await onboarding.dismiss(user);
		return { dismissed: true };
	}
};

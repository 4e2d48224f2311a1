import type { EventStatus, GroupRole, GroupStatus, NetworkRole } from '$lib/server/db/schema';

/** Who is asking: a logged-in person, or null for an anonymous visitor. */
export type Actor = { id: string; role: NetworkRole; organisationId: string } | null;

/** A group as the policy sees it, with the asking person's place in it (null: not a member). */
export interface GroupContext {
	status: GroupStatus;
	joinPolicy: 'open' | 'closed';
	membership: GroupRole | null;
}

/** An event as the policy sees it: the asking person's role in the group that prepares it. */
export interface EventContext {
	status: EventStatus;
	groupRole: GroupRole | null;
}

/** Each verb with the resource it is asked about (undefined when the question is network-wide). */
export interface Verbs {
	/** The admin area at all: the people, organisations and outbox pages need more below. */
	'admin.view': undefined;
	'people.manage': undefined;
	'organisations.manage': undefined;
	'outbox.read': undefined;
	'settings.manage': undefined;
	'invitations.manage': undefined;
	'invitations.create': { role: NetworkRole };
	/** Name a group the newcomer joins on accepting the invitation. */
	'invitations.add_to_group': GroupContext;
	'dashboard.view': undefined;
	/** E-mail the monthly report to every director. */
	'report.send': undefined;
	'directory.view': undefined;
	/**
	 * The network calendar as a whole: every meeting of every group in /agenda, and its feed.
	 * Others see in /agenda only the meetings of the groups they may read.
	 */
	'calendar.network': undefined;
	'groups.create': undefined;
	/** Open the group's page and read what is in it. */
	'group.view': GroupContext;
	/** Change the group's name, description, purpose, colour, join policy and objectives. */
	'group.edit': GroupContext;
	/** Pause, archive or reopen the group. */
	'group.change_status': GroupContext;
	/** Add and remove people, change their group role, answer join requests. */
	'group.manage_members': GroupContext;
	'group.join': GroupContext;
	'group.request_to_join': GroupContext;
	'group.leave': GroupContext;
	/** Write in the group: documents, actions, messages (observers and outsiders only read). */
	'group.contribute': GroupContext;
	/** Change an action: its group's contributors, and its owner whatever their group role. */
	'action.edit': GroupContext & { owner: boolean };
	/** Schedule and run the group's meetings: publish minutes, record attendance. */
	'meeting.manage': GroupContext;
	/** Pin, lock, rename and move the group's threads; delete and see the history of messages. */
	'thread.moderate': GroupContext;
	/** Answer the group's periodic check-in (its weather, what moved, what blocks). */
	'group.check_in': GroupContext;
	/** Send a file or a folder of the group's library to its bin, and back from it. */
	'file.remove': GroupContext & { uploader: boolean };
	/** Answer the group's proposals and polls: its members and leads (others read them). */
	'poll.answer': GroupContext;
	/** Close a proposal or poll early, extend it, write its outcome: its author, or a lead. */
	'poll.manage': GroupContext & { author: boolean };
	/** Record a decision taken elsewhere (in a meeting), revise or revoke one. */
	'decision.record': GroupContext;
	/** Create an open-house event: the coordination, or the leads of the group preparing it. */
	'events.create': { leadsGroup: boolean };
	/** See an event inside the network (drafts: its organisers only). */
	'event.view': EventContext;
	/** Its organisers: edit it, change its status, open sites for any organisation, write to visitors. */
	'event.manage': EventContext;
	/** Its figures: organisers, the coordination and the directors. */
	'event.figures': EventContext;
	/** Open a site for an organisation: its own people, or the organisers. */
	'site.open': EventContext & { ownOrganisation: boolean };
	/** Edit a site, its slots, see its visitors and welcome them on the day: the same. */
	'site.edit': EventContext & { ownOrganisation: boolean };
}
export type Verb = keyof Verbs;

const staff = (actor: NonNullable<Actor>) => actor.role === 'admin' || actor.role === 'coordinator';

const rules: { [V in Verb]: (actor: NonNullable<Actor>, resource: Verbs[V]) => boolean } = {
	'admin.view': staff,
	'people.manage': (a) => a.role === 'admin',
	'organisations.manage': (a) => a.role === 'admin',
	'outbox.read': (a) => a.role === 'admin',
	'settings.manage': (a) => a.role === 'admin',
	'invitations.manage': staff,
	// Only an admin may bring in another admin.
	'invitations.create': (a, r) =>
		a.role === 'admin' || (a.role === 'coordinator' && r.role !== 'admin'),
	// An invitation opens an account with a network role and an organisation: that stays the
	// coordination's call, so a group's leads do not invite, even into their own group (they add
	// people who already have an account). No one joins an archived group.
	'invitations.add_to_group': (a, g) => staff(a) && g.status !== 'archived',
	'dashboard.view': (a) => a.role !== 'member' && a.role !== 'partner',
	'report.send': staff,
	// Partners take part in the groups they are invited to, nothing else.
	'directory.view': (a) => a.role !== 'partner',
	// Those who read every group: the coordination, and the directors who follow them all.
	'calendar.network': (a) => staff(a) || a.role === 'director',
	'groups.create': staff,
	'group.view': (a, g) =>
		staff(a) ||
		a.role === 'director' ||
		g.membership !== null ||
		(a.role === 'member' && g.joinPolicy === 'open'),
	// Archived groups are read-only for everyone until the coordination reopens them.
	'group.edit': (a, g) => g.status !== 'archived' && (staff(a) || g.membership === 'lead'),
	'group.change_status': staff,
	'group.manage_members': (a, g) =>
		g.status !== 'archived' && (staff(a) || g.membership === 'lead'),
	// Directors follow every group read-only and partners only see their own: neither joins by
	// themselves (a lead or the coordination can still add them).
	'group.join': (a, g) =>
		g.membership === null &&
		g.status === 'active' &&
		g.joinPolicy === 'open' &&
		a.role !== 'partner' &&
		a.role !== 'director',
	'group.request_to_join': (a, g) =>
		g.membership === null &&
		g.status === 'active' &&
		g.joinPolicy === 'closed' &&
		a.role !== 'partner' &&
		a.role !== 'director',
	// Leaving changes the member list, which an archived group keeps as it was.
	'group.leave': (_a, g) => g.membership !== null && g.status !== 'archived',
	'action.edit': (a, g) => g.status !== 'archived' && (g.owner || rules['group.contribute'](a, g)),
	'meeting.manage': (a, g) => g.status !== 'archived' && (staff(a) || g.membership === 'lead'),
	'thread.moderate': (a, g) => g.status !== 'archived' && (staff(a) || g.membership === 'lead'),
	'group.check_in': (a, g) => g.status !== 'archived' && (staff(a) || g.membership === 'lead'),
	'group.contribute': (a, g) =>
		g.status !== 'archived' && (staff(a) || g.membership === 'lead' || g.membership === 'member'),
	// Any contributor adds, renames and moves; what they did not upload, only a lead removes.
	'file.remove': (a, g) =>
		g.status !== 'archived' &&
		(staff(a) || g.membership === 'lead' || (g.uploader && g.membership === 'member')),
	// Those who decide are the group's own people: the coordination and the directors follow.
	'poll.answer': (_a, g) =>
		g.status !== 'archived' && (g.membership === 'lead' || g.membership === 'member'),
	'poll.manage': (a, g) =>
		g.status !== 'archived' &&
		(staff(a) || g.membership === 'lead' || (g.author && g.membership === 'member')),
	'decision.record': (a, g) => g.status !== 'archived' && (staff(a) || g.membership === 'lead'),
	'events.create': (a, r) => staff(a) || r.leadsGroup,
	'event.view': (a, e) => e.status !== 'draft' || rules['event.manage'](a, e),
	'event.manage': (a, e) => staff(a) || e.groupRole === 'lead',
	'event.figures': (a, e) => rules['event.manage'](a, e) || a.role === 'director',
	// Sites are opened while the event is prepared or taking registrations, not once it is over.
	'site.open': (a, e) =>
		e.status !== 'finished' && (rules['event.manage'](a, e) || e.ownOrganisation),
	'site.edit': (a, e) => rules['event.manage'](a, e) || e.ownOrganisation
};

/** The one place where rights are decided. Anonymous visitors can do nothing. */
export function can<V extends Verb>(
	actor: Actor,
	verb: V,
	...resource: Verbs[V] extends undefined ? [] : [Verbs[V]]
): boolean {
	if (!actor) return false;
	return rules[verb](actor, resource[0] as Verbs[V]);
}

import type { NetworkRole } from '$lib/server/db/schema';

/** Who is asking: a logged-in person, or null for an anonymous visitor. */
export type Actor = { id: string; role: NetworkRole; organisationId: string } | null;

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
	'dashboard.view': undefined;
	'directory.view': undefined;
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
	'dashboard.view': (a) => a.role !== 'member' && a.role !== 'partner',
	// Partners take part in the groups they are invited to, nothing else.
	'directory.view': (a) => a.role !== 'partner'
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

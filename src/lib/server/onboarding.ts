import { asc, count } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { groups, invitations, meetings, organisations, users } from '$lib/server/db/schema';
import { can, type Actor } from './policy';
import { getSetting, setSetting } from './settings';

export type StepKey = 'network' | 'organisations' | 'invitations' | 'group' | 'meeting';

export interface Step {
	key: StepKey;
	done: boolean;
	/** Where the step is done; null when this person cannot do it there. */
	href: string | null;
}

const dismissedKey = (userId: string) => `onboarding.dismissed.${userId}`;

/**
 * The first steps of a new network, for those who set it up (the admin and the coordination):
 * each ticked once the network has done it, whoever did it. Null once every step is done, once
 * the person dismissed it, and for everyone else.
 */
export async function checklist(actor: Actor): Promise<Step[] | null> {
	if (!actor || !can(actor, 'groups.create')) return null;
	if (await getSetting<boolean>(dismissedKey(actor.id))) return null;
	const [[orgs], [invited], [people], [firstGroup], [held]] = await Promise.all([
		db.select({ n: count() }).from(organisations),
		db.select({ n: count() }).from(invitations),
		db.select({ n: count() }).from(users),
		db.select({ slug: groups.slug }).from(groups).orderBy(asc(groups.createdAt)).limit(1),
		db.select({ n: count() }).from(meetings)
	]);
	const admin = can(actor, 'settings.manage');
	const steps: Step[] = [
		// Named on the setup page; the settings page is where it changes.
		{ key: 'network', done: true, href: admin ? '/admin/reglages' : null },
		// The setup creates the organisation of the person who set it up.
		{
			key: 'organisations',
			done: orgs.n > 1,
			href: can(actor, 'organisations.manage') ? '/admin/organisations' : null
		},
		{
			key: 'invitations',
			done: invited.n > 0 || people.n > 1,
			href: can(actor, 'invitations.manage') ? '/admin/invitations' : null
		},
		{ key: 'group', done: !!firstGroup, href: '/groupes/nouveau' },
		{
			key: 'meeting',
			done: held.n > 0,
			href: firstGroup ? `/groupes/${firstGroup.slug}/reunions` : null
		}
	];
	return steps.every((s) => s.done) ? null : steps;
}

/** Hides the first steps from this person for good. */
export async function dismiss(actor: Actor): Promise<void> {
	if (!actor) return;
	await setSetting(dismissedKey(actor.id), true);
}

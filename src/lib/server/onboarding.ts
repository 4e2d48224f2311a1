import { sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	groups,
	invitations,
	meetings,
	organisations,
	settings,
	users
} from '$lib/server/db/schema';
import { can, type Actor } from './policy';
import { setSetting } from './settings';

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
	// One statement: the home page of the coordination asks at every visit.
	const [state] = await db
		.select({
			dismissed: sql<boolean>`exists (select 1 from ${settings}
				where ${settings.key} = ${dismissedKey(actor.id)} and ${settings.value} = 'true')`,
			orgs: sql<number>`(select count(*)::int from (select 1 from ${organisations} limit 2) o)`,
			invited: sql<boolean>`exists (select 1 from ${invitations})`,
			people: sql<number>`(select count(*)::int from (select 1 from ${users} limit 2) u)`,
			firstGroup: sql<string | null>`(select ${groups.slug} from ${groups}
				order by ${groups.createdAt} asc limit 1)`,
			held: sql<boolean>`exists (select 1 from ${meetings})`
		})
		.from(sql`(select 1) as one`);
	if (state.dismissed) return null;
	const firstGroup = state.firstGroup;
	const admin = can(actor, 'settings.manage');
	const steps: Step[] = [
		// Named on the setup page; the settings page is where it changes.
		{ key: 'network', done: true, href: admin ? '/admin/reglages' : null },
		// The setup creates the organisation of the person who set it up.
		{
			key: 'organisations',
			done: Number(state.orgs) > 1,
			href: can(actor, 'organisations.manage') ? '/admin/organisations' : null
		},
		{
			key: 'invitations',
			done: state.invited || Number(state.people) > 1,
			href: can(actor, 'invitations.manage') ? '/admin/invitations' : null
		},
		{ key: 'group', done: !!firstGroup, href: '/groupes/nouveau' },
		{
			key: 'meeting',
			done: state.held,
			href: firstGroup ? `/groupes/${firstGroup}/reunions` : null
		}
	];
	return steps.every((s) => s.done) ? null : steps;
}

/** Hides the first steps from this person for good. */
export async function dismiss(actor: Actor): Promise<void> {
	if (!actor) return;
	await setSetting(dismissedKey(actor.id), true);
}

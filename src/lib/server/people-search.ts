import { and, isNull, sql, type SQL } from 'drizzle-orm';
import { groupMembers, users } from '$lib/server/db/schema';
import { ownersOfVisible } from './actions/board';
import { forbidden } from './errors';
import { access as groupAccess } from './groups';
import { findPeople, nameSearch } from './name-search';
import { can, type Actor } from './policy';

/** Whom a picker chooses among; each says who may be found, as the list it replaces does. */
export type PeopleScope =
	/** Owners of the actions the asker may see (the board's owner filter), disabled ones too. */
	| { among: 'owners' }
	/**
	 * People an action may be given to: anyone active in the network for those who read the
	 * directory, else the people of the asker's own groups.
	 */
	| { among: 'assignees' }
	/**
	 * Anyone active in the network, whom a meeting of the group may invite or give an agenda
	 * item to: only for those who run the group's meetings.
	 */
	| { among: 'invitees'; groupId: string };

/**
 * People whose name holds `text` (accents and case aside), those whose name starts with it
 * first, at most `limit`: what every people picker offers as one types, when there are too
 * many people to list (LISTED_PEOPLE). Empty when nothing was typed.
 */
export async function searchPeople(
	actor: NonNullable<Actor>,
	scope: PeopleScope,
	text: string,
	limit = 10
) {
	const where = await scopeCondition(actor, scope);
	const search = nameSearch(users.name, text);
	if (!search) return [];
	return findPeople(search, where, limit);
}

async function scopeCondition(
	actor: NonNullable<Actor>,
	scope: PeopleScope
): Promise<SQL | undefined> {
	const active = isNull(users.disabledAt);
	switch (scope.among) {
		case 'owners':
			return ownersOfVisible(actor);
		case 'assignees':
			if (can(actor, 'directory.view')) return active;
			return and(
				active,
				sql`exists (select 1 from ${groupMembers} theirs join ${groupMembers} ours
					on ours.group_id = theirs.group_id and ours.user_id = ${actor.id}
					where theirs.user_id = ${users.id})`
			);
		case 'invitees': {
			const { context } = await groupAccess(actor, scope.groupId);
			if (!can(actor, 'meeting.manage', context)) throw forbidden();
			return active;
		}
	}
}

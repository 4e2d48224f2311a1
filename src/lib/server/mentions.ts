import { isNotNull, isNull } from 'drizzle-orm';
import type { Mentionable, MentionPerson } from '$lib/editor/mention-suggestion';
import { db } from '$lib/server/db';
import { groupMembers as memberRows, organisations, users } from '$lib/server/db/schema';
import * as directory from './directory';
import { readersWhere } from './groups';
import * as memberships from './memberships';
import { namesHolding } from '$lib/text';
import { findPeople, LISTED_PEOPLE, nameSearch } from './name-search';
import { can, type Actor } from './policy';

/**
 * Where a mention is written, which says who it may name: in notes (documents, a meeting's
 * notes), the group's members, and anyone in the network for those who read the directory; in a
 * discussion, the people who may read it (a mention of anyone else would reach no one, and would
 * tell them about a closed group).
 */
export type MentionPlace = 'notes' | 'discussion';

/**
 * Who the @-mention picker of a page in the group offers before anything is typed: everyone it
 * may name, or, past LISTED_PEOPLE, the members, the others found by name as one types
 * (`findMentionable`, at the group's `mentions` address).
 */
export async function mentionChoices(
	actor: NonNullable<Actor>,
	group: { id: string; slug: string },
	place: MentionPlace
): Promise<Mentionable> {
	const searching = (people: MentionPerson[]) => ({
		people,
		search: `/groupes/${group.slug}/mentions?dans=${place}`
	});
	if (place === 'discussion') {
		const everyone = await discussionReaders(group.id, { limit: LISTED_PEOPLE + 1 });
		if (everyone.length <= LISTED_PEOPLE) return { people: everyone, search: null };
		return searching(await discussionReaders(group.id, { where: isNotNull(memberRows.role) }));
	}
	const members = await groupMembers(group.id);
	if (!can(actor, 'directory.view')) return { people: members, search: null };
	const everyone = await directory.peopleForPicker(LISTED_PEOPLE + 1);
	if (everyone.length > LISTED_PEOPLE) return searching(members);
	const memberIds = new Set(members.map((m) => m.id));
	const others = everyone
		.filter((p) => !memberIds.has(p.id))
		.map((p) => ({ id: p.id, label: p.name, detail: p.organisation, member: false }));
	return { people: [...members, ...others], search: null };
}

/** What a page without the right to write offers: nobody. */
export const NO_MENTIONS: Mentionable = { people: [], search: null };

/** People a mention in the group may name whose name holds `text`, members first, at most `limit`. */
export async function findMentionable(
	actor: NonNullable<Actor>,
	groupId: string,
	place: MentionPlace,
	text: string,
	limit = 10
): Promise<MentionPerson[]> {
	if (!text.trim()) return [];
	if (place === 'discussion') {
		const search = nameSearch(users.name, text);
		if (!search) return [];
		const named = await discussionReaders(groupId, { where: search.matches });
		return namesHolding(named, text).slice(0, limit);
	}
	const members = await groupMembers(groupId);
	const named = namesHolding(members, text).slice(0, limit);
	const search = nameSearch(users.name, text);
	if (!can(actor, 'directory.view') || !search || named.length >= limit) return named;
	const memberIds = new Set(members.map((m) => m.id));
	const found = await findPeople(search, isNull(users.disabledAt), limit + named.length);
	const others = found
		.filter((p) => !memberIds.has(p.id))
		.map((p) => ({ id: p.id, label: p.name, detail: p.organisation, member: false }));
	return [...named, ...others].slice(0, limit);
}

async function groupMembers(groupId: string): Promise<MentionPerson[]> {
	return (await memberships.list(groupId)).map((m) => ({
		id: m.userId,
		label: m.name,
		detail: m.organisation,
		member: true
	}));
}

async function discussionReaders(
	groupId: string,
	options: Parameters<typeof readersWhere>[1]
): Promise<MentionPerson[]> {
	const [people, orgs] = await Promise.all([
		readersWhere(groupId, options),
		db.select({ id: organisations.id, name: organisations.name }).from(organisations)
	]);
	const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
	return people.map((p) => ({
		id: p.id,
		label: p.name,
		detail: orgNames.get(p.organisationId) ?? '',
		member: p.membership !== null
	}));
}

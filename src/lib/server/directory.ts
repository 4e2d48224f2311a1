import { and, eq, isNull } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { groupMembers, groups, organisations, users, type GroupRole } from '$lib/server/db/schema';
import { avatarOf } from './avatars';
import { forbidden, notFound } from './errors';
import { can, type Actor } from './policy';

const collator = new Intl.Collator('fr');
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);

/** Everyone who can be added somewhere: active people with their organisation. */
export async function peopleForPicker(
	/** Read no more than this many (which ones is then arbitrary: enough to know there are more). */
	limit?: number
) {
	const query = db
		.select({ id: users.id, name: users.name, organisation: organisations.name })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(isNull(users.disabledAt))
		.$dynamic();
	const rows = await (limit === undefined ? query : query.limit(limit));
	return rows.sort(byName);
}

export interface GroupLink {
	id: string;
	slug: string;
	name: string;
	color: string;
	status: 'active' | 'paused' | 'archived';
	role: GroupRole;
	/** Whether the person reading the directory may open the group (else: its name only). */
	canView: boolean;
}

/**
 * Every membership, keyed by person: which groups each person takes part in (only the people of
 * `organisationId` when given). Names are shown to every reader of the directory (as in the list
 * of groups); links only where they may go.
 */
async function groupsByPerson(
	actor: NonNullable<Actor>,
	organisationId?: string
): Promise<Map<string, GroupLink[]>> {
	const [rows, mine] = await Promise.all([
		db
			.select({
				userId: groupMembers.userId,
				role: groupMembers.role,
				id: groups.id,
				slug: groups.slug,
				name: groups.name,
				color: groups.color,
				status: groups.status,
				joinPolicy: groups.joinPolicy
			})
			.from(groupMembers)
			.innerJoin(groups, eq(groups.id, groupMembers.groupId))
			.innerJoin(users, eq(users.id, groupMembers.userId))
			.where(organisationId ? eq(users.organisationId, organisationId) : undefined),
		db
			.select({ groupId: groupMembers.groupId, role: groupMembers.role })
			.from(groupMembers)
			.where(eq(groupMembers.userId, actor.id))
	]);
	const myRole = new Map(mine.map((m) => [m.groupId, m.role]));
	const map = new Map<string, GroupLink[]>();
	for (const { userId, joinPolicy, ...group } of rows) {
		const list = map.get(userId) ?? [];
		const membership = myRole.get(group.id) ?? null;
		list.push({
			...group,
			canView: can(actor, 'group.view', { status: group.status, joinPolicy, membership })
		});
		map.set(userId, list);
	}
	for (const list of map.values()) list.sort(byName);
	return map;
}

function distinctGroups(lists: GroupLink[][]): (Omit<GroupLink, 'role'> & { people: number })[] {
	const map = new Map<string, Omit<GroupLink, 'role'> & { people: number }>();
	for (const list of lists) {
		for (const { role: _, ...group } of list) {
			const entry = map.get(group.id) ?? { ...group, people: 0 };
			entry.people++;
			map.set(group.id, entry);
		}
	}
	return [...map.values()].sort(byName);
}

/** The organisations of the network with their people count and the groups they take part in. */
export async function listOrganisations(actor: Actor) {
	if (!can(actor, 'directory.view')) throw forbidden();
	const [orgs, people, memberships] = await Promise.all([
		db.select().from(organisations).where(isNull(organisations.archivedAt)),
		db
			.select({ id: users.id, organisationId: users.organisationId })
			.from(users)
			.where(isNull(users.disabledAt)),
		groupsByPerson(actor!)
	]);
	return orgs.sort(byName).map((org) => {
		const members = people.filter((p) => p.organisationId === org.id);
		return {
			...org,
			people: members.length,
			groups: distinctGroups(members.map((p) => memberships.get(p.id) ?? []))
		};
	});
}

/** One organisation: its people, each with their groups, and the groups it takes part in. */
export async function organisation(actor: Actor, id: string) {
	if (!can(actor, 'directory.view')) throw forbidden();
	const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
	if (!org) throw notFound();
	const [people, memberships] = await Promise.all([
		db
			.select({
				id: users.id,
				name: users.name,
				role: users.role,
				jobTitle: users.jobTitle,
				avatar: avatarOf(users.id)
			})
			.from(users)
			.where(and(eq(users.organisationId, id), isNull(users.disabledAt))),
		groupsByPerson(actor!, id)
	]);
	const withGroups = people
		.sort(byName)
		.map((p) => ({ ...p, groups: memberships.get(p.id) ?? [] }));
	return {
		organisation: org,
		people: withGroups,
		groups: distinctGroups(withGroups.map((p) => p.groups))
	};
}

/** Everyone of the network with their organisation and groups. */
export async function listPeople(actor: Actor) {
	if (!can(actor, 'directory.view')) throw forbidden();
	const [people, memberships] = await Promise.all([
		db
			.select({
				id: users.id,
				name: users.name,
				role: users.role,
				jobTitle: users.jobTitle,
				avatar: avatarOf(users.id),
				organisationId: organisations.id,
				organisation: organisations.name
			})
			.from(users)
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(isNull(users.disabledAt)),
		groupsByPerson(actor!)
	]);
	return people.sort(byName).map((p) => ({ ...p, groups: memberships.get(p.id) ?? [] }));
}

/**
 * One person's card: who they are (with their job title, phone and photo), where they work,
 * which groups they are in.
 */
export async function person(actor: Actor, id: string) {
	if (!can(actor, 'directory.view')) throw forbidden();
	const [row] = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			role: users.role,
			jobTitle: users.jobTitle,
			phone: users.phone,
			avatar: avatarOf(users.id),
			organisationId: organisations.id,
			organisation: organisations.name,
			disabledAt: users.disabledAt
		})
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(users.id, id));
	if (!row || row.disabledAt) throw notFound();
	const memberships = await groupsByPerson(actor!);
	return { ...row, groups: memberships.get(id) ?? [] };
}

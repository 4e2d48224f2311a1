import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { actions, groupMembers, groups, users } from '$lib/server/db/schema';
import { access as groupAccess } from '../groups';
import type { Actor, GroupContext } from '../policy';

// Open actions as the group and home pages list them, and the groups' contexts the board needs.

/** The open actions of a group, soonest due first, for its page. */
export async function openForGroup(actor: Actor, groupId: string, limit = 8) {
	await groupAccess(actor, groupId);
	return db
		.select({
			id: actions.id,
			title: actions.title,
			dueDate: actions.dueDate,
			status: actions.status,
			owner: users.name
		})
		.from(actions)
		.leftJoin(users, eq(users.id, actions.ownerId))
		.where(
			and(eq(actions.groupId, groupId), inArray(actions.status, ['open', 'in_progress', 'blocked']))
		)
		.orderBy(asc(actions.dueDate), desc(actions.createdAt))
		.limit(limit);
}

/** A person's own open actions across their groups, for their home page. */
export async function openForOwner(userId: string, limit = 10) {
	return db
		.select({
			id: actions.id,
			title: actions.title,
			dueDate: actions.dueDate,
			status: actions.status,
			groupName: groups.name,
			groupSlug: groups.slug,
			groupColor: groups.color
		})
		.from(actions)
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.where(
			and(eq(actions.ownerId, userId), inArray(actions.status, ['open', 'in_progress', 'blocked']))
		)
		.orderBy(asc(actions.dueDate))
		.limit(limit);
}

/** The contexts of many groups for one person, in one query (the board's rows). */
export async function contextsFor(
	actor: NonNullable<Actor>,
	groupIds: string[]
): Promise<Map<string, GroupContext>> {
	if (groupIds.length === 0) return new Map();
	const rows = await db
		.select({
			id: groups.id,
			status: groups.status,
			joinPolicy: groups.joinPolicy,
			membership: groupMembers.role
		})
		.from(groups)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, actor.id))
		)
		.where(inArray(groups.id, groupIds));
	return new Map(
		rows.map((r) => [
			r.id,
			{ status: r.status, joinPolicy: r.joinPolicy, membership: r.membership ?? null }
		])
	);
}

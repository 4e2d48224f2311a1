import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Transaction } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import {
	groupMembers,
	groupRoles,
	groups,
	joinRequests,
	organisations,
	users,
	type GroupRole
} from '$lib/server/db/schema';
import * as activityLog from './activity';
import { forbidden, notFound, ServiceError } from './errors';
import { access, membershipOf } from './groups';
import { inviteToComing, uninviteFromComing } from './meetings/invitees';
import { can, type Actor } from './policy';
import { accessChanged } from './events';
import { askLeadsToReassign, releaseOpenActions, type Orphaned } from './actions/reassignment';
import { memoised } from './cache';

export const memberSchema = z.object({
	userId: z.uuid('validation.choose'),
	role: z.enum(groupRoles, 'validation.choose')
});
export const userIdSchema = z.object({ userId: z.uuid('validation.invalid') });
export const requestSchema = z.object({
	message: z.string().trim().max(500, 'validation.too_long')
});
export const decisionSchema = z.object({
	requestId: z.uuid('validation.invalid'),
	decision: z.enum(['accept', 'decline'], 'validation.choose')
});

/**
 * The group's members with their organisation, leads first, then by name; read once per request
 * (a meeting's page asks for its pickers and its mentions). Callers do not change the list.
 */
export function list(groupId: string) {
	return memoised(`members:${groupId}`, () => readMembers(groupId));
}

async function readMembers(groupId: string) {
	const rows = await db
		.select({
			userId: users.id,
			name: users.name,
			role: groupMembers.role,
			networkRole: users.role,
			organisationId: organisations.id,
			organisation: organisations.name,
			joinedAt: groupMembers.joinedAt
		})
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(groupMembers.groupId, groupId))
		.orderBy(frenchOrder(users.name));
	const rank: Record<GroupRole, number> = { lead: 0, member: 1, observer: 2 };
	const collator = new Intl.Collator('fr');
	return rows.sort((a, b) => rank[a.role] - rank[b.role] || collator.compare(a.name, b.name));
}

async function leadCount(tx: Transaction, groupId: string): Promise<number> {
	const [row] = await tx
		.select({ n: count() })
		.from(groupMembers)
		.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'lead')));
	return row?.n ?? 0;
}

async function personName(userId: string): Promise<string | undefined> {
	const [row] = await db
		.select({ name: users.name, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, userId));
	return row && !row.disabledAt ? row.name : undefined;
}

/**
 * Adds a person to the group with a role (a newcomer is invited to the group's coming meetings),
 * or changes the role of someone already in it.
 */
export async function add(actor: Actor, groupId: string, userId: string, role: GroupRole) {
	const { group, context } = await access(actor, groupId);
	if (!can(actor, 'group.manage_members', context)) throw forbidden();
	const name = await personName(userId);
	if (!name) throw new ServiceError('invalid', 'validation.choose', 'userId');
	await db.transaction(async (tx) => {
		const [existing] = await tx
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, userId)));
		if (existing?.role === role) return;
		if (existing?.role === 'lead' && (await leadCount(tx, group.id)) <= 1) {
			throw new ServiceError('invalid', 'membership.last_lead', 'role');
		}
		if (existing) {
			await tx
				.update(groupMembers)
				.set({ role })
				.where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, userId)));
		} else {
			await tx.insert(groupMembers).values({ groupId: group.id, userId, role });
			await inviteToComing(tx, group.id, userId);
			// Adding someone answers any request they had made.
			await tx
				.update(joinRequests)
				.set({ status: 'accepted', decidedById: actor!.id, decidedAt: new Date() })
				.where(
					and(
						eq(joinRequests.groupId, group.id),
						eq(joinRequests.userId, userId),
						eq(joinRequests.status, 'pending')
					)
				);
		}
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'membership',
			subjectId: userId,
			verb: existing ? 'role_changed' : 'added',
			label: name,
			before: existing ? { role: existing.role } : null,
			after: { role }
		});
	});
	accessChanged({ userId, groupId: group.id });
}

/** Takes the person out of the group and of its coming meetings (past ones keep them). */
async function removeMember(
	actor: NonNullable<Actor>,
	groupId: string,
	userId: string,
	verb: string
) {
	const name = (await personName(userId)) ?? '';
	let released: Orphaned[] = [];
	await db.transaction(async (tx) => {
		const [existing] = await tx
			.select({ role: groupMembers.role })
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
		if (!existing) throw notFound();
		if (existing.role === 'lead' && (await leadCount(tx, groupId)) <= 1) {
			throw new ServiceError('invalid', 'membership.last_lead');
		}
		await tx
			.delete(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
		await uninviteFromComing(tx, groupId, userId);
		released = await releaseOpenActions(tx, groupId, userId, actor.id);
		await activityLog.record(tx, {
			groupId,
			actorId: actor.id,
			subjectType: 'membership',
			subjectId: userId,
			verb,
			label: name,
			before: { role: existing.role },
			after: null
		});
	});
	accessChanged({ userId, groupId });
	await askLeadsToReassign(groupId, userId, released);
}

export async function remove(actor: Actor, groupId: string, userId: string) {
	const { context } = await access(actor, groupId);
	if (!can(actor, 'group.manage_members', context)) throw forbidden();
	await removeMember(actor!, groupId, userId, 'removed');
}

/** Leaves the group; the last lead must first hand the role to someone else. */
export async function leave(actor: Actor, groupId: string) {
	const { context } = await access(actor, groupId);
	if (!can(actor, 'group.leave', context)) throw forbidden();
	await removeMember(actor!, groupId, actor!.id, 'left');
}

/** Joins an open group as a member, invited to its coming meetings. */
export async function join(actor: Actor, groupId: string) {
	const { group, context } = await access(actor, groupId);
	if (!can(actor, 'group.join', context)) {
		throw new ServiceError(
			'invalid',
			group.joinPolicy === 'closed' ? 'membership.closed' : 'membership.cannot_join'
		);
	}
	// Read before the transaction: on PGlite, a query outside it would wait for it forever.
	const label = (await personName(actor!.id)) ?? '';
	await db.transaction(async (tx) => {
		await tx.insert(groupMembers).values({ groupId: group.id, userId: actor!.id, role: 'member' });
		await inviteToComing(tx, group.id, actor!.id);
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'membership',
			subjectId: actor!.id,
			verb: 'joined',
			label,
			after: { role: 'member' }
		});
	});
}

/**
 * Asks to join a closed group. The group's page stays closed to the person, so this takes the
 * group's id from the list of groups, where closed groups are shown to those who may ask.
 */
export async function requestToJoin(actor: Actor, groupId: string, message: string) {
	if (!actor) throw forbidden();
	const [group] = await db.select().from(groups).where(eq(groups.id, groupId));
	if (!group) throw notFound();
	const membership = await membershipOf(actor.id, group.id);
	const context = { status: group.status, joinPolicy: group.joinPolicy, membership };
	if (!can(actor, 'group.request_to_join', context)) {
		if (can(actor, 'group.view', context))
			throw new ServiceError('invalid', 'membership.cannot_request');
		throw notFound();
	}
	const [pending] = await db
		.select({ id: joinRequests.id })
		.from(joinRequests)
		.where(
			and(
				eq(joinRequests.groupId, group.id),
				eq(joinRequests.userId, actor.id),
				eq(joinRequests.status, 'pending')
			)
		);
	if (pending) throw new ServiceError('invalid', 'membership.already_requested');
	const label = (await personName(actor.id)) ?? '';
	await db.transaction(async (tx) => {
		const [request] = await tx
			.insert(joinRequests)
			.values({ groupId: group.id, userId: actor.id, message })
			.returning();
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor.id,
			subjectType: 'join_request',
			subjectId: request.id,
			verb: 'requested',
			label
		});
	});
}

/** The pending requests of a group, for its leads and the coordination. */
export async function pendingRequests(actor: Actor, groupId: string) {
	const { context } = await access(actor, groupId);
	if (!can(actor, 'group.manage_members', context)) return [];
	return db
		.select({
			id: joinRequests.id,
			userId: users.id,
			name: users.name,
			organisation: organisations.name,
			message: joinRequests.message,
			createdAt: joinRequests.createdAt
		})
		.from(joinRequests)
		.innerJoin(users, eq(users.id, joinRequests.userId))
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(and(eq(joinRequests.groupId, groupId), eq(joinRequests.status, 'pending')))
		.orderBy(asc(joinRequests.createdAt));
}

/** The person's own pending requests, to show "request sent" instead of the button. */
export async function myPendingRequests(userId: string): Promise<Set<string>> {
	const rows = await db
		.select({ groupId: joinRequests.groupId })
		.from(joinRequests)
		.where(and(eq(joinRequests.userId, userId), eq(joinRequests.status, 'pending')));
	return new Set(rows.map((r) => r.groupId));
}

/** Accepts (the person becomes a member) or declines a request to join. */
export async function decide(actor: Actor, groupId: string, requestId: string, accept: boolean) {
	const { context } = await access(actor, groupId);
	if (!can(actor, 'group.manage_members', context)) throw forbidden();
	const [request] = await db
		.select()
		.from(joinRequests)
		.where(and(eq(joinRequests.id, requestId), eq(joinRequests.groupId, groupId)));
	if (!request) throw notFound();
	if (request.status !== 'pending')
		throw new ServiceError('invalid', 'membership.request_answered');
	if (accept) {
		await add(actor, groupId, request.userId, 'member');
		return;
	}
	const label = (await personName(request.userId)) ?? '';
	await db.transaction(async (tx) => {
		await tx
			.update(joinRequests)
			.set({ status: 'declined', decidedById: actor!.id, decidedAt: new Date() })
			.where(eq(joinRequests.id, request.id));
		await activityLog.record(tx, {
			groupId,
			actorId: actor!.id,
			subjectType: 'join_request',
			subjectId: request.id,
			verb: 'declined',
			label
		});
	});
}

/** Notes that the person has just looked at the group: what came before is no longer new. */
export async function markSeen(userId: string, groupId: string) {
	await db
		.update(groupMembers)
		.set({ lastSeenAt: new Date() })
		.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

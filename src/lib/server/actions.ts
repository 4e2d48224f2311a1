import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Database, type Transaction } from '$lib/server/db';
import {
	actionEvents,
	actions,
	actionStatuses,
	documents,
	groupMembers,
	groups,
	meetings,
	organisations,
	users,
	type Action,
	type ActionStatus
} from '$lib/server/db/schema';
import { syncTaskToNotes } from './action-notes';
import * as assignments from './assignments';
import { isIsoDate } from './dates';
import * as directory from './directory';
import { forbidden, notFound, ServiceError } from './errors';
import { findPeople, nameSearch } from './name-search';
import { access as groupAccess, membershipOf } from './groups';
import { can, type Actor, type GroupContext } from './policy';

const isoDate = z
	.string()
	.trim()
	.refine((v) => v === '' || isIsoDate(v), 'validation.date')
	.transform((v) => v || null);
const optionalId = z
	.string()
	.trim()
	.refine((v) => v === '' || z.uuid().safeParse(v).success, 'action.owner_unknown')
	.transform((v) => v || null);

export const actionSchema = z.object({
	title: z.string().trim().min(2, 'validation.too_short').max(300, 'validation.too_long'),
	description: z.string().trim().max(5000, 'validation.too_long').optional().default(''),
	ownerId: optionalId,
	dueDate: isoDate,
	status: z.enum(actionStatuses, 'validation.choose').optional().default('open')
});
export type ActionInput = z.output<typeof actionSchema>;
export type ActionPatch = Partial<
	Pick<Action, 'title' | 'description' | 'ownerId' | 'dueDate' | 'status'>
>;

export const commentSchema = z.object({
	body: z.string().trim().min(1, 'validation.required').max(4000, 'validation.too_long')
});

const CLOSED: ActionStatus[] = ['done', 'cancelled'];

/** An active person of the network, to own an action; refused otherwise. */
async function ownerOf(ownerId: string | null) {
	if (!ownerId) return { ownerId: null, ownerOrganisationId: null };
	if (!z.uuid().safeParse(ownerId).success) {
		throw new ServiceError('invalid', 'action.owner_unknown', 'ownerId');
	}
	const [person] = await db
		.select({ id: users.id, organisationId: users.organisationId })
		.from(users)
		.where(and(eq(users.id, ownerId), isNull(users.disabledAt)));
	if (!person) throw new ServiceError('invalid', 'action.owner_unknown', 'ownerId');
	return { ownerId: person.id, ownerOrganisationId: person.organisationId };
}

/** The action with the rights of the person asking; not found when they may not see it. */
export async function access(actor: Actor, actionId: string) {
	if (!actor || !z.uuid().safeParse(actionId).success) throw notFound();
	const [action] = await db.select().from(actions).where(eq(actions.id, actionId));
	if (!action) throw notFound();
	const [group] = await db.select().from(groups).where(eq(groups.id, action.groupId));
	const context: GroupContext = {
		status: group.status,
		joinPolicy: group.joinPolicy,
		membership: await membershipOf(actor.id, group.id)
	};
	const owner = action.ownerId === actor.id;
	// An action may be given to someone outside its group (a partner's engineer, say): its
	// owner follows and updates it all the same.
	if (!owner && !can(actor, 'group.view', context)) throw notFound();
	const canEdit = can(actor, 'action.edit', { ...context, owner });
	return { action, group, context, canEdit };
}

/** Writes one entry of an action's history. */
export async function recordEvent(
	executor: Database | Transaction,
	actionId: string,
	actorId: string | null,
	kind: string,
	changes: Record<string, [unknown, unknown]> | null = null,
	body = ''
) {
	await executor.insert(actionEvents).values({ actionId, actorId, kind, changes, body });
}

/**
 * Creates an action on the board or the group page, outside any notes. Its owner, when someone
 * else, hears about it as they chose (see assignments).
 */
export async function create(
	actor: Actor,
	groupId: string,
	input: ActionInput,
	origin: { meetingId?: string | null } = {}
): Promise<Action> {
	const { context } = await groupAccess(actor, groupId);
	if (!can(actor, 'group.contribute', context)) throw forbidden();
	const owner = await ownerOf(input.ownerId);
	const created = await db.transaction(async (tx) => {
		const [action] = await tx
			.insert(actions)
			.values({
				groupId,
				title: input.title,
				description: input.description,
				...owner,
				dueDate: input.dueDate,
				status: input.status,
				meetingId: origin.meetingId ?? null,
				createdById: actor!.id,
				closedAt: CLOSED.includes(input.status) ? new Date() : null
			})
			.returning();
		await recordEvent(tx, action.id, actor!.id, 'created');
		return action;
	});
	if (created.ownerId) {
		await assignments.notifyAssigned(actor!.id, [
			{ actionId: created.id, ownerId: created.ownerId }
		]);
	}
	return created;
}

/**
 * Changes an action and keeps its history. A status change of an action written in notes ticks
 * or unticks its task item there, and a new due date changes its date chip, if it has one, live
 * for everyone who has the notes open. A new owner hears about it as they chose.
 */
export async function update(actor: Actor, actionId: string, patch: ActionPatch): Promise<Action> {
	const { updated, given } = await apply(actor, actionId, patch);
	if (given) await assignments.notifyAssigned(actor!.id, [given]);
	return updated;
}

/** The change itself, without telling the new owner: `bulkUpdate` tells them once for all. */
async function apply(
	actor: Actor,
	actionId: string,
	patch: ActionPatch
): Promise<{ updated: Action; given: assignments.Assignment | null }> {
	const { action, canEdit } = await access(actor, actionId);
	if (!canEdit) throw forbidden();
	const next: ActionPatch & Partial<Action> = {};
	const changes: Record<string, [unknown, unknown]> = {};
	for (const key of ['title', 'description', 'dueDate', 'status'] as const) {
		if (patch[key] !== undefined && patch[key] !== action[key]) {
			changes[key] = [action[key], patch[key]];
			(next as Record<string, unknown>)[key] = patch[key];
		}
	}
	if (patch.ownerId !== undefined && patch.ownerId !== action.ownerId) {
		Object.assign(next, await ownerOf(patch.ownerId));
		changes.ownerId = [action.ownerId, patch.ownerId];
	}
	if (Object.keys(changes).length === 0) return { updated: action, given: null };
	if (next.status) next.closedAt = CLOSED.includes(next.status) ? new Date() : null;
	const updated = await db.transaction(async (tx) => {
		const [row] = await tx
			.update(actions)
			.set({ ...next, updatedAt: new Date() })
			.where(eq(actions.id, actionId))
			.returning();
		await recordEvent(tx, actionId, actor!.id, 'updated', changes);
		return row;
	});
	const written = updated.documentId && updated.taskId && !updated.detachedAt;
	if (written && (changes.status || changes.dueDate)) {
		await syncTaskToNotes(
			updated.documentId!,
			updated.taskId!,
			{
				...(changes.status && { checked: CLOSED.includes(updated.status) }),
				...(changes.dueDate && { dueDate: updated.dueDate })
			},
			actor!.id
		);
	}
	const given = changes.ownerId && updated.ownerId ? { actionId, ownerId: updated.ownerId } : null;
	return { updated, given };
}

/**
 * Applies the same change to several actions; each is checked on its own. Actions given to
 * someone this way reach them in one e-mail, not one per action.
 */
export async function bulkUpdate(actor: Actor, actionIds: string[], patch: ActionPatch) {
	let changed = 0;
	for (const id of actionIds) {
		const { canEdit } = await access(actor, id);
		if (!canEdit) throw forbidden();
	}
	const given: assignments.Assignment[] = [];
	for (const id of actionIds) {
		const result = await apply(actor, id, patch);
		if (result.given) given.push(result.given);
		changed++;
	}
	await assignments.notifyAssigned(actor!.id, given);
	return changed;
}

export async function comment(actor: Actor, actionId: string, body: string) {
	// Anyone who may change the action (its group's contributors, its owner) may comment on it.
	const { canEdit } = await access(actor, actionId);
	if (!canEdit) throw forbidden();
	await recordEvent(db, actionId, actor!.id, 'comment', null, body);
}

/** An action's history and comments, newest last, with who did each. */
export async function history(actor: Actor, actionId: string) {
	await access(actor, actionId);
	return db
		.select({
			id: actionEvents.id,
			kind: actionEvents.kind,
			changes: actionEvents.changes,
			body: actionEvents.body,
			createdAt: actionEvents.createdAt,
			actor: users.name
		})
		.from(actionEvents)
		.leftJoin(users, eq(users.id, actionEvents.actorId))
		.where(eq(actionEvents.actionId, actionId))
		.orderBy(asc(actionEvents.createdAt));
}

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

/**
 * An action as its page shows it: its owner and their organisation, the meeting and notes it
 * comes from, with the rights of the person asking. Not found when they may not see it.
 */
export async function details(actor: Actor, actionId: string) {
	const found = await access(actor, actionId);
	const [row] = await db
		.select({
			owner: users.name,
			organisation: organisations.name,
			meeting: meetings.title,
			document: documents.title
		})
		.from(actions)
		.leftJoin(users, eq(users.id, actions.ownerId))
		.leftJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
		.leftJoin(meetings, eq(meetings.id, actions.meetingId))
		.leftJoin(documents, eq(documents.id, actions.documentId))
		.where(eq(actions.id, actionId));
	return { ...found, names: row };
}

/** The names of people by id, to tell an action's history in words (owner before and after). */
export async function namesOf(ids: string[]): Promise<Record<string, string>> {
	const wanted = [...new Set(ids)].filter((id) => z.uuid().safeParse(id).success);
	if (wanted.length === 0) return {};
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, wanted));
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** Past this many people, a list of the whole network is no longer something to choose from. */
const MAX_NETWORK_PICKER = 300;

/**
 * The people an action may be given to, as the person choosing sees them: the whole network for
 * those who may read the directory, as long as it is small enough to choose from; otherwise,
 * and for partners, who may not read the directory, the people of `groupIds`.
 */
export async function ownerChoices(
	actor: NonNullable<Actor>,
	groupIds: string[],
	/** Read no more than one past this many people of the groups (`searchesOwners` then says so). */
	max = Infinity
): Promise<{ id: string; name: string; organisation: string }[]> {
	if (can(actor, 'directory.view')) {
		const [{ people }] = await db
			.select({ people: count() })
			.from(users)
			.where(isNull(users.disabledAt));
		if (people <= MAX_NETWORK_PICKER) return directory.peopleForPicker();
	}
	if (groupIds.length === 0) return [];
	const query = db
		.select({ id: users.id, name: users.name, organisation: organisations.name })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(
			and(
				isNull(users.disabledAt),
				sql`exists (select 1 from ${groupMembers} where ${groupMembers.userId} = ${users.id}
					and ${inArray(groupMembers.groupId, groupIds)})`
			)
		)
		.$dynamic();
	const rows = await (Number.isFinite(max) ? query.limit(max + 1) : query);
	const collator = new Intl.Collator('fr');
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/** Whether owner pickers of `count` people should search rather than list them. */
export const searchesOwners = (count: number) => count > MAX_NETWORK_PICKER;
/** As many people as a picker lists (ownerChoices' `max`). */
export const LISTED_OWNERS = MAX_NETWORK_PICKER;

/**
 * People one may make owner of an action whose name holds `text` (accents and case aside), those
 * whose name starts with it first: anyone active in the network for those who read the
 * directory, else the people of their own groups. What owner pickers offer as one types, when
 * there are too many people to list.
 */
export async function searchOwnerChoices(actor: NonNullable<Actor>, text: string, limit = 10) {
	const search = nameSearch(users.name, text);
	if (!search) return [];
	const mine = can(actor, 'directory.view')
		? undefined
		: sql`exists (select 1 from ${groupMembers} theirs join ${groupMembers} ours
			on ours.group_id = theirs.group_id and ours.user_id = ${actor.id}
			where theirs.user_id = ${users.id})`;
	return findPeople(search, and(isNull(users.disabledAt), mine), limit);
}

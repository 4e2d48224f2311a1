import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { isUuid } from '$lib/uuid';
import {
	actionEvents,
	actions,
	documents,
	groupMembers,
	groups,
	meetings,
	organisations,
	users,
	type Action,
	type ActionStatus
} from '$lib/server/db/schema';
import { recordEvent } from './history';
import { changeWrittenAction } from './notes-edits';
import { withNotesLock } from './notes';
import * as assignments from './assignments';
import type { ActionInput, ActionPatch } from './schema';
import * as directory from '../directory';
import { forbidden, notFound, ServiceError } from '../errors';
import { LISTED_PEOPLE } from '../name-search';
import { access as groupAccess, membershipOf } from '../groups';
import { can, type Actor, type GroupContext } from '../policy';
// The service's one namespace (`import * as actionItems from '$lib/server/actions'`, a name
// that does not collide with SvelteKit's `actions`): its form schemas and lists live beside it.
export * from './schema';
export * from './lists';

const CLOSED: ActionStatus[] = ['done', 'cancelled'];

/** An active person of the network, to own an action; refused otherwise. */
async function ownerOf(ownerId: string | null) {
	if (!ownerId) return { ownerId: null, ownerOrganisationId: null };
	if (!isUuid(ownerId)) {
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
	if (!actor || !isUuid(actionId)) throw notFound();
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

/**
 * Creates an action on the board or the group page, outside any notes. Its owner, when someone
 * else, hears about it as they chose (see assignments).
 */
export async function create(
	actor: Actor,
	groupId: string,
	input: ActionInput,
	origin: { meetingId?: string | null; decisionId?: string | null } = {}
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
				decisionId: origin.decisionId ?? null,
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
	const store = () =>
		db.transaction(async (tx) => {
			const [row] = await tx
				.update(actions)
				.set({ ...next, updatedAt: new Date() })
				.where(eq(actions.id, actionId))
				.returning();
			await recordEvent(tx, actionId, actor!.id, 'updated', changes);
			return row;
		});
	let updated: Action;
	if (action.documentId && action.taskId && !action.detachedAt) {
		// Written in notes: the change and its echo in the notes come between no reading of them.
		const documentId = action.documentId;
		if (changes.status || changes.dueDate) {
			updated = await changeWrittenAction(documentId, action.taskId, actor!.id, async () => {
				const row = await store();
				const change = {
					...(changes.status && { checked: CLOSED.includes(row.status) }),
					...(changes.dueDate && { dueDate: row.dueDate })
				};
				return { value: row, change };
			});
		} else updated = await withNotesLock(documentId, store);
	} else updated = await store();
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
	const wanted = [...new Set(ids)].filter(isUuid);
	if (wanted.length === 0) return {};
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, wanted));
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

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
		if (people <= LISTED_PEOPLE) return directory.peopleForPicker();
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
export const searchesOwners = (count: number) => count > LISTED_PEOPLE;

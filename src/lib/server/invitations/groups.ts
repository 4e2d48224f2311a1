import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { db, type Database, type Transaction } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import {
	groupMembers,
	groupRoles,
	groups,
	invitationGroups,
	type GroupRole,
	type Invitation
} from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import { inviteToComing } from '../meetings/invitees';
import { can, type Actor } from '../policy';

/** More groups than a network has in practice: a bound on what one form may ask for. */
export const MAX_GROUPS = 50;

/** A group ticked on an invitation form, with the newcomer's role in it. */
export interface GroupChoice {
	groupId: string;
	role: GroupRole;
}

/** A chosen group as checked against the database, with its name as it is now. */
export interface ResolvedGroup extends GroupChoice {
	name: string;
}

/** Groups the person may bring newcomers into: not archived, in French order of their names. */
export async function choices(actor: Actor) {
	if (!actor || !can(actor, 'invitations.manage')) throw forbidden();
	const rows = await db
		.select({
			id: groups.id,
			name: groups.name,
			status: groups.status,
			joinPolicy: groups.joinPolicy,
			membership: groupMembers.role
		})
		.from(groups)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, actor.id))
		)
		.where(ne(groups.status, 'archived'))
		.orderBy(frenchOrder(groups.name), asc(groups.id));
	return rows
		.filter((g) => can(actor, 'invitations.add_to_group', { ...g, membership: g.membership }))
		.map((g) => ({ id: g.id, name: g.name, paused: g.status === 'paused' }));
}

const choiceSchema = z.object({ groupId: z.uuid(), role: z.enum(groupRoles) });

/**
 * The groups ticked on a form: each `group` field is a group's id, and `groupRole.<id>` the role
 * in it (member when the field is missing). What cannot be read is an error, not left out.
 */
export function readChoices(
	form: FormData
): { ok: true; choices: GroupChoice[] } | { ok: false; error: MessageKey } {
	const ids = [...new Set(form.getAll('group').filter((v) => typeof v === 'string'))];
	if (ids.length > MAX_GROUPS) return { ok: false, error: 'invite.groups.too_many' };
	const found: GroupChoice[] = [];
	for (const groupId of ids) {
		const role = form.get(`groupRole.${groupId}`) ?? 'member';
		const parsed = choiceSchema.safeParse({ groupId, role });
		if (!parsed.success) return { ok: false, error: 'invite.groups.unavailable' };
		found.push(parsed.data);
	}
	return { ok: true, choices: found };
}

/** The form values that show the same groups ticked again after a refusal. */
export function choiceValues(chosen: GroupChoice[]): Record<string, string> {
	const values: Record<string, string> = { groups: chosen.map((c) => c.groupId).join(',') };
	for (const c of chosen) values[`groupRole.${c.groupId}`] = c.role;
	return values;
}

/**
 * Checks that the person may bring newcomers into each chosen group, and that each still exists
 * and is not archived; refused as a whole otherwise, so that nobody is invited half-way.
 */
export async function resolve(
	executor: Database | Transaction,
	actor: Actor,
	chosen: GroupChoice[]
): Promise<ResolvedGroup[]> {
	if (!actor) throw forbidden();
	if (chosen.length === 0) return [];
	const found = await executor
		.select({
			id: groups.id,
			name: groups.name,
			status: groups.status,
			joinPolicy: groups.joinPolicy,
			membership: groupMembers.role
		})
		.from(groups)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, actor.id))
		)
		.where(
			inArray(
				groups.id,
				chosen.map((c) => c.groupId)
			)
		);
	const byId = new Map(found.map((g) => [g.id, g]));
	return chosen.map((c) => {
		const group = byId.get(c.groupId);
		if (!group || !can(actor, 'invitations.add_to_group', { ...group })) {
			throw new ServiceError('invalid', 'invite.groups.unavailable', 'groups');
		}
		return { ...c, name: group.name };
	});
}

/** Writes down the groups a new invitation brings its newcomer into. */
export async function attach(tx: Transaction, invitationId: string, resolved: ResolvedGroup[]) {
	if (resolved.length === 0) return;
	await tx.insert(invitationGroups).values(
		resolved.map((g) => ({
			invitationId,
			groupId: g.groupId,
			groupName: g.name,
			role: g.role
		}))
	);
}

/** The groups named in some invitations, by invitation, in French order of their names. */
export async function ofInvitations(invitationIds: string[]) {
	const byInvitation = new Map<string, { name: string; role: GroupRole }[]>();
	if (invitationIds.length === 0) return byInvitation;
	const rows = await db
		.select({
			invitationId: invitationGroups.invitationId,
			name: invitationGroups.groupName,
			current: groups.name,
			role: invitationGroups.role
		})
		.from(invitationGroups)
		.leftJoin(groups, eq(groups.id, invitationGroups.groupId))
		.where(inArray(invitationGroups.invitationId, invitationIds))
		.orderBy(frenchOrder(invitationGroups.groupName));
	for (const row of rows) {
		const list = byInvitation.get(row.invitationId) ?? [];
		// A group renamed since the invitation goes by its new name.
		list.push({ name: row.current ?? row.name, role: row.role });
		byInvitation.set(row.invitationId, list);
	}
	return byInvitation;
}

export interface Landing {
	joined: { groupId: string; name: string; slug: string; role: GroupRole }[];
	skipped: { name: string; reason: 'archived' | 'deleted' }[];
}

/**
 * Puts a newcomer in the groups of their invitation, inside the transaction that creates their
 * account: they join all of them or, if the account is not created, none. A group archived since
 * the invitation is skipped, and so is one deleted (its name was kept): the newcomer is told.
 * The group rows are read with a share lock, so that a group cannot be archived between the
 * reading and the joining.
 */
export async function applyAtAcceptance(
	tx: Transaction,
	invitation: Invitation,
	userId: string,
	userName: string
): Promise<Landing> {
	const landing: Landing = { joined: [], skipped: [] };
	const chosen = await tx
		.select()
		.from(invitationGroups)
		.where(eq(invitationGroups.invitationId, invitation.id))
		.orderBy(frenchOrder(invitationGroups.groupName));
	if (chosen.length === 0) return landing;
	const ids = chosen.flatMap((c) => (c.groupId ? [c.groupId] : []));
	const current =
		ids.length === 0
			? []
			: await tx
					.select({ id: groups.id, name: groups.name, slug: groups.slug, status: groups.status })
					.from(groups)
					.where(inArray(groups.id, ids))
					.for('share');
	const byId = new Map(current.map((g) => [g.id, g]));
	for (const choice of chosen) {
		const group = choice.groupId ? byId.get(choice.groupId) : undefined;
		if (!group) {
			landing.skipped.push({ name: choice.groupName, reason: 'deleted' });
			continue;
		}
		if (group.status === 'archived') {
			landing.skipped.push({ name: group.name, reason: 'archived' });
			continue;
		}
		await tx.insert(groupMembers).values({ groupId: group.id, userId, role: choice.role });
		await inviteToComing(tx, group.id, userId);
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: invitation.invitedById,
			subjectType: 'membership',
			subjectId: userId,
			verb: 'added',
			label: userName,
			before: null,
			after: { role: choice.role }
		});
		landing.joined.push({
			groupId: group.id,
			name: group.name,
			slug: group.slug,
			role: choice.role
		});
	}
	return landing;
}

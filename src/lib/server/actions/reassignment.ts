import { and, eq, inArray, isNull } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import { actionEvents, actions, groupMembers, groups, users } from '$lib/server/db/schema';
import * as mail from '../mail';
import { publicOrigin } from '../origin';

const OPEN = ['open', 'in_progress', 'blocked'] as const;

export interface Orphaned {
	id: string;
	title: string;
}

/**
 * Someone who leaves a group, or is removed from it, no longer owns its open actions: owning one
 * would keep them reading and editing it after they lost access to the group. Each goes back to
 * nobody, with an entry in its history; their closed actions keep them as owner, as the record.
 * Runs inside the caller's transaction; returns the actions for `askLeadsToReassign`.
 */
export async function releaseOpenActions(
	tx: Transaction,
	groupId: string,
	userId: string,
	actorId: string
): Promise<Orphaned[]> {
	const released = await tx
		.update(actions)
		.set({ ownerId: null, ownerOrganisationId: null, updatedAt: new Date() })
		.where(
			and(
				eq(actions.groupId, groupId),
				eq(actions.ownerId, userId),
				inArray(actions.status, [...OPEN])
			)
		)
		.returning({ id: actions.id, title: actions.title });
	if (released.length > 0) {
		await tx.insert(actionEvents).values(
			released.map((a) => ({
				actionId: a.id,
				actorId,
				kind: 'updated',
				changes: { ownerId: [userId, null] } as Record<string, [unknown, unknown]>
			}))
		);
	}
	return released;
}

/** Tells the group's leads which actions of someone who left need a new owner: one e-mail each. */
export async function askLeadsToReassign(
	groupId: string,
	leaverId: string,
	released: Orphaned[]
): Promise<number> {
	if (released.length === 0) return 0;
	const [group] = await db.select({ name: groups.name }).from(groups).where(eq(groups.id, groupId));
	const [leaver] = await db.select({ name: users.name }).from(users).where(eq(users.id, leaverId));
	const leads = await db
		.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(
			and(
				eq(groupMembers.groupId, groupId),
				eq(groupMembers.role, 'lead'),
				isNull(users.disabledAt)
			)
		);
	const origin = await publicOrigin();
	const list = released.map((a) => `• ${a.title}\n  ${origin}/actions/${a.id}`).join('\n');
	for (const lead of leads.filter((l) => l.id !== leaverId)) {
		const locale: Locale = lead.locale ?? 'fr';
		const params = { group: group?.name ?? '', person: leaver?.name ?? '', count: released.length };
		await mail.send({
			to: lead.email,
			kind: 'reassignment',
			subject: translate(locale, 'mail.reassign.subject', params),
			text: translate(locale, 'mail.reassign.body', { ...params, name: lead.name, list })
		});
	}
	return leads.length;
}

import { isIsoDate } from '$lib/server/dates';
import { z } from 'zod';
import * as actionItems from '$lib/server/actions';
import type { BoardRow } from '$lib/server/actions/board';
import { actionStatuses } from '$lib/server/db/schema';
import * as groups from '$lib/server/groups';
import { can, type Actor } from '$lib/server/policy';

/** The groups where the person may create an action, by name. */
export async function contributableGroups(user: NonNullable<Actor>) {
	const visible = await groups.listVisible(user);
	return visible
		.filter(({ group, membership }) =>
			can(user, 'group.contribute', {
				status: group.status,
				joinPolicy: group.joinPolicy,
				membership
			})
		)
		.map(({ group }) => ({ id: group.id, name: group.name }));
}

/**
 * The rows the person may change, so that the board only offers to select those. The service
 * checks each one again when the bulk change is sent.
 */
export async function editableIds(user: NonNullable<Actor>, rows: BoardRow[]) {
	const contexts = await actionItems.contextsFor(user, [...new Set(rows.map((r) => r.groupId))]);
	return new Set(
		rows
			.filter((r) =>
				can(user, 'action.edit', { ...contexts.get(r.groupId)!, owner: r.ownerId === user.id })
			)
			.map((r) => r.id)
	);
}

export const idsSchema = z.array(z.uuid('validation.invalid')).min(1, 'actions.bulk_none');

export const createSchema = actionItems.actionSchema.extend({
	groupId: z.uuid('validation.choose')
});

/** The bulk change: an empty field leaves that part of each action as it is. */
export const bulkSchema = z
	.object({
		status: z.union([z.literal(''), z.enum(actionStatuses)], 'validation.choose').default(''),
		ownerId: z
			.union([z.literal(''), z.literal('none'), z.uuid()], 'action.owner_unknown')
			.default(''),
		dueDate: z
			.string()
			.trim()
			.refine((v) => v === '' || isIsoDate(v), 'validation.date')
			.default(''),
		clearDue: z.string().optional()
	})
	.transform((v): actionItems.ActionPatch => {
		const patch: actionItems.ActionPatch = {};
		if (v.status) patch.status = v.status;
		if (v.ownerId) patch.ownerId = v.ownerId === 'none' ? null : v.ownerId;
		if (v.clearDue) patch.dueDate = null;
		else if (v.dueDate) patch.dueDate = v.dueDate;
		return patch;
	});

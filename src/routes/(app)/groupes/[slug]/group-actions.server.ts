import type { RequestEvent } from '@sveltejs/kit';
import * as actionItems from '$lib/server/actions';
import { todayInParis } from '$lib/server/dates';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { can, type Actor, type GroupContext } from '$lib/server/policy';
import { loadGroup } from './group.server';

/** The group's open actions for its home page, with what its creation form needs. */
export async function groupActions(
	user: NonNullable<Actor>,
	groupId: string,
	context: GroupContext
) {
	const canCreate = can(user, 'group.contribute', context);
	const [open, people] = await Promise.all([
		actionItems.openForGroup(user, groupId),
		canCreate ? actionItems.ownerChoices(user, [groupId]) : []
	]);
	const today = todayInParis();
	return {
		list: open.map((a) => ({ ...a, overdue: !!a.dueDate && a.dueDate < today })),
		canCreate,
		people
	};
}

/** The form action that creates an action in the group, outside any notes. */
export async function createAction(event: RequestEvent<{ slug: string }>) {
	const { user, group } = await loadGroup(event, 'group.contribute');
	const parsed = parseForm(actionItems.actionSchema, await event.request.formData());
	if (!parsed.ok) return invalid(parsed.values, parsed.errors);
	const result = await attempt(parsed.values, () =>
		actionItems.create(user, group.id, parsed.data)
	);
	if (!result.ok) return result.failure;
	return { done: 'action.created' as const, created: result.value.id };
}

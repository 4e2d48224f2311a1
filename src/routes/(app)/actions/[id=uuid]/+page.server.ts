import type { RequestEvent } from '@sveltejs/kit';
import * as actionItems from '$lib/server/actions';
import { todayInParis } from '$lib/server/dates';
import { actionStatuses } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import {
	subjectFileActions,
	subjectFilesView,
	type FilePlace
} from '$lib/server/files/subject-files';
import * as threads from '$lib/server/threads';
import { loadAction } from './action.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, action, group, canEdit, names } = await loadAction(event);
	const [events, people, discuss, actionFiles] = await Promise.all([
		actionItems.history(user, action.id),
		canEdit ? actionItems.ownerChoices(user, [group.id]) : [],
		threads.discussionFor(user, { type: 'action', id: action.id }, group.id),
		subjectFilesView(
			{ user, place: { type: 'action', id: action.id, groupId: group.id }, allowed: canEdit },
			group.slug
		)
	]);
	// Owners before and after each change, to tell the history with names rather than ids.
	const ownerIds = events
		.flatMap((e): unknown[] => e.changes?.ownerId ?? [])
		.filter((v): v is string => typeof v === 'string');
	return {
		action: {
			id: action.id,
			title: action.title,
			description: action.description,
			status: action.status,
			ownerId: action.ownerId,
			dueDate: action.dueDate,
			meetingId: action.meetingId,
			documentId: action.documentId,
			detached: action.detachedAt !== null,
			overdue:
				!!action.dueDate &&
				action.dueDate < todayInParis() &&
				!['done', 'cancelled'].includes(action.status),
			createdAt: action.createdAt
		},
		names,
		group: { slug: group.slug, name: group.name, color: group.color },
		canEdit,
		discuss,
		actionFiles,
		people,
		statuses: actionStatuses,
		events,
		peopleNames: await actionItems.namesOf(ownerIds)
	};
};

/** The action as its files' actions need it: those who may edit it change its files. */
async function filePlace(event: RequestEvent<{ id: string }>): Promise<FilePlace> {
	const { user, action, group, canEdit } = await loadAction(event);
	return {
		user,
		place: { type: 'action', id: action.id, groupId: group.id },
		allowed: canEdit
	};
}

export const actions: Actions = {
	...subjectFileActions(filePlace),
	update: async (event) => {
		const { user, action } = await loadAction(event, true);
		const parsed = parseForm(actionItems.actionSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			actionItems.update(user, action.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { done: 'action.saved' as const };
	},
	comment: async (event) => {
		const { user, action } = await loadAction(event, true);
		const parsed = parseForm(actionItems.commentSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			actionItems.comment(user, action.id, parsed.data.body)
		);
		if (!result.ok) return result.failure;
		return { done: 'action.commented' as const };
	}
};

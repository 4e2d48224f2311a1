import { error, type RequestEvent } from '@sveltejs/kit';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actor } from '$lib/server/policy';
import {
	attachForm,
	attachmentsOf,
	attachTo,
	detachForm,
	detachFrom,
	type AttachmentPlace
} from './attachments';
import { editorUploads } from './limits';

/** A meeting or an action as its page's file actions need it. */
export interface FilePlace {
	user: Actor;
	place: AttachmentPlace;
	/** Whether this person may attach files to it and take them off. */
	allowed: boolean;
}

/** What a meeting's or an action's page shows of its files, and whether it may change them. */
export async function subjectFilesView({ place, allowed }: FilePlace, slug: string) {
	const [files, uploads] = await Promise.all([
		attachmentsOf(place.type, [place.id], place.groupId),
		editorUploads(place.groupId, allowed)
	]);
	return {
		files: files.get(place.id) ?? [],
		attach: uploads && { groupId: place.groupId, slug, maxFileBytes: uploads.maxFileBytes },
		canDetach: allowed
	};
}

/**
 * The form actions `attachFiles` and `detachFile` of a meeting's or an action's page, for those
 * `find` says may change its files (a 403 for the others, before the form is read).
 */
export function subjectFileActions<E extends RequestEvent>(find: (event: E) => Promise<FilePlace>) {
	return {
		attachFiles: async (event: E) => {
			const { user, place, allowed } = await find(event);
			if (!allowed) error(403, { message: 'error.forbidden' });
			const parsed = parseForm(attachForm, await event.request.formData());
			if (!parsed.ok) return invalid(parsed.values, parsed.errors);
			const result = await attempt(parsed.values, () =>
				attachTo(user, place, parsed.data.attachments)
			);
			if (!result.ok) return result.failure;
			return { done: 'files.attached_done' as const };
		},
		detachFile: async (event: E) => {
			const { place, allowed } = await find(event);
			if (!allowed) error(403, { message: 'error.forbidden' });
			const parsed = parseForm(detachForm, await event.request.formData());
			if (!parsed.ok) return invalid(parsed.values, parsed.errors);
			await detachFrom(place, parsed.data.fileId);
			return { done: 'files.detached_done' as const };
		}
	};
}

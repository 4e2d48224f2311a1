import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { attempt, orErrorPage } from '$lib/server/errors';
import * as library from '$lib/server/files/library';
import { fileLimits } from '$lib/server/files/limits';
import { invalid, parseForm } from '$lib/server/forms';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

const renameForm = z.object({
	name: z.string().trim().min(1, 'validation.required').max(400, 'validation.too_long')
});
const moveForm = z.object({
	folder: z
		.string()
		.optional()
		.transform((v) => v || null)
});

/** The file, in the group the address names: a file of another group is not found here. */
async function fileIn(event: Pick<Parameters<PageServerLoad>[0], 'locals' | 'url' | 'params'>) {
	const { user, group } = await loadGroup(event);
	const details = await orErrorPage(library.fileDetails(user, event.params.id));
	if (details.file.groupId !== group.id) error(404, { message: 'error.not_found' });
	return { user, group, details };
}

export const load: PageServerLoad = async (event) => {
	// Shown again when someone changes the group's files (the live channel's `files`).
	event.depends('app:files');
	const { details } = await fileIn(event);
	const { file, versions, path, destinations, canRemove } = details;
	return {
		file: {
			id: file.id,
			name: file.name,
			size: file.size,
			mime: file.mime,
			folderId: file.folderId,
			inline: versions[0]?.inline ?? false
		},
		versions,
		path,
		destinations,
		canRemove,
		maxFileBytes: (await fileLimits()).maxFileBytes
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const { user } = await fileIn(event);
		const parsed = parseForm(renameForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			library.renameFile(user, event.params.id, parsed.data.name)
		);
		if (!result.ok) return result.failure;
		return { renamed: true };
	},
	move: async (event) => {
		const { user } = await fileIn(event);
		const parsed = parseForm(moveForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			library.moveFile(user, event.params.id, parsed.data.folder)
		);
		if (!result.ok) return result.failure;
		return { moved: true };
	},
	remove: async (event) => {
		const { user, group, details } = await fileIn(event);
		const result = await attempt({}, () => library.removeFile(user, event.params.id));
		if (!result.ok) return result.failure;
		const folder = details.file.folderId;
		redirect(303, `/groupes/${group.slug}/fichiers${folder ? `?dossier=${folder}` : ''}`);
	}
};

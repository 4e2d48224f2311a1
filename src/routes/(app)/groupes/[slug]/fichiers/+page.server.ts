import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { attempt, orErrorPage } from '$lib/server/errors';
import { folderNameSchema } from '$lib/server/files/folders';
import * as library from '$lib/server/files/library';
import { fileLimits } from '$lib/server/files/limits';
import { invalid, parseForm } from '$lib/server/forms';
import { listingQuery, paginate } from '$lib/server/paging';
import { loadGroup } from '../group.server';
import type { Actions, PageServerLoad } from './$types';

/** Files listed per page of a folder. */
const FILES_PER_PAGE = 100;

/** A folder named by a form: its id, or none for the top of the library. */
const place = z
	.string()
	.optional()
	.transform((v) => v || null);
const createForm = z.object({ name: folderNameSchema, parent: place });
const renameForm = z.object({ id: z.string(), name: folderNameSchema });
const moveForm = z.object({ id: z.string(), folder: place });
const idForm = z.object({ id: z.string() });

const libraryHref = (slug: string, folderId: string | null) =>
	`/groupes/${slug}/fichiers${folderId ? `?dossier=${folderId}` : ''}`;

export const load: PageServerLoad = async (event) => {
	// Shown again when someone changes the group's files (the live channel's `files`).
	event.depends('app:files');
	const { user, group } = await loadGroup(event);
	const folderId = event.url.searchParams.get('dossier') || null;
	const base = `/groupes/${group.slug}/fichiers`;
	const listing = await orErrorPage(
		library.listFolder(user, group.id, folderId, (total) =>
			paginate(base, listingQuery(event.url), total, FILES_PER_PAGE)
		)
	);
	return {
		folder: listing.path.at(-1) ?? null,
		path: listing.path,
		folders: listing.folders,
		files: listing.files,
		total: listing.total,
		paging: listing.page,
		destinations: listing.destinations,
		canRemoveFolder: listing.canRemoveFolder,
		maxFileBytes: (await fileLimits()).maxFileBytes
	};
};

export const actions: Actions = {
	createFolder: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(createForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { name, parent } = parsed.data;
		const result = await attempt(parsed.values, () =>
			library.createFolder(user, group.id, parent, name)
		);
		if (!result.ok) return result.failure;
		redirect(303, libraryHref(group.slug, result.value.id));
	},
	renameFolder: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(renameForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { id, name } = parsed.data;
		const result = await attempt(parsed.values, () =>
			library.renameFolder(user, group.id, id, name)
		);
		if (!result.ok) return result.failure;
		return { renamed: true };
	},
	moveFolder: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(moveForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { id, folder } = parsed.data;
		const result = await attempt(parsed.values, () =>
			library.moveFolder(user, group.id, id, folder)
		);
		if (!result.ok) return result.failure;
		return { moved: true };
	},
	removeFolder: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(idForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			library.removeFolder(user, group.id, parsed.data.id)
		);
		if (!result.ok) return result.failure;
		redirect(303, libraryHref(group.slug, result.value.parentId));
	}
};

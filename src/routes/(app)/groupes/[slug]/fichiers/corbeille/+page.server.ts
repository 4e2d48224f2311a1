import { z } from 'zod';
import { attempt, orErrorPage } from '$lib/server/errors';
import * as library from '$lib/server/files/library';
import { invalid, parseForm } from '$lib/server/forms';
import { loadGroup } from '../../group.server';
import type { Actions, PageServerLoad } from './$types';

const restoreForm = z.object({ kind: z.enum(['file', 'folder']), id: z.string() });

export const load: PageServerLoad = async (event) => {
	// Shown again when someone changes the group's files (the live channel's `files`).
	event.depends('app:files');
	const { user, group } = await loadGroup(event);
	return { items: await orErrorPage(library.bin(user, group.id)), days: library.BIN_DAYS };
};

export const actions: Actions = {
	restore: async (event) => {
		// Only those who may add to the group bring anything back (then the uploader, a lead or
		// the coordination, as the service decides).
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(restoreForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { kind, id } = parsed.data;
		const result = await attempt(parsed.values, async (): Promise<{ name: string }> =>
			kind === 'file'
				? library.restoreFile(user, group.id, id)
				: library.restoreFolder(user, group.id, id)
		);
		if (!result.ok) return result.failure;
		return { restored: id, name: result.value.name };
	}
};

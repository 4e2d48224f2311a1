import { fail } from '@sveltejs/kit';
import type { MessageKey, Params } from '$lib/i18n';
import { requireCan } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { groupRoles, organisationKinds } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import * as batch from '$lib/server/invitations/batch';
import { decodeFile, MAX_FILE_BYTES, MAX_LINES, readList } from '$lib/server/invitations/csv';
import * as invitationGroups from '$lib/server/invitations/groups';
import * as organisations from '$lib/server/organisations';
import { publicOrigin } from '$lib/server/origin';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'invitations.manage');
	return {
		groups: await invitationGroups.choices(user),
		groupRoles,
		organisations: (await organisations.listActive()).map((o) => ({ id: o.id, name: o.name })),
		// Only those who may create organisations are offered to create the unknown ones.
		organisationKinds: can(user, 'organisations.manage') ? organisationKinds : [],
		outbox: can(user, 'outbox.read'),
		maxLines: MAX_LINES,
		maxKb: MAX_FILE_BYTES / 1000
	};
};

type Refusal = { field: 'list' | 'file' | 'groups'; error: MessageKey; params?: Params };

/**
 * The list a form brings, pasted or as a file (which then takes the pasted list's place), read
 * into lines; with the groups ticked. `values` are what the page shows again: the list's text
 * (a file's, once read) and the groups.
 */
async function readForm(form: FormData) {
	const pasted = form.get('list');
	const file = form.get('file');
	const fromFile = file instanceof File && file.size > 0;
	const groups = invitationGroups.readChoices(form);
	let text = typeof pasted === 'string' ? pasted : '';
	const values = () => ({
		list: text,
		...(groups.ok ? invitationGroups.choiceValues(groups.choices) : {})
	});
	const refuse = (refusal: Refusal) => ({ ok: false as const, values: values(), refusal });
	if (!groups.ok) return refuse({ field: 'groups', error: groups.error });
	if (fromFile) {
		// A file too large is refused before it is read whole.
		if (file.size > MAX_FILE_BYTES) {
			return refuse({
				field: 'file',
				error: 'invite.bulk.file_too_large',
				params: { max: MAX_FILE_BYTES / 1000 }
			});
		}
		const decoded = decodeFile(new Uint8Array(await file.arrayBuffer()));
		if (!decoded.ok) return refuse({ field: 'file', error: decoded.error, params: decoded.params });
		text = decoded.text;
	}
	const read = readList(text);
	if (!read.ok) {
		return refuse({ field: fromFile ? 'file' : 'list', error: read.error, params: read.params });
	}
	return { ok: true as const, values: values(), text, lines: read.lines, groups: groups.choices };
}

function refused(values: Record<string, string>, refusal: Refusal, status = 400) {
	return fail(status, {
		values,
		errors: { [refusal.field]: refusal.error },
		params: refusal.params ?? {}
	});
}

export const actions: Actions = {
	preview: async (event) => {
		const user = requireCan(event, 'invitations.manage');
		const form = await event.request.formData();
		const input = await readForm(form);
		if (!input.ok) return refused(input.values, input.refusal);
		const result = await attempt(input.values, async () => {
			const groups = await invitationGroups.resolve(db, user, input.groups);
			const preview = await batch.preview(
				user,
				input.lines,
				batch.readResolutions(form),
				input.groups
			);
			return { ...preview, text: input.text, groups };
		});
		if (!result.ok) return result.failure;
		return { values: input.values, preview: result.value };
	},
	// Sends what the preview showed, and nothing else: the preview's fingerprint comes back with
	// the form, and a list that no longer gives the same invitations is shown again unsent.
	send: async (event) => {
		const user = requireCan(event, 'invitations.manage');
		const form = await event.request.formData();
		const input = await readForm(form);
		if (!input.ok) return refused(input.values, input.refusal);
		const fingerprint = form.get('fingerprint');
		const resolutions = batch.readResolutions(form);
		const origin = await publicOrigin();
		const result = await attempt(input.values, async () => {
			const groups = await invitationGroups.resolve(db, user, input.groups);
			const sent = await batch.send(
				user,
				input.lines,
				resolutions,
				input.groups,
				typeof fingerprint === 'string' ? fingerprint : '',
				origin,
				event.locals.locale
			);
			return { sent, groups };
		});
		if (!result.ok) return result.failure;
		const { sent, groups } = result.value;
		if (!sent.ok) {
			return fail(409, {
				values: input.values,
				errors: { list: 'invite.bulk.changed' as const },
				params: {},
				preview: { ...sent.preview, text: input.text, groups }
			});
		}
		return { sent: sent.sent };
	}
};

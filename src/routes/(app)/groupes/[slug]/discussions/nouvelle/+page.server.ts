import { error, redirect } from '@sveltejs/kit';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as threads from '$lib/server/threads';
import { loadGroup } from '../../group.server';
import { mentionChoices } from '$lib/server/mentions';
import type { Actions, PageServerLoad } from './$types';
import { publicOrigin } from '$lib/server/origin';

/**
 * The form of a new thread. With `?sujet=action:<id>` (the "Discuss" button of an action, a
 * meeting or a document), the thread is about that subject, and if it already has one, the
 * person goes straight to it.
 */
export const load: PageServerLoad = async (event) => {
	const { user, group } = await loadGroup(event, 'group.contribute');
	const raw = event.url.searchParams.get('sujet');
	let subject: { value: string; type: string; title: string } | null = null;
	if (raw) {
		const parsed = threads.parseSubject(raw);
		const info = parsed ? await threads.subjectInfo(parsed) : null;
		if (!parsed || !info || info.groupId !== group.id) error(404, { message: 'error.not_found' });
		const existing = await threads.findForSubject(parsed);
		if (existing) redirect(303, `/groupes/${group.slug}/discussions/${existing.id}`);
		subject = { value: raw, type: parsed.type, title: info.title };
	}
	return { subject, mentions: await mentionChoices(user, group, 'discussion') };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, group } = await loadGroup(event, 'group.contribute');
		const parsed = parseForm(threads.threadSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			threads.create(user, group.id, parsed.data, origin)
		);
		if (!result.ok) return result.failure;
		const { thread, messageId } = result.value;
		redirect(303, `/groupes/${group.slug}/discussions/${thread.id}#message-${messageId}`);
	}
};

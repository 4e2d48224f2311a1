import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as groups from '$lib/server/groups';
import { can } from '$lib/server/policy';
import * as threadView from '$lib/server/threads/view';
import * as threads from '$lib/server/threads';
import { mentionChoices, NO_MENTIONS } from '$lib/server/mentions';
import { loadThread } from './thread.server';
import type { Actions, PageServerLoad } from './$types';
import { editorUploads } from '$lib/server/files/limits';
import { publicOrigin } from '$lib/server/origin';

const subscriptionSchema = z.object({ state: z.enum(['following', 'muted', 'none']) });
const flagSchema = z.object({
	flag: z.enum(['pinned', 'locked']),
	value: z.enum(['true', 'false']).transform((v) => v === 'true')
});
const moveSchema = z.object({ groupId: z.string().trim().max(100) });
const messageIdSchema = z.object({ messageId: z.string().trim().max(100) });

export const load: PageServerLoad = async (event) => {
	event.depends('app:threads');
	const { user, thread } = await loadThread(event);
	const wanted = Number(event.url.searchParams.get('n'));
	const requested =
		Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, 10_000) : threadView.PAGE_SIZE;
	// A search result links to one message: it is shown even past the first page.
	const view = await threadView.read(
		user,
		thread.id,
		requested,
		event.url.searchParams.get('message')
	);
	const historyOf = event.url.searchParams.get('historique');
	const history =
		historyOf && view.messages.some((m) => m.id === historyOf && m.hasHistory)
			? { messageId: historyOf, entries: await threadView.history(user, historyOf) }
			: null;
	const moveTargets = view.rights.moderate
		? (await groups.listVisible(user))
				.filter(
					(g) =>
						g.group.id !== thread.groupId &&
						g.canView &&
						can(user, 'thread.moderate', {
							status: g.group.status,
							joinPolicy: g.group.joinPolicy,
							membership: g.membership
						})
				)
				.map((g) => ({ id: g.group.id, name: g.group.name }))
		: [];
	return {
		thread: {
			id: view.thread.id,
			title: view.thread.title,
			pinned: view.thread.pinned,
			locked: view.thread.locked,
			createdAt: view.thread.createdAt
		},
		messages: view.messages,
		firstUnreadId: view.firstUnreadId,
		// A fresh token each time reading changed the counts, so the page recounts once.
		readNow: view.readNow ? crypto.randomUUID() : null,
		totalRoots: view.totalRoots,
		shownRoots: view.shownRoots,
		subscription: view.subscription,
		subject: view.subject,
		threadRights: view.rights,
		mentions: view.rights.reply
			? await mentionChoices(user, { id: thread.groupId, slug: event.params.slug }, 'discussion')
			: NO_MENTIONS,
		moveTargets,
		history,
		attach: await attachTarget(thread.groupId, event.params.slug, view.rights.reply)
	};
};

/**
 * Where files attached to a message come from, for those who may reply (replying is adding to
 * the group, as adding to its library is).
 */
async function attachTarget(groupId: string, slug: string, canReply: boolean) {
	const uploads = await editorUploads(groupId, canReply);
	return uploads && { groupId, slug, maxFileBytes: uploads.maxFileBytes };
}

/** The message named by the form, in this thread. */
async function messageOf(form: FormData) {
	const parsed = messageIdSchema.safeParse({ messageId: form.get('messageId') ?? '' });
	if (!parsed.success) error(400, { message: 'validation.invalid' });
	return parsed.data.messageId;
}

export const actions: Actions = {
	reply: async (event) => {
		const { user, thread } = await loadThread(event);
		const parsed = parseForm(threads.messageSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			threads.post(user, thread.id, parsed.data, origin)
		);
		if (!result.ok) return result.failure;
		return { posted: result.value };
	},
	edit: async (event) => {
		const { user } = await loadThread(event);
		const form = await event.request.formData();
		const messageId = await messageOf(form);
		const parsed = parseForm(threads.editSchema, form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const origin = await publicOrigin();
		const result = await attempt(parsed.values, () =>
			threads.edit(user, messageId, parsed.data.body, origin)
		);
		if (!result.ok) return result.failure;
		return { edited: messageId };
	},
	delete: async (event) => {
		const { user } = await loadThread(event);
		const messageId = await messageOf(await event.request.formData());
		const result = await attempt({}, () => threads.remove(user, messageId));
		if (!result.ok) return result.failure;
		return { deleted: messageId };
	},
	subscribe: async (event) => {
		const { user, thread } = await loadThread(event);
		const parsed = parseForm(subscriptionSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		await threads.setSubscription(user, thread.id, parsed.data.state);
		return { subscription: parsed.data.state };
	},
	flag: async (event) => {
		const { user, thread } = await loadThread(event);
		const parsed = parseForm(flagSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			threads.moderate(user, thread.id, { [parsed.data.flag]: parsed.data.value })
		);
		if (!result.ok) return result.failure;
		return { flagged: parsed.data.flag };
	},
	rename: async (event) => {
		const { user, thread } = await loadThread(event);
		const parsed = parseForm(threads.titleSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			threads.moderate(user, thread.id, { title: parsed.data.title })
		);
		if (!result.ok) return result.failure;
		return { renamed: true };
	},
	move: async (event) => {
		const { user, thread } = await loadThread(event);
		const parsed = parseForm(moveSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			threads.move(user, thread.id, parsed.data.groupId)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${result.value.slug}/discussions/${thread.id}`);
	}
};

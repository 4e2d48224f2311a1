import { error } from '@sveltejs/kit';
import { colourFor } from '$lib/editor/mention-suggestion';
import { localiseHtml } from '$lib/richtext/document';
import * as documents from '$lib/server/documents';
import { attempt } from '$lib/server/errors';
import { editorUploads } from '$lib/server/files/limits';
import { invalid, parseForm } from '$lib/server/forms';
import { mentionChoices, NO_MENTIONS } from '$lib/server/mentions';
import { keepOffline } from '$lib/server/offline';
import { can } from '$lib/server/policy';
import * as versions from '$lib/server/versions';
import * as threads from '$lib/server/threads';
import { loadDocument } from './document.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, group, document, canWrite, membership } = await loadDocument(event);
	const canContribute = can(user, 'group.contribute', {
		status: group.status,
		joinPolicy: group.joinPolicy,
		membership
	});
	const [history, discuss, mentions, uploads] = await Promise.all([
		versions.list(user, document.id),
		threads.discussionFor(user, { type: 'document', id: document.id }, group.id),
		canWrite ? mentionChoices(user, group, 'notes') : NO_MENTIONS,
		editorUploads(group.id, canWrite && canContribute)
	]);
	keepOffline(event, user, { title: document.title, group: group.name, documentId: document.id });
	return {
		document: {
			id: document.id,
			title: document.title,
			tags: document.tags,
			kind: document.kind,
			html: localiseHtml(document.html, event.locals.locale),
			archived: document.archivedAt !== null,
			lastEditedAt: document.lastEditedAt
		},
		canWrite,
		discuss,
		canArchive: canContribute,
		me: { id: user.id, name: user.name, color: colourFor(user.id) },
		mentions,
		uploads,
		versions: history
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const { user, document } = await loadDocument(event, true);
		const parsed = parseForm(documents.documentSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			documents.rename(user, document.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { done: 'document.renamed' as const };
	},
	archive: async (event) => {
		const { user, document } = await loadDocument(event, true);
		const result = await attempt({}, () => documents.setArchived(user, document.id, true));
		if (!result.ok) return result.failure;
		return { done: 'document.archived_done' as const };
	},
	unarchive: async (event) => {
		const { user, document, group, membership } = await loadDocument(event);
		const context = { status: group.status, joinPolicy: group.joinPolicy, membership };
		if (!can(user, 'group.contribute', context)) error(403, { message: 'error.forbidden' });
		const result = await attempt({}, () => documents.setArchived(user, document.id, false));
		if (!result.ok) return result.failure;
		return { done: 'document.restored_done' as const };
	},
	version: async (event) => {
		const { user, document } = await loadDocument(event, true);
		const parsed = parseForm(versions.versionSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			versions.save(user, document.id, parsed.data.name)
		);
		if (!result.ok) return result.failure;
		return { done: 'versions.saved' as const };
	}
};

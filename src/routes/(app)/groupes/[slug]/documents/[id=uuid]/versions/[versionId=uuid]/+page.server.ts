import { error, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { localiseHtml } from '$lib/richtext/document';
import { attempt } from '$lib/server/errors';
import * as versions from '$lib/server/versions';
import { loadDocument } from '../../document.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, document, canWrite } = await loadDocument(event);
	const version = await attempt({}, () => versions.get(user, document.id, event.params.versionId));
	if (!version.ok) error(404, { message: 'error.not_found' });
	const { state: _, html, ...shown } = version.value;
	return {
		document: { id: document.id, title: document.title },
		version: { ...shown, html: localiseHtml(html, event.locals.locale) },
		canWrite
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const { user, document, group } = await loadDocument(event, true);
		const id = event.params.versionId;
		const found = await attempt({}, () => versions.get(user, document.id, id));
		if (!found.ok) error(404, { message: 'error.not_found' });
		const backup = translate(event.locals.locale, 'versions.before_restore', {
			name: found.value.name
		});
		const result = await attempt({}, () => versions.restore(user, document.id, id, backup));
		if (!result.ok) return result.failure;
		redirect(303, `/groupes/${group.slug}/documents/${document.id}?restored`);
	}
};

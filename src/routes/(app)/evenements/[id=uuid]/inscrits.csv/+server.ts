import { error } from '@sveltejs/kit';
import { translate, type MessageKey } from '$lib/i18n';
import { requireUser } from '$lib/server/auth/guards';
import { orErrorPage } from '$lib/server/errors';
import { eventAccess, editableSite } from '$lib/server/events/access';
import { registrationsCsv } from '$lib/server/events/export';
import type { RequestHandler } from './$types';

/**
 * The event's registrations as a spreadsheet: every site's for its organisers, or one site's
 * (`?site=`) for that site's own people.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const access = await orErrorPage(eventAccess(user, event.params.id));
	const siteId = event.url.searchParams.get('site');
	if (siteId) {
		const site = await orErrorPage(editableSite(user, siteId));
		if (site.event.id !== access.event.id) error(404, 'error.not_found');
	} else if (!access.organiser) error(403, 'error.forbidden');
	const locale = event.locals.locale;
	const csv = await registrationsCsv(access.event.id, siteId, (key: MessageKey) =>
		translate(locale, key)
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${access.event.slug}-inscrits.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};

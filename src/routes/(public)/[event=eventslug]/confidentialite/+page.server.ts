import { error } from '@sveltejs/kit';
import { publicEvent } from '$lib/server/events/public';
import { getSetting } from '$lib/server/settings';
import { RETENTION_SETTING, DEFAULT_RETENTION_MONTHS } from '$lib/server/events/retention';
import type { PageServerLoad } from './$types';

/** The event's privacy notice: what visitors' data are for, and until when they are kept. */
export const load: PageServerLoad = async ({ params }) => {
	const event = await publicEvent(params.event);
	if (!event) error(404, 'error.not_found');
	const months = (await getSetting<number>(RETENTION_SETTING)) ?? DEFAULT_RETENTION_MONTHS;
	return {
		event: { slug: event.slug, name: event.name, notice: event.privacyNotice },
		months
	};
};

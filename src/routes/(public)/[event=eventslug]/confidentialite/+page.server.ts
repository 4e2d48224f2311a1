import { error } from '@sveltejs/kit';
import { publicEvent } from '$lib/server/events/public';
import { visitorRetentionMonths } from '$lib/server/settings';
import type { PageServerLoad } from './$types';

/** The event's privacy notice: what visitors' data are for, and until when they are kept. */
export const load: PageServerLoad = async ({ params }) => {
	const event = await publicEvent(params.event);
	if (!event) error(404, 'error.not_found');
	const months = await visitorRetentionMonths();
	return {
		event: { slug: event.slug, name: event.name, notice: event.privacyNotice },
		months
	};
};

import { error } from '@sveltejs/kit';
import { siteAddress } from '$lib/server/events/event-mail';
import { mapsLink } from '$lib/server/events/maps';
import { publicEvent, publicSite, publicSlots } from '$lib/server/events/public';
import { takesRegistrations } from '$lib/server/events/registrations';
import type { PageServerLoad } from './$types';

/** A site's public page: what visitors will see, how to get there, its slots and places left. */
export const load: PageServerLoad = async ({ params, request, setHeaders }) => {
	const event = await publicEvent(params.event);
	if (!event) error(404, 'error.not_found');
	const site = await publicSite(event.id, params.siteId);
	if (!site) error(404, 'error.not_found');
	const now = Date.now();
	const slots = await publicSlots(event.id, { siteId: site.id });
	const address = siteAddress(site);
	// The maps link depends on the phone that asks.
	setHeaders({ vary: 'User-Agent', 'cache-control': 'public, max-age=0, must-revalidate' });
	return {
		event: { slug: event.slug, name: event.name, open: takesRegistrations(event) },
		site: { ...site, address },
		maps: mapsLink(address, request.headers.get('user-agent')),
		slots: slots.map((s) => ({
			id: s.id,
			day: s.day,
			startsAt: s.startsAt,
			durationMinutes: s.durationMinutes,
			audience: s.audience,
			capacity: s.capacity,
			left: s.left,
			past: s.startsAt.getTime() <= now
		}))
	};
};

import { error } from '@sveltejs/kit';
import { eventAudiences, type EventAudience } from '$lib/server/db/schema';
import { isIsoDate } from '$lib/dates';
import {
	filterSites,
	publicEvent,
	publicImage,
	publicSites,
	overviewSlots
} from '$lib/server/events/public';
import { takesRegistrations } from '$lib/server/events/registrations';
import type { PageServerLoad } from './$types';

const audienceOf = (v: string | null): EventAudience | null =>
	v && (eventAudiences as readonly string[]).includes(v) ? (v as EventAudience) : null;

/**
 * An event's public page: its sites by town, filtered by day, town, audience, wheelchair access
 * and places left (a GET form, so that it works without a script and a filtered list has an
 * address). What does not match a filter is ignored, never an error.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const event = await publicEvent(params.event);
	if (!event) error(404, 'error.not_found');
	const [sites, slots, image] = await Promise.all([
		publicSites(event.id),
		overviewSlots(event.id),
		publicImage(event)
	]);
	const q = url.searchParams;
	const days = [...new Set(slots.map((s) => s.day))];
	const towns = [...new Set(sites.map((s) => s.town))].sort((a, b) => a.localeCompare(b, 'fr'));
	const day = q.get('jour');
	const town = q.get('ville');
	const filters = {
		day: day && isIsoDate(day) && days.includes(day) ? day : null,
		town: town && towns.includes(town) ? town : null,
		audience: audienceOf(q.get('public')),
		wheelchair: q.get('fauteuil') === '1',
		placesLeft: q.get('places') === '1'
	};
	const matching = filterSites(sites, slots, filters);
	const bySector = q.get('par') === 'secteur';
	setHeaders({ 'cache-control': 'public, max-age=0, must-revalidate' });
	return {
		event: {
			slug: event.slug,
			name: event.name,
			description: event.description,
			startsOn: event.startsOn,
			endsOn: event.endsOn,
			registrationOpensAt: event.registrationOpensAt,
			registrationClosesAt: event.registrationClosesAt,
			status: event.status,
			open: takesRegistrations(event),
			image: image ? `/${event.slug}/image?v=${image}` : null
		},
		days,
		towns,
		filters,
		bySector,
		total: sites.length,
		sites: matching.map(({ site, slots }) => ({
			id: site.id,
			name: site.name,
			organisation: site.organisation,
			town: site.town,
			sector: site.sector,
			wheelchair: site.wheelchair,
			languages: site.languages,
			minAge: site.minAge,
			slots: slots.length,
			left: slots.reduce((n, s) => n + s.left, 0),
			audiences: [...new Set(slots.map((s) => s.audience))]
		}))
	};
};

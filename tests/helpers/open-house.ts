import type { EventInput, SiteInput } from '$lib/server/events/schema';

// What the open-house event's tests type into its forms: an event, a site.

const DAY = 86_400_000;

/** A date `days` from today (YYYY-MM-DD). */
export const inDays = (days: number) =>
	new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/**
 * An event from `from` to `to` days from now, its registrations opened a day ago and closing the
 * day before it begins.
 */
export const eventInput = (
	slug: string,
	name: string,
	{ from = 5, to = 15, ...over }: Partial<EventInput> & { from?: number; to?: number } = {}
): EventInput => ({
	name,
	slug,
	description: '',
	startsOn: inDays(from),
	endsOn: inDays(to),
	registrationOpensAt: new Date(Date.now() - DAY),
	registrationClosesAt: new Date(Date.now() + (from - 1) * DAY),
	privacyNotice: '',
	maxPeople: 6,
	confirmEmail: false,
	...over
});

export const siteInput = (over: Partial<SiteInput> = {}): SiteInput => ({
	name: 'Atelier de mécanique',
	address: '12 rue des Forges',
	postcode: '67600',
	town: 'Sélestat',
	sector: '',
	description: '',
	accessNotes: '',
	parking: '',
	transit: '',
	safetyRules: '',
	closedShoes: false,
	noPhotos: false,
	wheelchair: false,
	minAge: null,
	languages: ['fr'],
	...over
});

import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { todayInParis } from '$lib/server/dates';
import { orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import { eventDays } from '$lib/server/events/events';
import { dayList, recordScans, type Scan } from '$lib/server/events/check-ins';
import { editableSites } from '$lib/server/events/sites';
import { keepOffline } from '$lib/server/offline';
import type { Actions, PageServerLoad, RouteParams } from './$types';

/**
 * The welcome desk of a site on a day: its slots, who registered and who arrived, for the site's
 * own people and the organisers. Kept by the service worker for a host whose network drops; the
 * page's script keeps the list and the arrivals recorded offline on the phone too.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await orErrorPage(eventAccess(user, event.params.id));
	const sites = await editableSites(user, access.event.id, access.organiser);
	if (!sites.length) error(403, 'error.forbidden');
	const days = eventDays(access.event);
	const askedSite = event.url.searchParams.get('site');
	const site = sites.find((s) => s.id === askedSite) ?? sites[0];
	const askedDay = event.url.searchParams.get('jour');
	const today = todayInParis();
	const day = days.find((d) => d === askedDay) ?? (days.includes(today) ? today : days[0]);
	const list = await orErrorPage(dayList(user, site.id, day));
	keepOffline(event, user, {
		title: `${site.name} — ${access.event.name}`,
		group: access.event.name,
		documentId: null
	});
	return {
		event: { id: access.event.id, name: access.event.name },
		sites,
		days,
		list,
		userId: user.id
	};
};

/** Without the page's script: each arrival is a form, with an id made when the page was shown. */
async function scan(event: RequestEvent<RouteParams>, make: (form: FormData) => Scan) {
	const user = requireUser(event);
	await orErrorPage(eventAccess(user, event.params.id));
	const form = await event.request.formData();
	const siteId = String(form.get('siteId') ?? '');
	const [result] = await orErrorPage(recordScans(user, siteId, [make(form)]));
	if (result.result === 'refused') return fail(400, { refused: result.reason });
	return { arrival: result.result as 'recorded' | 'duplicate' | 'already' };
}

export const actions: Actions = {
	arrive: (event) =>
		scan(event, (form) => ({
			id: String(form.get('scanId') ?? ''),
			registrationId: String(form.get('registrationId') ?? '')
		})),
	walkIn: (event) =>
		scan(event, (form) => ({
			id: String(form.get('scanId') ?? ''),
			slotId: String(form.get('slotId') ?? ''),
			people: Number(form.get('people'))
		}))
};

import { error, json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { orErrorPage } from '$lib/server/errors';
import { eventAccess } from '$lib/server/events/access';
import { dayList, recordScans, type Scan } from '$lib/server/events/check-ins';
import { isIsoDate } from '$lib/dates';
import type { RequestHandler } from './$types';

/** The day's list of a site, fresh, for a host's phone to keep. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	await orErrorPage(eventAccess(user, event.params.id));
	const site = event.url.searchParams.get('site') ?? '';
	const day = event.url.searchParams.get('jour') ?? '';
	if (!isIsoDate(day)) error(400, 'validation.date');
	return json(await orErrorPage(dayList(user, site, day)), {
		headers: { 'cache-control': 'private, no-store' }
	});
};

/**
 * Arrivals a host's phone recorded, sent as soon as it can (several at once after being
 * offline): `{ siteId, scans: [{ id, code | registrationId | slotId + people, scannedAt }] }`.
 * Each gets its result; a resent one counts once.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	await orErrorPage(eventAccess(user, event.params.id));
	const body = (await event.request.json().catch(() => null)) as {
		siteId?: unknown;
		scans?: unknown;
	} | null;
	if (!body || typeof body.siteId !== 'string' || !Array.isArray(body.scans))
		error(400, 'error.bad_request');
	const scans = body.scans.filter((s): s is Scan => typeof s === 'object' && s !== null);
	return json({ results: await orErrorPage(recordScans(user, body.siteId, scans)) });
};

import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isLocale, negotiateLocale, translate, type MessageKey } from '$lib/i18n';
import { needsSetup } from '$lib/server/accounts';
import {
	deleteSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { closeDatabase, openFromEnv } from '$lib/server/db';
import { LOCALE_COOKIE } from '$lib/server/locale';
import * as checkIns from '$lib/server/progress/check-ins';
import * as decisions from '$lib/server/decisions/notifications';
import * as digest from '$lib/server/digest';
import { afterAnswersSettled, schedule } from '$lib/server/jobs';
import * as live from '$lib/server/live';
import { liveDocuments, shutdownLiveDocuments } from '$lib/server/live-documents';
import * as meetingInvitations from '$lib/server/meetings/invitations';
import { SESSION_HEADER } from '$lib/offline/marks';
import { sessionMark } from '$lib/server/offline';
import { acceptsHost, publicOrigin } from '$lib/server/origin';
import { withRequestMemo } from '$lib/server/cache';
import * as reminders from '$lib/server/actions/reminders';
import { indexPendingFiles } from '$lib/server/files/extract';
import { cleanUpFiles } from '$lib/server/files/purge';
import { handleNodeUpload } from '$lib/server/files/upload-request';
import { expireHolds } from '$lib/server/events/registrations';
import { remindVisitors } from '$lib/server/events/reminders';
import { anonymiseExpired } from '$lib/server/events/retention';

export const init: ServerInit = async () => {
	await openFromEnv();
	// Loaded only for the demo: its data and seeding stay out of a production server's modules.
	if (process.env.MAILLAGE_DEMO === '1') {
		const { seedDemoIfEmpty } = await import('$lib/server/demo/seed');
		await seedDemoIfEmpty();
	}
	// The daily e-mail to owners of actions due soon, the check-in reminder to leads (in the last
	// days of the period) and the daily and weekly digests; MAILLAGE_REMINDERS=off leaves them to
	// another instance (or keeps a test server's outbox quiet).
	const jobs =
		process.env.MAILLAGE_REMINDERS === 'off'
			? []
			: [
					// Each runs now and then every hour; each e-mail goes out once (see jobs.ts).
					schedule('Daily reminders', async () => reminders.sendDaily(await publicOrigin())),
					// Invitations of people invited another way (joining a group), and the day-before reminder.
					schedule('Meeting invitations', async () => {
						await meetingInvitations.syncComing();
						await meetingInvitations.remindTomorrow();
					}),
					schedule('Check-in reminders', async () => checkIns.remindLeads(await publicOrigin())),
					// The day before a proposal closes, to those who have not answered it.
					schedule('Proposal reminders', async () =>
						decisions.remindClosingSoon(await publicOrigin())
					),
					// Digests go out from 7:00 in Paris; the hour bounds how late after that.
					schedule('Digests', async () => digest.sendDigests(await publicOrigin())),
					// Visits two days ahead are reminded to their visitors.
					schedule('Visit reminders', async () => remindVisitors(await publicOrigin())),
					// Offers of freed places not taken in time go to the next on the waiting list.
					schedule(
						'Waiting lists',
						async () => expireHolds(await publicOrigin()),
						5 * 60_000
					)
				];
	// The bin's content past its 30 days, and stored bytes no file names any more: on every
	// instance (each run finds nothing left by another).
	jobs.push(schedule('Files clean-up', cleanUpFiles));
	// Visitors' names and addresses past the retention time (the figures stay).
	jobs.push(schedule('Visitor data retention', () => anonymiseExpired()));
	// The text of files whose reading a restart interrupted.
	jobs.push(schedule('Files text', () => indexPendingFiles()));
	// server.js attaches this to the HTTP server's 'upgrade' event (vite.config.ts does in dev).
	const server = liveDocuments();
	(globalThis as { __maillageUpgrade?: unknown }).__maillageUpgrade =
		server.handleUpgrade.bind(server);
	// server.js hands uploads to this, past SvelteKit's body limit (vite.config.ts does in dev).
	(globalThis as { __maillageUpload?: unknown }).__maillageUpload = handleNodeUpload;
	process.once('sveltekit:shutdown', async () => {
		await Promise.all(jobs.map((stop) => stop()));
		live.closeAll();
		// Every pending edit, and the work queued after answering a request, is written before
		// the database closes.
		await shutdownLiveDocuments();
		await afterAnswersSettled();
		await closeDatabase();
	});
};

/**
 * Only requests addressed to this instance are served: its public address's host, or this
 * machine itself. Another Host is a misdirected request (421), so that nothing answered to it
 * can carry the sender's host into a page or a link.
 */
const handleHost: Handle = async ({ event, resolve }) => {
	const header = process.env.HOST_HEADER?.toLowerCase() ?? 'host';
	if (!(await acceptsHost(event.request.headers.get(header)))) {
		return plainText(421, event.request, 'error.misdirected');
	}
	return resolve(event);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request that changes something comes from the app's own pages, whatever its content type
 * (SvelteKit checks only form submissions): its Origin is the app's, or, when a browser sends
 * none, its Sec-Fetch-Site says same-origin. Anything else is refused before it reaches a
 * session, so another site cannot log someone out or switch their language.
 */
const handleOrigin: Handle = async ({ event, resolve }) => {
	if (SAFE_METHODS.has(event.request.method)) return resolve(event);
	const origin = event.request.headers.get('origin');
	const site = event.request.headers.get('sec-fetch-site');
	const ownPage = origin ? origin === event.url.origin : site === 'same-origin';
	if (!ownPage) return plainText(403, event.request, 'error.cross_site');
	return resolve(event);
};

/** A short localised answer, for refusals made before a page could be rendered. */
function plainText(status: number, request: Request, key: MessageKey): Response {
	const locale = negotiateLocale(request.headers.get('accept-language')) ?? 'fr';
	return new Response(translate(locale, key), {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	event.locals.shell = null;
	if (token) {
		const { session, user, shell } = await validateSessionToken(token, { shell: true });
		if (session) {
			setSessionCookie(event.cookies, event.url, token, session.expiresAt);
			event.locals.user = user;
			event.locals.session = session;
			event.locals.shell = shell ?? null;
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

const handleLocale: Handle = async ({ event, resolve }) => {
	const chosen = event.locals.user?.locale ?? event.cookies.get(LOCALE_COOKIE);
	const locale = isLocale(chosen)
		? chosen
		: (negotiateLocale(event.request.headers.get('accept-language')) ?? 'fr');
	event.locals.locale = locale;
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};

/** An instance without any account sends every visitor to the setup page, and only there. */
const handleSetup: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const onSetup = path === '/setup';
	if (await needsSetup()) {
		if (!onSetup && !path.startsWith('/_app/')) redirect(303, '/setup');
	} else if (onSetup) {
		redirect(303, '/');
	}
	return resolve(event);
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	if (event.url.protocol === 'https:') {
		response.headers.set('strict-transport-security', 'max-age=31536000');
	}
	// What a logged-in person sees is theirs: no shared cache or browser back-store keeps it.
	if (event.locals.user && !response.headers.has('cache-control')) {
		response.headers.set('cache-control', 'private, no-store');
	}
	// Tells the service worker whose pages it may keep for reading offline, and when to forget them.
	response.headers.set(SESSION_HEADER, sessionMark(event.locals));
	return response;
};

/** What a request reads more than once (a group, the person's place in it) is read once. */
const handleMemo: Handle = ({ event, resolve }) => withRequestMemo(async () => resolve(event));

export const handle = sequence(
	handleMemo,
	handleHeaders,
	handleHost,
	handleOrigin,
	handleAuth,
	handleLocale,
	handleSetup
);

export const handleError: HandleServerError = ({ error, status }) => {
	if (status === 404) return { message: 'error.not_found' };
	const id = crypto.randomUUID();
	console.error(`[${id}]`, error);
	return { message: 'error.unexpected', id };
};

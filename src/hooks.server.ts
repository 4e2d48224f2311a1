import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isLocale, negotiateLocale } from '$lib/i18n';
import { needsSetup } from '$lib/server/accounts';
import {
	deleteSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { collab, shutdownCollab } from '$lib/server/collab';
import { closeDatabase, openFromEnv } from '$lib/server/db';
import { LOCALE_COOKIE } from '$lib/server/locale';
import { seedDemoIfEmpty } from '$lib/server/demo/seed';
import * as checkIns from '$lib/server/check-ins';
import * as digest from '$lib/server/digest';
import { schedule } from '$lib/server/jobs';
import * as live from '$lib/server/live';
import { appOrigin } from '$lib/server/origin';
import * as reminders from '$lib/server/reminders';

export const init: ServerInit = async () => {
	await openFromEnv();
	if (process.env.MAILLAGE_DEMO === '1') await seedDemoIfEmpty();
	// The daily e-mail to owners of actions due soon, the check-in reminder to leads (in the last
	// days of the period) and the daily and weekly digests; MAILLAGE_REMINDERS=off leaves them to
	// another instance (or keeps a test server's outbox quiet).
	const jobs =
		process.env.MAILLAGE_REMINDERS === 'off'
			? []
			: [
					// Each runs now and then every hour; each e-mail goes out once (see jobs.ts).
					schedule('Daily reminders', () => reminders.sendDaily(appOrigin())),
					schedule('Check-in reminders', () => checkIns.remindLeads(appOrigin())),
					// Digests go out from 7:00 in Paris; the hour bounds how late after that.
					schedule('Digests', () => digest.sendDigests(appOrigin()))
				];
	// server.js attaches this to the HTTP server's 'upgrade' event (vite.config.ts does in dev).
	const server = collab();
	(globalThis as { __maillageUpgrade?: unknown }).__maillageUpgrade =
		server.handleUpgrade.bind(server);
	process.once('sveltekit:shutdown', async () => {
		await Promise.all(jobs.map((stop) => stop()));
		live.closeAll();
		// Every pending edit is written before the database closes.
		await shutdownCollab();
		await closeDatabase();
	});
};

const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const { session, user } = await validateSessionToken(token);
		if (session) {
			setSessionCookie(event.cookies, event.url, token, session.expiresAt);
			event.locals.user = user;
			event.locals.session = session;
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
	return response;
};

export const handle = sequence(handleHeaders, handleAuth, handleLocale, handleSetup);

export const handleError: HandleServerError = ({ error, status }) => {
	if (status === 404) return { message: 'error.not_found' };
	const id = crypto.randomUUID();
	console.error(`[${id}]`, error);
	return { message: 'error.unexpected', id };
};

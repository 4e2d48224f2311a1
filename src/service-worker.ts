/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { KEEP_HEADER } from '$lib/offline/marks';
import { forgetLocalCopies, KeptPages, type LocalCopies } from '$lib/offline/kept-pages';
import { OFFLINE_PAGE_CSP, pageLocale, renderOfflinePage } from '$lib/offline/offline-page';

// The app shell (this build's scripts and styles, and the static files) is kept at install;
// pages are never cached, except the documents and meetings a person opens, kept for reading
// offline (see $lib/offline/kept-pages.ts and docs/offline.md).

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL_PREFIX = 'maillage-shell-';
const SHELL = `${SHELL_PREFIX}${version}`;
const SHELL_FILES = new Set([...build, ...files]);
const pages = new KeptPages(caches, sw.location.origin, version);

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll([...SHELL_FILES])));
});

sw.addEventListener('activate', (event) => {
	// Controls the pages already open, so that the first document opened is kept.
	event.waitUntil(Promise.all([pruneShells(), sw.clients.claim()]));
});

/** Drops the shells of older builds, unless a kept page still runs on one. */
async function pruneShells(): Promise<void> {
	const needed = await pages.versions();
	for (const name of await caches.keys()) {
		if (!name.startsWith(SHELL_PREFIX) || name === SHELL) continue;
		if (!needed.has(name.slice(SHELL_PREFIX.length))) await caches.delete(name);
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	// Only reading, and only from this app; everything else goes to the network untouched.
	if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
	if (SHELL_FILES.has(url.pathname) || url.pathname.startsWith('/_app/immutable/')) {
		event.respondWith(fromShell(request));
	} else if (request.mode === 'navigate') {
		event.respondWith(navigate(event, url));
	} else if (url.pathname.endsWith('/__data.json')) {
		event.respondWith(pageData(event, url));
	}
});

/** Built files never change under one name: any shell that has it answers (older ones too). */
async function fromShell(request: Request): Promise<Response> {
	return (await caches.match(request)) ?? fetch(request);
}

/**
 * A page: from the network, always. Offline, the kept copy of the page if it has one, else a
 * page that lists what is readable offline.
 */
async function navigate(event: FetchEvent, url: URL): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(event.request);
	} catch {
		const ended = await pages.forgetIfEnded();
		if (ended) event.waitUntil(forgetLocalCopies(indexedDB, ended));
		return (await pages.find(url.href)) ?? offlinePage(url);
	}
	await follow(event, response);
	if (response.headers.has(KEEP_HEADER)) {
		const copy = response.clone();
		event.waitUntil(pages.keep(url.href, copy).then(pruneShells));
	}
	return response;
}

/**
 * The data of a page the app loads without reloading. Never from a cache: offline, the app
 * falls back to loading the whole page, which `navigate` answers. A keepable page opened this
 * way is fetched once more as a whole page, to be kept.
 */
async function pageData(event: FetchEvent, url: URL): Promise<Response> {
	const response = await fetch(event.request);
	await follow(event, response);
	if (response.ok && response.headers.has(KEEP_HEADER)) {
		const page = new URL(url.pathname.slice(0, -'/__data.json'.length) || '/', url.origin);
		event.waitUntil(keepPage(page.href));
	}
	return response;
}

async function keepPage(href: string): Promise<void> {
	if (await pages.isFresh(href)) return;
	const response = await fetch(href, { headers: { accept: 'text/html' } });
	const forget = await pages.observe(response);
	if (forget) await forgetLocalCopies(indexedDB, forget);
	// Sent elsewhere (to the login page, say): that is not the page to keep under this address.
	if (response.redirected) return;
	await pages.keep(href, response);
	await pruneShells();
}

/**
 * Reads whom an answer was made for. The kept pages of a past session are gone before the
 * answer is shown (the login page after a logout lists nothing); the local copies of documents
 * follow in the background, as an editor still open may take a moment to let go of its own.
 */
async function follow(event: FetchEvent, response: Response): Promise<void> {
	const forget: LocalCopies | null = await pages.observe(response);
	if (forget) event.waitUntil(forgetLocalCopies(indexedDB, forget));
}

async function offlinePage(url: URL): Promise<Response> {
	const kept = await pages.list();
	const html = renderOfflinePage(
		pageLocale(kept, sw.navigator.language),
		kept,
		url.pathname + url.search
	);
	return new Response(html, {
		status: 503,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': OFFLINE_PAGE_CSP,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

// The page load of `npm run bench:mixed`: the main pages a logged-in person opens, found by
// following the links of a group's lists (so that they exist whatever the data: the demo or the
// large seed), checked once, then loaded in turn by autocannon in a worker thread of its own, so
// that its event loop is not the one that times the typists' keystrokes.
import autocannon from 'autocannon';
import { round } from './measure.ts';

export interface Page {
	name: string;
	path: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** GET `path` as the person of `cookie`: its HTML, or an error when it is not a 200. */
export async function getPage(origin: string, cookie: string, path: string) {
	const response = await fetch(origin + path, { headers: { cookie }, redirect: 'manual' });
	const body = await response.text();
	if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
	return body;
}

/**
 * The first item of a group's list (`documents`, `reunions`, `discussions`): the path of its
 * page, read from the list's links.
 */
async function firstOf(origin: string, cookie: string, slug: string, list: string) {
	const base = `/groupes/${slug}/${list}`;
	const html = await getPage(origin, cookie, base);
	const id = new RegExp(`${base}/(${UUID})`).exec(html)?.[1];
	if (!id) throw new Error(`no item in ${base} to load`);
	return `${base}/${id}`;
}

/**
 * The pages loaded in turn: home, the group, one of its documents, meetings and threads, the
 * actions board, the dashboard and a search.
 */
export async function mainPages(
	origin: string,
	cookie: string,
	slug: string,
	query: string
): Promise<Page[]> {
	return [
		{ name: 'home', path: '/' },
		{ name: 'group', path: `/groupes/${slug}` },
		{ name: 'document', path: await firstOf(origin, cookie, slug, 'documents') },
		{ name: 'meeting', path: await firstOf(origin, cookie, slug, 'reunions') },
		{ name: 'actions', path: '/actions' },
		{ name: 'dashboard', path: '/tableau-de-bord' },
		{ name: 'search', path: `/recherche?q=${encodeURIComponent(query)}` },
		{ name: 'thread', path: await firstOf(origin, cookie, slug, 'discussions') }
	];
}

/**
 * Each page once, in order: it must answer 200; returns how long each took alone (ms) and its
 * size, to tell later which pages the time goes to.
 */
export async function checkPages(origin: string, cookie: string, pages: Page[]) {
	const checked = [];
	for (const page of pages) {
		const started = performance.now();
		const html = await getPage(origin, cookie, page.path);
		checked.push({
			...page,
			aloneMs: round(performance.now() - started, 1),
			kib: round(html.length / 1024, 0)
		});
	}
	return checked;
}

export interface PageLoad {
	requests: number;
	rps: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
	/** Answers other than 2xx, errors and timeouts. */
	bad: number;
}

/**
 * `connections` connections each loading the pages in turn for `seconds` (autocannon's
 * `requests` sequence), in one worker thread.
 */
export async function loadPages(
	origin: string,
	cookie: string,
	pages: Page[],
	connections: number,
	seconds: number
): Promise<PageLoad> {
	const result = await autocannon({
		url: origin,
		connections,
		duration: seconds,
		workers: 1,
		headers: { cookie },
		requests: pages.map((page) => ({ method: 'GET', path: page.path }))
	});
	return {
		requests: result.requests.total,
		rps: round(result.requests.average, 1),
		p50: result.latency.p50,
		p90: result.latency.p90,
		p99: result.latency.p99,
		max: result.latency.max,
		bad: result.non2xx + result.errors + result.timeouts
	};
}

import {
	KEEP_HEADER,
	LOCAL_PREFIX,
	parseKeep,
	parseSession,
	SESSION_HEADER,
	type SessionMark
} from './marks';

/** The Cache Storage cache of kept pages (and of the session they belong to). */
export const PAGES_CACHE = 'maillage-offline-pages';
/** How many pages are kept: the most recently opened ones. */
export const KEEP_LIMIT = 20;
/** A page kept this recently is not fetched again (a form sent on it, a reload). */
export const FRESH_MS = 30_000;
/** Set on `<html>` of a page served from its kept copy, to when it was kept. */
export const COPY_ATTRIBUTE = 'data-offline-copy';

/** What is stored beside a kept page, in a header of the cached response. */
const KEPT_HEADER = 'x-maillage-kept';
/** Where, in the same cache, the session the pages belong to is written. */
const SESSION_PATH = '/__maillage/offline-session';

export interface KeptPage {
	url: string;
	title: string;
	group: string;
	/** The IndexedDB database of its document, if it has one. */
	local: string;
	/** When it was kept, in milliseconds since the epoch. */
	keptAt: number;
	/** The key of the session it was made for. */
	session: string;
	/** The service worker's version when it was kept: its scripts and styles are that build's. */
	version: string;
	lang: string;
}

/** The local copies of documents to delete: every one, or all but one person's. */
export interface LocalCopies {
	/** Copies of this person stay (the same person in a new session); null: none stays. */
	keepUser: string | null;
	/** Database names known from kept pages, for browsers that cannot list their databases. */
	names: string[];
}

/** A page's URL without its query and fragment: one kept copy per page. */
export function pageKey(url: string | URL): string {
	const key = new URL(url);
	key.search = '';
	key.hash = '';
	return key.href;
}

/** The kept copy's HTML, marked so that the page knows it is a copy and since when. */
export function markCopy(html: string, keptAt: number): string {
	return html.replace(/<html\b/i, `<html ${COPY_ATTRIBUTE}="${new Date(keptAt).toISOString()}"`);
}

function readKept(response: Response, url: string): KeptPage | null {
	const value = response.headers.get(KEPT_HEADER);
	if (!value) return null;
	const p = new URLSearchParams(value);
	return {
		url,
		title: p.get('title') ?? '',
		group: p.get('group') ?? '',
		local: p.get('local') ?? '',
		keptAt: Number(p.get('keptAt')),
		session: p.get('session') ?? '',
		version: p.get('version') ?? '',
		lang: p.get('lang') ?? ''
	};
}

/**
 * The pages a person opened recently, kept in Cache Storage for reading offline: only for the
 * session they were fetched in, never after it ends, forgotten as soon as an answer of the
 * server says nobody (or somebody else) is logged in, and no more than `KEEP_LIMIT`.
 */
export class KeptPages {
	private queue: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly storage: CacheStorage,
		private readonly origin: string,
		/** The service worker's version, recorded with each page. */
		private readonly version: string,
		private readonly now: () => number = Date.now
	) {}

	/** Changes run one after the other: a page kept late must not survive a logout. */
	private exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private sessionUrl(): string {
		return new URL(SESSION_PATH, this.origin).href;
	}

	private async readSession(): Promise<SessionMark | null> {
		if (!(await this.storage.has(PAGES_CACHE))) return null;
		const cache = await this.storage.open(PAGES_CACHE);
		const stored = await cache.match(this.sessionUrl());
		return stored ? ((await stored.json()) as SessionMark) : null;
	}

	private async all(): Promise<KeptPage[]> {
		if (!(await this.storage.has(PAGES_CACHE))) return [];
		const cache = await this.storage.open(PAGES_CACHE);
		const pages: KeptPage[] = [];
		for (const request of await cache.keys()) {
			const response = await cache.match(request);
			const page = response && readKept(response, request.url);
			if (page) pages.push(page);
		}
		return pages.sort((a, b) => b.keptAt - a.keptAt);
	}

	/** Deletes every kept page; says which local copies of documents must go with them. */
	private async dropAll(keepUser: string | null): Promise<LocalCopies> {
		const names = (await this.all()).map((p) => p.local).filter(Boolean);
		await this.storage.delete(PAGES_CACHE);
		return { keepUser, names };
	}

	/**
	 * Reads whom an answer of the server was made for. Nobody: every kept page goes. Another
	 * session: the pages of the previous one go. Returns the local copies of documents to delete
	 * along with them, or null when nothing changed (or the answer says nothing).
	 */
	observe(response: Response): Promise<LocalCopies | null> {
		const mark = parseSession(response.headers.get(SESSION_HEADER));
		if (mark === undefined) return Promise.resolve(null);
		return this.exclusive(async () => {
			if (mark === null) return this.dropAll(null);
			const current = await this.readSession();
			let forget: LocalCopies | null = null;
			if (current?.key !== mark.key) forget = await this.dropAll(mark.user);
			if (forget || current?.expires !== mark.expires) {
				const cache = await this.storage.open(PAGES_CACHE);
				await cache.put(this.sessionUrl(), Response.json(mark));
			}
			return forget;
		});
	}

	/**
	 * Forgets everything once the session the pages were kept in has ended: a visitor of this
	 * device after it must not read them. Returns the local copies to delete, or null.
	 */
	forgetIfEnded(): Promise<LocalCopies | null> {
		return this.exclusive(async () => {
			const session = await this.readSession();
			if (!session || session.expires > this.now()) return null;
			return this.dropAll(null);
		});
	}

	/**
	 * Keeps a page the server marked as keepable, for the session it was made in (which
	 * `observe` has recorded), then drops the oldest beyond `KEEP_LIMIT`.
	 */
	keep(url: string, response: Response): Promise<void> {
		return this.exclusive(async () => {
			const mark = parseSession(response.headers.get(SESSION_HEADER));
			const what = parseKeep(response.headers.get(KEEP_HEADER));
			const type = response.headers.get('content-type') ?? '';
			if (!mark || !what || response.status !== 200 || !type.startsWith('text/html')) return;
			const session = await this.readSession();
			if (session?.key !== mark.key) return;
			const html = await response.text();
			const headers = new Headers(response.headers);
			// The body is stored decoded; its original length and encoding no longer describe it.
			headers.delete('content-encoding');
			headers.delete('content-length');
			headers.set(
				KEPT_HEADER,
				new URLSearchParams({
					...what,
					keptAt: String(this.now()),
					session: mark.key,
					version: this.version,
					lang: /<html[^>]*\blang="([a-z-]+)"/i.exec(html)?.[1] ?? ''
				}).toString()
			);
			const cache = await this.storage.open(PAGES_CACHE);
			await cache.put(pageKey(url), new Response(html, { status: 200, headers }));
			for (const old of (await this.all()).slice(KEEP_LIMIT)) await cache.delete(old.url);
		});
	}

	/** True when the page was kept moments ago by this version: fetching it again is waste. */
	async isFresh(url: string): Promise<boolean> {
		const page = (await this.all()).find((p) => p.url === pageKey(url));
		return !!page && page.version === this.version && this.now() - page.keptAt < FRESH_MS;
	}

	/** The pages readable now: kept in the current session, which has not ended. */
	async list(): Promise<KeptPage[]> {
		const session = await this.readSession();
		if (!session || session.expires <= this.now()) return [];
		return (await this.all()).filter((p) => p.session === session.key);
	}

	/** The kept copy of a page, marked as such, if it is readable now. */
	async find(url: string): Promise<Response | null> {
		const key = pageKey(url);
		if (!(await this.list()).some((p) => p.url === key)) return null;
		const cache = await this.storage.open(PAGES_CACHE);
		const stored = await cache.match(key);
		const page = stored && readKept(stored, key);
		if (!stored || !page) return null;
		const headers = new Headers(stored.headers);
		headers.delete(KEPT_HEADER);
		return new Response(markCopy(await stored.text(), page.keptAt), { status: 200, headers });
	}

	/** The versions whose scripts and styles kept pages still need. */
	async versions(): Promise<Set<string>> {
		return new Set((await this.all()).map((p) => p.version));
	}
}

/**
 * Deletes the local copies of documents the editor keeps in IndexedDB (y-indexeddb), all of
 * them or all but one person's. An open editor closes its copy when asked (lib0 closes on
 * `versionchange`), so the deletion is not held up by a tab left open.
 */
export async function forgetLocalCopies(factory: IDBFactory, copies: LocalCopies): Promise<void> {
	const listed =
		typeof factory.databases === 'function'
			? (await factory.databases()).map((d) => d.name ?? '')
			: [];
	const names = new Set(
		[...listed, ...copies.names].filter(
			(name) =>
				name.startsWith(LOCAL_PREFIX) &&
				!(copies.keepUser && name.startsWith(`${LOCAL_PREFIX}${copies.keepUser}:`))
		)
	);
	await Promise.all(
		[...names].map(
			(name) =>
				new Promise<void>((done) => {
					const request = factory.deleteDatabase(name);
					request.onsuccess = request.onerror = () => done();
				})
		)
	);
}

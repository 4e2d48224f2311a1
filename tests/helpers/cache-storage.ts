/**
 * Cache Storage as a browser gives it to a service worker, in memory, for unit tests of code that
 * keeps responses (Node has Request and Response, not caches). Entries are matched by URL only,
 * as the app's code uses them; each match returns a fresh Response, as a browser's does.
 */
class MemoryCache implements Partial<Cache> {
	readonly entries = new Map<string, { body: ArrayBuffer; init: ResponseInit }>();

	private static url(request: RequestInfo | URL): string {
		return typeof request === 'string' || request instanceof URL
			? new URL(request).href
			: request.url;
	}

	async match(request: RequestInfo | URL): Promise<Response | undefined> {
		const entry = this.entries.get(MemoryCache.url(request));
		return entry && new Response(entry.body.slice(0), entry.init);
	}

	async put(request: RequestInfo | URL, response: Response): Promise<void> {
		const init = { status: response.status, headers: new Headers(response.headers) };
		this.entries.set(MemoryCache.url(request), { body: await response.arrayBuffer(), init });
	}

	async delete(request: RequestInfo | URL): Promise<boolean> {
		return this.entries.delete(MemoryCache.url(request));
	}

	async keys(): Promise<readonly Request[]> {
		return [...this.entries.keys()].map((url) => new Request(url));
	}
}

export class MemoryCacheStorage implements Partial<CacheStorage> {
	readonly caches = new Map<string, MemoryCache>();

	async has(name: string): Promise<boolean> {
		return this.caches.has(name);
	}

	async open(name: string): Promise<Cache> {
		if (!this.caches.has(name)) this.caches.set(name, new MemoryCache());
		return this.caches.get(name) as unknown as Cache;
	}

	async delete(name: string): Promise<boolean> {
		return this.caches.delete(name);
	}

	async keys(): Promise<string[]> {
		return [...this.caches.keys()];
	}

	/** As the code under test expects it. */
	asCacheStorage(): CacheStorage {
		return this as unknown as CacheStorage;
	}
}

import { COPY_ATTRIBUTE } from './kept-pages';

export interface OfflineCopyOptions {
	/** When the copy on screen was kept (ISO 8601), or null for a page the server answered. */
	since: string | null;
	/** Resolves once the server answered a request for this page, rejects when none got there. */
	reach: () => Promise<unknown>;
	/** Loads the page again, whole. */
	reload: () => void;
	/** Forgets, on the page itself, that it is a copy. */
	unmark?: () => void;
}

/**
 * Whether the page on screen is the copy kept on this device (served by the service worker
 * without a network) rather than the server's answer. A copy is read-only: its data may be
 * out of date, and what is typed in it could not be sent.
 */
export class OfflineCopy {
	/** When the copy was kept (ISO 8601), or null for a page the server answered. */
	since = $state<string | null>(null);

	readonly #options: OfflineCopyOptions;
	#reaching = false;

	constructor(options: OfflineCopyOptions) {
		this.#options = options;
		this.since = options.since;
	}

	/** The page now shows the server's data. */
	live(): void {
		if (!this.since) return;
		this.since = null;
		this.#options.unmark?.();
	}

	/**
	 * The network is back (or the editor reached the server): the page is loaded again, whole,
	 * as a person would reload it. Reloading rather than fetching the page's data keeps one path
	 * for a connection that fails again meanwhile: the service worker shows the copy again.
	 *
	 * Only once a request for the page has reached the server: a socket may get through where
	 * pages do not (a network that lets some traffic pass, a browser emulating offline), and a
	 * reload then would only bring the copy back, whose editor would reload it again, and again.
	 */
	reconnected(): void {
		if (!this.since || this.#reaching) return;
		this.#reaching = true;
		this.#options
			.reach()
			.then(
				() => this.since && this.#options.reload(),
				() => undefined
			)
			.finally(() => (this.#reaching = false));
	}
}

export const offlineCopy = new OfflineCopy({
	since:
		typeof document === 'undefined' ? null : document.documentElement.getAttribute(COPY_ATTRIBUTE),
	// Not a GET: the service worker answers only those, and the question is for the server.
	reach: () => fetch(location.href, { method: 'HEAD', cache: 'no-store' }),
	reload: () => location.reload(),
	unmark: () => document.documentElement.removeAttribute(COPY_ATTRIBUTE)
});

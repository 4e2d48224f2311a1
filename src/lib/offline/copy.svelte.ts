import { browser } from '$app/environment';
import { COPY_ATTRIBUTE } from './kept-pages';

/**
 * Whether the page on screen is the copy kept on this device (served by the service worker
 * without a network) rather than the server's answer. A copy is read-only: its data may be
 * out of date, and what is typed in it could not be sent.
 */
class OfflineCopy {
	/** When the copy was kept (ISO 8601), or null for a page the server answered. */
	since = $state<string | null>(
		browser ? document.documentElement.getAttribute(COPY_ATTRIBUTE) : null
	);

	/** The page now shows the server's data. */
	live(): void {
		if (!this.since) return;
		this.since = null;
		document.documentElement.removeAttribute(COPY_ATTRIBUTE);
	}

	/**
	 * The network is back (or the editor reached the server): the page is loaded again, whole,
	 * as a person would reload it. Reloading rather than fetching the page's data keeps one path
	 * for a connection that fails again meanwhile: the service worker shows the copy again.
	 */
	reconnected(): void {
		if (this.since) location.reload();
	}
}

export const offlineCopy = new OfflineCopy();

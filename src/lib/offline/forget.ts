import { forgetLocalCopies, PAGES_CACHE } from './kept-pages';

/**
 * Deletes, from the page itself, what this device kept of a person's documents: the pages kept
 * for offline reading and the editor's local copies. For when the page learns first that the
 * session is over (the editor's socket refused as logged out); the service worker does the
 * same when an answer of the server says nobody is logged in.
 */
export async function forgetKeptData(): Promise<void> {
	if (typeof caches !== 'undefined') await caches.delete(PAGES_CACHE);
	if (typeof indexedDB !== 'undefined') {
		await forgetLocalCopies(indexedDB, { keepUser: null, names: [] });
	}
}

/**
 * What the server tells the service worker, in headers of its answers. The worker keeps a
 * person's pages only for the session they were made for, and forgets them all as soon as an
 * answer says nobody is logged in.
 */

/** On every answer of the app's own handlers: the session it was made for, or `none`. */
export const SESSION_HEADER = 'x-maillage-session';
/** On a page that may be read offline later: what to call it in the list of kept pages. */
export const KEEP_HEADER = 'x-maillage-offline';

/** The session an answer was made for. */
export interface SessionMark {
	/** Opaque, different for every session (never the session's token or id). */
	key: string;
	/** The person's id: their local copies of documents are named after it. */
	user: string;
	/** When the session ends, in milliseconds since the epoch; no kept page is shown after it. */
	expires: number;
}

/** A page worth keeping. */
export interface KeepMark {
	title: string;
	group: string;
	/** The IndexedDB database of the page's document (`localDocumentName`), if it has one. */
	local: string;
}

export function formatSession(mark: SessionMark | null): string {
	if (!mark) return 'none';
	return new URLSearchParams({ ...mark, expires: String(mark.expires) }).toString();
}

/**
 * The session an answer says it was made for: a mark, `null` when it says nobody is logged in,
 * `undefined` when it says nothing (a static file, or not an answer of this app).
 */
export function parseSession(value: string | null): SessionMark | null | undefined {
	if (value === null) return undefined;
	if (value === 'none') return null;
	const params = new URLSearchParams(value);
	const key = params.get('key');
	const user = params.get('user');
	const expires = Number(params.get('expires'));
	if (!key || !user || !Number.isFinite(expires)) return undefined;
	return { key, user, expires };
}

export function formatKeep(mark: KeepMark): string {
	// Percent-encoded: a header carries only Latin-1, titles carry anything.
	return new URLSearchParams({ ...mark }).toString();
}

export function parseKeep(value: string | null): KeepMark | null {
	if (!value) return null;
	const params = new URLSearchParams(value);
	const title = params.get('title');
	if (!title) return null;
	return { title, group: params.get('group') ?? '', local: params.get('local') ?? '' };
}

/** Where the editor keeps a person's copy of a document (y-indexeddb's database name). */
export const LOCAL_PREFIX = 'maillage:';

export function localDocumentName(userId: string, documentId: string): string {
	return `${LOCAL_PREFIX}${userId}:${documentId}`;
}

/**
 * What the browser and the sync server agree on, beyond y-websocket's own messages: the close
 * codes that say why a connection ended, and the acknowledgement of stored updates.
 */

/** y-websocket's message types (y-protocols), and ours. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Server → client: "the first N document updates you sent on this connection are stored".
 * Payload: one varUint, N. Update-bearing messages are sync step 2 and sync update.
 */
export const MESSAGE_STORED = 100;

export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_UNSUPPORTED = 1003;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_SERVER_ERROR = 1011;
/** The server cannot serve the document for now (its database is out of reach): retry later. */
export const CLOSE_TRY_AGAIN = 1013;
/** The session ended (logout, expiry, account disabled). */
export const CLOSE_LOGGED_OUT = 4401;
/** The person no longer has access to the document. */
export const CLOSE_FORBIDDEN = 4403;
/** The document does not exist (any more). */
export const CLOSE_NOT_FOUND = 4404;
/**
 * The update would have made the document larger than the server keeps (32 MiB by default): it
 * was neither applied nor stored, and sending it again would be refused again, so this is final.
 * What was stored before is intact; the person is asked to split the document.
 */
export const CLOSE_DOCUMENT_FULL = 4413;
/**
 * The socket sent messages faster than any editor does for too long (limits.ts on the server).
 * Final on purpose: a client that floods would flood again after reconnecting, and what a
 * person typed stays in the browser (IndexedDB) and is sent when the page is opened again.
 */
export const CLOSE_RATE_LIMITED = 4429;
// y-websocket treats 4400–4499 as final and reconnects after anything else, so the two codes
// after which a new connection (with the new rights) is the right thing sit in 4500–4599.
/** The person's rights changed (e.g. now read-only): reconnect to get the new ones. */
export const CLOSE_RIGHTS_CHANGED = 4509;
/** The document was archived: it can still be read, no longer edited. */
export const CLOSE_ARCHIVED = 4510;
/**
 * The server reloaded the document from storage (someone's update failed halfway and may have
 * left part of itself in memory): reconnect, and send again what was not stored.
 */
export const CLOSE_RELOADED = 4511;

/** Close codes after which reconnecting is pointless until the person does something. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
	CLOSE_LOGGED_OUT,
	CLOSE_FORBIDDEN,
	CLOSE_NOT_FOUND,
	CLOSE_DOCUMENT_FULL,
	CLOSE_RATE_LIMITED
]);

/** Largest frame the server accepts; a bigger one closes the socket with 1009. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** The path of a document's socket, on the app's own origin. */
export const collabPath = (documentId: string) => `/collab/${documentId}`;

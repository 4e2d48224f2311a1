import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';

/** Who opens a document's socket and what they may do, as the app's `authorise` hook decides. */
export type Verdict =
	| {
			ok: true;
			userId: string;
			/** The person's display name, the only one their presence may show (presence.ts). */
			name: string;
			/** The person's photo (its address), or null; the only one their presence shows. */
			avatar: string | null;
			/** The colour their caret takes when their client sends none that can be shown. */
			colour: string;
			/** The login session behind the socket, which an access change may name. */
			sessionId: string;
			canWrite: boolean;
	  }
	| { ok: false; status: 401 | 403 };

/** What an open socket still has, when its access may have changed (each closes with a code). */
export type Recheck = 'ok' | 'logged_out' | 'forbidden' | 'archived' | 'rights_changed';

/** An open socket as the hooks see it. */
export interface SocketIdentity {
	userId: string;
	sessionId: string;
	readOnly: boolean;
}

/** What an access change concerns; every field given must match for a socket to be re-checked. */
export interface AccessChange {
	userId?: string;
	documentId?: string;
	sessionId?: string;
}

/**
 * What the sync server asks of the app: it knows sockets, Yjs documents and their storage, and
 * nothing of people, groups or what a document means.
 */
export interface CollabHooks {
	/**
	 * Whether the upgrade request may open the document's socket (its Origin, its session, the
	 * person's rights), decided before the socket is accepted. A throw is a refusal too: 503 when
	 * the database is out of reach, 500 otherwise.
	 */
	authorise(request: IncomingMessage, documentId: string): Promise<Verdict>;
	/** Whether an open socket still has the access it was opened with. */
	recheck(socket: SocketIdentity, documentId: string): Promise<Recheck>;
	/**
	 * Runs once a document's edits have settled (some time after the last one, and when it leaves
	 * memory): what the app reads from a document without opening it live is computed here.
	 * `editorId` is the person who made the latest edit, or null for the server.
	 */
	onSettled(documentId: string, doc: Y.Doc, editorId: string | null): Promise<void>;
	/** Subscribes to access changes, so that open sockets are re-checked; returns the unsubscribe. */
	onAccessChanged(listener: (change: AccessChange) => void): () => void;
}

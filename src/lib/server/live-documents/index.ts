/**
 * Live documents: the one way the app reads or edits a document as its editors see it, and the
 * process's sync server that holds them. Services call `withLiveDocument`; the sync server
 * itself (src/lib/server/collab/) knows nothing of the app but the hooks given here.
 */
import {
	createCollabServer,
	optionsFromEnv,
	type CollabServer,
	type LiveDocument
} from '$lib/server/collab';
import { appHooks } from './hooks';

export type { LiveDocument };

/** Kept on globalThis so that dev-server reloads share it, its sockets and its documents. */
const holder = globalThis as typeof globalThis & { __maillageCollab?: CollabServer };

// Each evaluation of this module (after an edit of the app's code in `vite dev`) gives the kept
// server this version's hooks, so that it runs the new code without a restart.
holder.__maillageCollab?.useHooks(appHooks);

/** The process's sync server, created on first use by the upgrade handler or by a service. */
export function liveDocuments(): CollabServer {
	holder.__maillageCollab ??= createCollabServer(appHooks, optionsFromEnv());
	return holder.__maillageCollab;
}

/** Replaces the process's sync server (tests start one with short delays, or fake hooks). */
export function useLiveDocuments(server: CollabServer): CollabServer {
	holder.__maillageCollab = server;
	return server;
}

/**
 * Runs `fn` on the document as its editors see it, loaded for the occasion if nobody has it
 * open: `doc` to read it, `edit(userId, change)` to change it as an edit everyone sees at once
 * and that is stored like theirs.
 */
export function withLiveDocument<T>(
	documentId: string,
	fn: (document: LiveDocument) => T | Promise<T>
): Promise<T> {
	return liveDocuments().withDocument(documentId, fn);
}

/** Closes every socket and writes every pending edit (at shutdown, before the database closes). */
export async function shutdownLiveDocuments(): Promise<void> {
	await holder.__maillageCollab?.shutdown();
}

/**
 * The sync core: a y-websocket server that knows sockets, Yjs documents and their storage, and
 * nothing of the app. The app gives it hooks (who may open what, what to do once a document's
 * edits settle, when access changes) and reads or edits live documents through `withDocument`.
 * It imports nothing of the app: only itself, `$lib/server/db` and `$lib/collab` (eslint.config.js).
 */
import type { CollabHooks } from './hooks';
import { CollabServer, type LiveDocument } from './server';
import type { CollabOptions } from './options';

export function createCollabServer(hooks: CollabHooks, options: CollabOptions = {}): CollabServer {
	return new CollabServer(hooks, options);
}

export { handles } from './upgrade';
export { optionsFromEnv } from './options';
export type { AccessChange, CollabHooks, Recheck, SocketIdentity, Verdict } from './hooks';
export type { CollabOptions, CollabServer, LiveDocument };

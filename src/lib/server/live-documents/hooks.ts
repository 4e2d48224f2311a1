import type { CollabHooks } from '$lib/server/collab';
import { onAccessChanged } from '$lib/server/events';
import { authorise, recheck } from './authorise';
import { deriveViews } from './derive';

/**
 * What Maillage tells its sync server: who may open a document (a session of this site, with the
 * right to read it), what is derived once its edits settle (search text, HTML, task items as
 * actions, notifications), and when access changes.
 */
export const appHooks: CollabHooks = {
	authorise,
	recheck,
	onSettled: (documentId, doc, editorId) => deriveViews(documentId, doc, editorId),
	onAccessChanged
};

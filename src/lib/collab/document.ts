import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Collaboration from '@tiptap/extension-collaboration';
import Mention from '@tiptap/extension-mention';
import { Editor } from '@tiptap/core';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { formatBytes } from '$lib/bytes';
import { DOCUMENT_FIELD, documentExtensions } from '$lib/editor/extensions';
import { FileDrop } from '$lib/editor/file-drop';
import { colourFor, mentionSuggestion, type Mentionable } from '$lib/editor/mention-suggestion';
import { formatDay } from '$lib/i18n';
import type { I18n } from '$lib/i18n/context';
import { localDocumentName } from '$lib/offline/marks';
import { caretRenderers } from './presence';
import { countingSocket, SaveTracker } from './save-status';
import { DocumentUploads } from './uploads';

/**
 * The editor's code: Tiptap, Yjs and the sync client. Only `CollabSession.open` imports this
 * module, dynamically, so that pages that do not edit never load it.
 */

export interface OpenOptions {
	/** Where the editor goes. */
	element: HTMLElement;
	documentId: string;
	/** The person editing; `photo` (avatarPath or null) for their own presence. */
	user: { id: string; name: string; photo?: string | null };
	/** People who can be @mentioned. */
	mentions: Mentionable;
	i18n: I18n;
	/** A date chip was clicked: opens the date picker on it. */
	onDate: (pos: number) => void;
	/**
	 * Where files put into the document go (`groupe=<group id>`) and how large they may be, or null
	 * when this person cannot add files to the group.
	 */
	files: { target: string; maxFileBytes: number } | null;
	/** Something to tell the person (a file refused before it was sent). */
	onProblem: (message: string) => void;
}

export interface OpenedDocument {
	editor: Editor;
	provider: WebsocketProvider;
	tracker: SaveTracker;
	/** Files put into the document from this device; null when the person cannot add any. */
	uploads: DocumentUploads | null;
	destroy(): void;
}

/**
 * Opens a document: this device's copy (edits made offline survive a closed tab and are sent
 * when the connection returns), the connection to the sync server, the save tracker, and the
 * editor bound to them.
 */
export function openDocument(
	options: OpenOptions,
	session: {
		editable: boolean;
		/** Called with whether the document has content, after every change to it. */
		onContent: (has: boolean) => void;
	}
): OpenedDocument {
	const { documentId, user, i18n } = options;
	const doc = new Y.Doc();
	const local = new IndexeddbPersistence(localDocumentName(user.id, documentId), doc);
	const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
	doc.on('update', () => session.onContent(fragment.length > 0));
	const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
	const provider = new WebsocketProvider(`${protocol}//${location.host}/collab`, documentId, doc, {
		WebSocketPolyfill: countingSocket(WebSocket),
		disableBc: true,
		maxBackoffTime: 5000
	});
	const tracker = new SaveTracker(provider, doc);
	const uploads = options.files
		? new DocumentUploads({
				userId: user.id,
				userName: user.name,
				documentId,
				target: options.files.target,
				maxFileBytes: options.files.maxFileBytes,
				onRefused: options.onProblem,
				texts: {
					sending: (name, percent) => i18n.t('editor.upload_sending', { name, percent }),
					waiting: (name) => i18n.t('editor.upload_waiting', { name }),
					failed: (name, reason) => i18n.t('editor.upload_failed', { name, reason }),
					incoming: (name, by) => i18n.t('editor.upload_incoming', { name, by }),
					remove: i18n.t('editor.upload_remove'),
					networkError: i18n.t('files.network_error'),
					tooLarge: i18n.t('files.too_large', {
						max: formatBytes(i18n.locale, options.files.maxFileBytes)
					}),
					empty: i18n.t('files.empty')
				}
			})
		: null;

	const base = documentExtensions({
		collaborative: true,
		taskLabel: (text) =>
			text.trim()
				? i18n.t('editor.task_checkbox', { task: text.trim() })
				: i18n.t('editor.task_checkbox_empty'),
		dateChip: {
			format: (iso) => formatDay(i18n.locale, iso),
			invalidLabel: i18n.t('editor.date_invalid'),
			onEdit: options.onDate
		},
		fileCard: { formatSize: (bytes) => formatBytes(i18n.locale, bytes) },
		pendingUpload: {
			view: uploads
				? (node, dom) => uploads.draw(node, dom)
				: (node, dom) => {
						dom.textContent = i18n.t('editor.upload_incoming', { name: node.name, by: node.by });
						return () => undefined;
					}
		}
	}).map((ext) =>
		ext.name === 'mention'
			? Mention.configure({
					HTMLAttributes: { class: 'mention' },
					suggestion: mentionSuggestion(options.mentions, {
						empty: i18n.t('editor.mention_none'),
						list: i18n.t('editor.mention_list'),
						count: (count) => i18n.t('people.search_count', { count })
					})
				})
			: ext
	);
	const editor = new Editor({
		element: options.element,
		editable: session.editable,
		extensions: [
			...base,
			FileDrop.configure({ onFiles: uploads ? (files, pos) => uploads.add(files, pos) : null }),
			Collaboration.configure({ document: doc, field: DOCUMENT_FIELD }),
			CollaborationCaret.configure({
				provider,
				// The server writes the name and photo it shows others from the account anyway.
				user: { name: user.name, color: colourFor(user.id), avatar: user.photo ?? null },
				...caretRenderers(i18n.t('editor.presence_unknown'))
			})
		],
		editorProps: {
			attributes: {
				class: 'document-body',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': i18n.t('editor.content')
			}
		}
	});

	uploads?.attach(editor);

	return {
		editor,
		provider,
		tracker,
		uploads,
		destroy() {
			uploads?.destroy();
			editor.destroy();
			provider.destroy();
			void local.destroy();
			doc.destroy();
		}
	};
}

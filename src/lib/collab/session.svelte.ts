import type { WebsocketProvider } from 'y-websocket';
import { ReactiveEditor } from '$lib/editor/reactive.svelte';
import type { MessageKey } from '$lib/i18n';
import type { OpenOptions } from './document';
import type { DocumentUploads } from './uploads';
import { presenceOf, type ShownPresence } from './presence';
import {
	CLOSE_ARCHIVED,
	CLOSE_DOCUMENT_FULL,
	CLOSE_FORBIDDEN,
	CLOSE_LOGGED_OUT,
	CLOSE_NOT_FOUND,
	CLOSE_RATE_LIMITED,
	CLOSE_RIGHTS_CHANGED,
	CLOSE_SERVER_ERROR,
	CLOSE_TRY_AGAIN
} from './protocol';
import { followSaves, type SaveAnnouncement, type SaveSource } from './save-display';
import type { SaveState } from './save-status';

/** What the person is told when the server closes the connection, by close code. */
export const CLOSE_MESSAGES: Readonly<Record<number, MessageKey>> = {
	[CLOSE_LOGGED_OUT]: 'editor.closed_logged_out',
	[CLOSE_FORBIDDEN]: 'editor.closed_forbidden',
	[CLOSE_NOT_FOUND]: 'editor.closed_not_found',
	[CLOSE_ARCHIVED]: 'editor.closed_archived',
	[CLOSE_RIGHTS_CHANGED]: 'editor.closed_rights_changed',
	[CLOSE_DOCUMENT_FULL]: 'editor.closed_document_full',
	[CLOSE_RATE_LIMITED]: 'editor.closed_rate_limited',
	// A refused upgrade reaches a browser as 1006: the server is unreachable or cannot serve now.
	1006: 'editor.closed_retrying',
	[CLOSE_SERVER_ERROR]: 'editor.closed_retrying',
	[CLOSE_TRY_AGAIN]: 'editor.closed_retrying'
};

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** Someone in the document (this person included), as the presence list shows them. */
export type Present = { id: number } & ShownPresence;

/** What the session reads of the page's offline copy (`offlineCopy`). */
export interface OfflineState {
	/** When the copy on screen was kept, or null for the server's page. */
	readonly since: string | null;
	/** The server answered: the page is loaded again, whole. */
	reconnected(): void;
}

export interface SessionOptions {
	/** Whether the page's data lets this person write (read again when it changes). */
	canWrite: () => boolean;
	offline: OfflineState;
	/** The name shown for someone whose presence carries none. */
	unknownName: string;
	/** The server closed the connection as logged out. */
	onLoggedOut?: () => void;
	/** The person's rights on the document changed (archived, read-only now). */
	onRightsChanged?: () => void;
}

/** What `follow` reads of a y-websocket provider. */
export type SessionProvider = Pick<WebsocketProvider, 'on' | 'off' | 'awareness'>;

/** What `follow` reads of the save tracker: its state, and whether everything is stored now. */
export type SaveTracking = SaveSource & { readonly saved: boolean };

/**
 * One person's editing session of one document, as the page shows it: the connection, whether
 * their edits are stored, who else is there, and what went wrong. `open` loads the editor's
 * code only when it is called, so pages that only read never download it.
 */
export class CollabSession {
	/** The live editor, once its code is loaded and the document opened. */
	editor = $state.raw<ReactiveEditor | undefined>();
	connection = $state<ConnectionStatus>('connecting');
	/** The save status to show (from `followSaves`: truthful, without flicker). */
	save = $state<SaveState>('disconnected');
	/** The last change of the save status worth saying aloud. */
	announcement = $state<SaveAnnouncement | null>(null);
	presence = $state.raw<Present[]>([]);
	/** What went wrong, to show as an alert, or null. */
	problem = $state<MessageKey | null>(null);
	/** The document has content here (from this device's copy or from the server). */
	hasContent = $state(false);
	/** The server closed the connection as logged out: nothing typed now could be stored. */
	loggedOut = $state(false);
	/** Files put into the document from here, once open (null when the person cannot add any). */
	uploads = $state.raw<DocumentUploads | null>(null);
	/** A file refused before it was sent, in the person's words, or null. */
	notice = $state<string | null>(null);
	readonly #options: SessionOptions;
	readonly #cleanups: (() => void)[] = [];
	#destroyed = false;

	constructor(options: SessionOptions) {
		this.#options = options;
	}

	/**
	 * Whether the person may not type: no right to write, a copy kept for reading offline (until
	 * the server answers, see docs/offline.md), or logged out.
	 */
	get readOnly(): boolean {
		return !this.#options.canWrite() || this.#options.offline.since !== null || this.loggedOut;
	}

	/**
	 * Loads the editor's code, opens the document (this device's copy, then the server's) in
	 * `options.element`, and follows it. Does nothing once the session is destroyed.
	 */
	async open(options: Omit<OpenOptions, 'onProblem'>): Promise<void> {
		const { openDocument } = await import('./document');
		if (this.#destroyed) return;
		const onProblem = (message: string) => (this.notice = message);
		const opened = openDocument(
			{ ...options, onProblem },
			{
				editable: !this.readOnly,
				onContent: (has) => (this.hasContent = has)
			}
		);
		this.#cleanups.push(() => opened.destroy());
		this.follow(opened.provider, opened.tracker);
		this.uploads = opened.uploads;
		this.editor = new ReactiveEditor(opened.editor);
	}

	/** Follows a provider's connection and presence, and the tracker's saves. */
	follow(provider: SessionProvider, tracker: SaveTracking): void {
		const unfollow = followSaves(tracker, {
			show: (state) => (this.save = state),
			announce: (what) => (this.announcement = what)
		});
		const { offline } = this.#options;
		const onClose = (event: CloseEvent | null) => {
			const key = event ? CLOSE_MESSAGES[event.code] : undefined;
			// On an offline copy, the notice above the page already says there is no connection.
			if (key && !(offline.since && event?.code === 1006)) this.problem = key;
			// Logged out (elsewhere, or the session ended): what this device kept goes; edits it
			// held that never reached the server are still on screen, to be copied.
			if (event?.code === CLOSE_LOGGED_OUT) {
				this.loggedOut = true;
				if (!tracker.saved) this.problem = 'offline.logged_out_unsaved';
				this.#options.onLoggedOut?.();
			}
			if (event && (event.code === CLOSE_ARCHIVED || event.code === CLOSE_RIGHTS_CHANGED)) {
				this.#options.onRightsChanged?.();
			}
		};
		const onStatus = ({ status }: { status: ConnectionStatus }) => {
			this.connection = status;
			if (status !== 'connected') return;
			if (this.problem && this.problem !== 'editor.closed_archived') this.problem = null;
			offline.reconnected();
		};
		const { awareness } = provider;
		// The states are other people's JSON: only what presenceOf lets through is shown.
		const onPresence = () => {
			this.presence = [...awareness.getStates().entries()]
				.filter(([, state]) => state?.user)
				.map(([id, state]) => ({ id, ...presenceOf(state.user, this.#options.unknownName) }));
		};
		provider.on('connection-close', onClose);
		provider.on('status', onStatus);
		awareness.on('change', onPresence);
		onPresence();
		this.#cleanups.push(() => {
			unfollow();
			provider.off('connection-close', onClose);
			provider.off('status', onStatus);
			awareness.off('change', onPresence);
		});
	}

	/** Closes the connection and the editor; the session then stays as it is. */
	destroy(): void {
		this.#destroyed = true;
		for (const cleanup of this.#cleanups.splice(0).reverse()) cleanup();
	}
}

import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { previewable } from '$lib/files/kinds';
import { PendingFiles } from '$lib/offline/pending-files';

/**
 * Files dropped or pasted into a document. Each one takes a placeholder in the document at once
 * (everyone sees it), is kept on this device (IndexedDB) until the server has stored it, and is
 * sent to the group's library; the placeholder then becomes the image or the file's card. Sent
 * again as long as it may work: when the connection returns, after a reload, from whichever tab
 * of the person holds it first (a Web Lock per upload, so that two tabs never send it twice).
 */

export type UploadState =
	| { status: 'sending'; loaded: number; total: number }
	| { status: 'waiting' }
	| { status: 'failed'; error: string };

export interface UploadTexts {
	sending: (name: string, percent: number) => string;
	waiting: (name: string) => string;
	failed: (name: string, reason: string) => string;
	/** Seen by everyone else (and by the sender's other devices). */
	incoming: (name: string, by: string) => string;
	remove: string;
	networkError: string;
	tooLarge: string;
	empty: string;
}

export interface DocumentUploadsOptions {
	userId: string;
	userName: string;
	documentId: string;
	/** The query naming where the files go: `groupe=<group id>`. */
	target: string;
	maxFileBytes: number;
	texts: UploadTexts;
	/** A file refused before anything was sent (too large, empty). */
	onRefused: (message: string) => void;
}

interface StoredFile {
	id: string;
	name: string;
	size: number;
	mime: string;
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

export class DocumentUploads {
	#options: DocumentUploadsOptions;
	#editor: Editor | null = null;
	#pending: PendingFiles | null = null;
	#states = new Map<string, UploadState>();
	#files = new Map<string, File>();
	#views = new Map<string, Set<() => void>>();
	#requests = new Map<string, XMLHttpRequest>();
	/** Placeholders already looked for on this device. */
	#seen = new Set<string>();
	#destroyed = false;
	#wake = new Set<() => void>();
	readonly #onOnline = () => {
		for (const wake of this.#wake) wake();
	};

	constructor(options: DocumentUploadsOptions) {
		this.#options = options;
		try {
			this.#pending = new PendingFiles(options.userId);
		} catch {
			this.#pending = null;
		}
		addEventListener('online', this.#onOnline);
	}

	/** Follows the editor: placeholders this device holds files for are sent again. */
	attach(editor: Editor): void {
		this.#editor = editor;
		// Looked for at most twice a second: typing does not walk the document at each key.
		let scheduled: ReturnType<typeof setTimeout> | null = null;
		const look = () => {
			scheduled ??= setTimeout(() => {
				scheduled = null;
				if (!this.#destroyed) this.#resumeFromDocument();
			}, 500);
		};
		editor.on('update', look);
		this.#resumeFromDocument();
	}

	/** Puts `files` into the document at `pos` (the selection when none) and sends them. */
	add(files: File[], pos?: number): void {
		const editor = this.#editor;
		if (!editor || !editor.isEditable) return;
		const { texts, maxFileBytes } = this.#options;
		const accepted = files.filter((file) => {
			if (file.size === 0) this.#options.onRefused(texts.empty);
			else if (file.size > maxFileBytes) this.#options.onRefused(texts.tooLarge);
			else return true;
			return false;
		});
		if (accepted.length === 0) return;
		const placeholders = accepted.map((file) => {
			const id = crypto.randomUUID();
			this.#files.set(id, file);
			this.#seen.add(id);
			return {
				type: 'pendingUpload',
				attrs: { uploadId: id, name: file.name || 'image', by: this.#options.userName }
			};
		});
		const at = pos ?? editor.state.selection.to;
		editor.chain().insertContentAt(at, placeholders).run();
		for (const { attrs } of placeholders) {
			const file = this.#files.get(attrs.uploadId)!;
			void this.#keep(attrs.uploadId, file).then(() => this.#sendWithLock(attrs.uploadId));
		}
	}

	/** Draws a placeholder (the editor's node view) and keeps it current; returns its cleanup. */
	draw(node: { uploadId: string; name: string; by: string }, dom: HTMLElement): () => void {
		const { texts } = this.#options;
		const text = document.createElement('span');
		text.className = 'pending-upload-text';
		const bar = document.createElement('progress');
		bar.max = 100;
		const remove = document.createElement('button');
		remove.type = 'button';
		remove.className = 'pending-upload-remove';
		remove.textContent = texts.remove;
		remove.addEventListener('click', () => this.#forget(node.uploadId));
		dom.setAttribute('role', 'status');
		dom.append(text, bar, remove);
		const redraw = () => {
			const state = this.#states.get(node.uploadId);
			const mine = state !== undefined;
			dom.classList.toggle('failed', state?.status === 'failed');
			bar.hidden = state?.status !== 'sending';
			remove.hidden = !mine || state.status === 'sending';
			if (!state) text.textContent = texts.incoming(node.name, node.by);
			else if (state.status === 'sending') {
				const percent = state.total ? Math.floor((state.loaded / state.total) * 100) : 0;
				bar.value = percent;
				text.textContent = texts.sending(node.name, percent);
			} else if (state.status === 'waiting') text.textContent = texts.waiting(node.name);
			else text.textContent = texts.failed(node.name, state.error);
		};
		redraw();
		const views = this.#views.get(node.uploadId) ?? new Set();
		views.add(redraw);
		this.#views.set(node.uploadId, views);
		return () => views.delete(redraw);
	}

	destroy(): void {
		this.#destroyed = true;
		removeEventListener('online', this.#onOnline);
		for (const xhr of this.#requests.values()) xhr.abort();
		for (const wake of this.#wake) wake();
		void this.#pending?.close().catch(() => undefined);
	}

	#set(id: string, state: UploadState | undefined): void {
		if (state) this.#states.set(id, state);
		else this.#states.delete(id);
		for (const redraw of this.#views.get(id) ?? []) redraw();
	}

	async #keep(id: string, file: File): Promise<void> {
		try {
			await this.#pending?.put({
				id,
				documentId: this.#options.documentId,
				target: this.#options.target,
				file
			});
		} catch {
			// No room, or no IndexedDB here: the file is sent from memory while the tab stays open.
		}
	}

	/** Placeholders in the document whose file this device kept: sent again. */
	#resumeFromDocument(): void {
		const editor = this.#editor;
		if (!editor || !this.#pending) return;
		editor.state.doc.descendants((node: ProseMirrorNode) => {
			if (node.type.name !== 'pendingUpload') return true;
			const id = String(node.attrs.uploadId);
			if (id && !this.#seen.has(id)) {
				this.#seen.add(id);
				void this.#pending
					?.get(id)
					.then((kept) => {
						if (!kept || kept.documentId !== this.#options.documentId) return;
						this.#files.set(id, kept.file);
						return this.#sendWithLock(id);
					})
					.catch(() => undefined);
			}
			return false;
		});
	}

	/** Sends the file unless another tab of the person already does. */
	async #sendWithLock(id: string): Promise<void> {
		const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
		if (!locks) return this.#sendUntilDone(id);
		await locks.request(`maillage-upload:${id}`, { ifAvailable: true }, async (lock) => {
			if (lock) await this.#sendUntilDone(id);
		});
	}

	async #sendUntilDone(id: string): Promise<void> {
		let delay = RETRY_MIN_MS;
		while (!this.#destroyed && this.#placeholder(id) !== null) {
			const result = await this.#send(id);
			if (result === 'done' || result === 'refused') return;
			this.#set(id, { status: 'waiting' });
			await this.#pause(delay);
			delay = Math.min(delay * 2, RETRY_MAX_MS);
		}
		// Someone took the placeholder out while the file waited: it is not wanted any more.
		if (!this.#destroyed && this.#placeholder(id) === null) this.#done(id);
	}

	/** Waits `ms`, or less if the connection returns (or the editor closes). */
	#pause(ms: number): Promise<void> {
		return new Promise((resume) => {
			const wake = () => {
				clearTimeout(timer);
				this.#wake.delete(wake);
				resume();
			};
			const timer = setTimeout(wake, ms);
			this.#wake.add(wake);
		});
	}

	#send(id: string): Promise<'done' | 'refused' | 'retry'> {
		const file = this.#files.get(id);
		if (!file) return Promise.resolve('refused');
		return new Promise((settle) => {
			const xhr = new XMLHttpRequest();
			this.#requests.set(id, xhr);
			this.#set(id, { status: 'sending', loaded: 0, total: file.size });
			xhr.upload.onprogress = (event) =>
				this.#set(id, { status: 'sending', loaded: event.loaded, total: file.size });
			xhr.onload = () => {
				this.#requests.delete(id);
				let body: { file?: StoredFile; error?: string } = {};
				try {
					body = JSON.parse(xhr.responseText);
				} catch {
					// Not ours (a proxy's page): the status says enough.
				}
				if (xhr.status === 201 && body.file) {
					this.#settle(id, body.file);
					settle('done');
				} else if (xhr.status === 401 || xhr.status >= 500 || !body.error) {
					settle('retry');
				} else {
					this.#set(id, { status: 'failed', error: body.error });
					settle('refused');
				}
			};
			xhr.onerror = xhr.onabort = () => {
				this.#requests.delete(id);
				settle('retry');
			};
			const name = file.name || `image.${file.type.split('/')[1] ?? 'png'}`;
			xhr.open('PUT', `/televersement?${this.#options.target}&nom=${encodeURIComponent(name)}`);
			xhr.setRequestHeader('content-type', 'application/octet-stream');
			xhr.send(file);
		});
	}

	/** Where the placeholder of upload `id` is now, or null when it is gone. */
	#placeholder(id: string): { pos: number; node: ProseMirrorNode } | null {
		let found: { pos: number; node: ProseMirrorNode } | null = null;
		this.#editor?.state.doc.descendants((node, pos) => {
			if (found) return false;
			if (node.type.name === 'pendingUpload' && node.attrs.uploadId === id) {
				found = { pos, node };
				return false;
			}
			return !node.isLeaf;
		});
		return found;
	}

	/** The file is stored: its placeholder becomes its image or its card. */
	#settle(id: string, file: StoredFile): void {
		const editor = this.#editor;
		const at = this.#placeholder(id);
		if (editor && at) {
			const content = previewable(file.mime)
				? { type: 'image', attrs: { fileId: file.id, alt: file.name } }
				: { type: 'fileCard', attrs: { fileId: file.id, name: file.name, size: file.size } };
			const node = editor.schema.nodeFromJSON(content);
			editor.view.dispatch(editor.state.tr.replaceWith(at.pos, at.pos + at.node.nodeSize, node));
		}
		this.#done(id);
	}

	/** Takes the placeholder out of the document and forgets the file (refused, or not wanted). */
	#forget(id: string): void {
		const editor = this.#editor;
		const at = this.#placeholder(id);
		if (editor && at) {
			editor.view.dispatch(editor.state.tr.delete(at.pos, at.pos + at.node.nodeSize));
		}
		this.#requests.get(id)?.abort();
		this.#done(id);
	}

	#done(id: string): void {
		this.#files.delete(id);
		this.#set(id, undefined);
		void this.#pending?.remove(id).catch(() => undefined);
	}
}

// Files being uploaded from a page: each sent on its own request to /televersement, two at a
// time, with how much of it has left, a way to cancel it, and the server's reason when it is
// refused. Nothing is lost on a refusal: the file stays listed with its reason and can be sent
// again.

export type UploadStatus = 'waiting' | 'sending' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
	key: number;
	name: string;
	size: number;
	loaded: number;
	status: UploadStatus;
	/** Why it failed, in the reader's language. */
	error?: string;
	/** Whether sending it again may work (a lost connection, not a refused type). */
	retryable?: boolean;
}

/** What the server answers of a stored file. */
export interface StoredFile {
	id: string;
	name: string;
	size: number;
	mime: string;
}

export interface UploadQueueOptions {
	/** The query naming where files go now: `groupe=…&dossier=…`, or `fichier=…` for a version. */
	target: () => string;
	/** Called after each file is stored (the page reloads its list). */
	onStored: (file: StoredFile) => void;
	/** Refusals known before sending, and a lost connection, in the reader's language. */
	messages: () => { tooLarge: string; empty: string; networkError: string };
	maxFileBytes: () => number;
	/** How many files are sent at once. */
	parallel?: number;
	/** The request to send with (tests give their own). */
	request?: () => XMLHttpRequest;
}

export class UploadQueue {
	items = $state<UploadItem[]>([]);
	// What is sent, not shown: no page reads these, so they need not be reactive.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#files = new Map<number, { file: File; target: string }>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#requests = new Map<number, XMLHttpRequest>();
	#next = 1;
	#options: UploadQueueOptions;

	constructor(options: UploadQueueOptions) {
		this.#options = options;
	}

	/** Whether some file is still waiting or on its way. */
	get busy(): boolean {
		return this.items.some((i) => i.status === 'waiting' || i.status === 'sending');
	}

	/** Queues files for where the page points now, even if it points elsewhere before they go. */
	add(files: Iterable<File>): void {
		const target = this.#options.target();
		for (const file of files) {
			const key = this.#next++;
			this.#files.set(key, { file, target });
			const messages = this.#options.messages();
			const error =
				file.size > this.#options.maxFileBytes()
					? messages.tooLarge
					: file.size === 0
						? messages.empty
						: undefined;
			this.items.push({
				key,
				name: file.name,
				size: file.size,
				loaded: 0,
				status: error ? 'failed' : 'waiting',
				error
			});
		}
		this.#pump();
	}

	cancel(key: number): void {
		const item = this.#item(key);
		if (!item || (item.status !== 'waiting' && item.status !== 'sending')) return;
		this.#requests.get(key)?.abort();
		item.status = 'cancelled';
		item.loaded = 0;
		this.#pump();
	}

	retry(key: number): void {
		const item = this.#item(key);
		if (!item || !(item.status === 'cancelled' || (item.status === 'failed' && item.retryable)))
			return;
		item.status = 'waiting';
		item.error = undefined;
		item.loaded = 0;
		this.#pump();
	}

	/** Takes a finished, failed or cancelled file off the list. */
	dismiss(key: number): void {
		const item = this.#item(key);
		if (!item || item.status === 'waiting' || item.status === 'sending') return;
		this.items = this.items.filter((i) => i.key !== key);
		this.#files.delete(key);
	}

	#item(key: number): UploadItem | undefined {
		return this.items.find((i) => i.key === key);
	}

	#pump(): void {
		const parallel = this.#options.parallel ?? 2;
		let sending = this.items.filter((i) => i.status === 'sending').length;
		for (const item of this.items) {
			if (sending >= parallel) break;
			if (item.status !== 'waiting') continue;
			sending++;
			this.#send(item);
		}
	}

	#send(item: UploadItem): void {
		const { file, target } = this.#files.get(item.key)!;
		const xhr = this.#options.request?.() ?? new XMLHttpRequest();
		this.#requests.set(item.key, xhr);
		item.status = 'sending';
		const settle = (status: UploadStatus, error?: string, retryable = false) => {
			this.#requests.delete(item.key);
			// A cancelled upload stays cancelled, whatever its request says afterwards.
			const current = this.#item(item.key);
			if (!current || current.status !== 'sending') return;
			current.status = status;
			current.error = error;
			current.retryable = retryable;
			this.#pump();
		};
		xhr.upload.onprogress = (event) => {
			const current = this.#item(item.key);
			if (current?.status === 'sending') current.loaded = event.loaded;
		};
		xhr.onload = () => {
			let body: { file?: StoredFile; error?: string } = {};
			try {
				body = JSON.parse(xhr.responseText);
			} catch {
				// Not ours (a proxy's page): the status says enough.
			}
			if (xhr.status === 201 && body.file) {
				const current = this.#item(item.key);
				if (current) current.loaded = current.size;
				settle('done');
				this.#files.delete(item.key);
				this.#options.onStored(body.file);
			} else {
				// Refused for what the file is (its type, its size, no room left): sending it again
				// changes nothing. A session that ended or a server that failed may do better later.
				const retryable = xhr.status === 401 || xhr.status >= 500 || !body.error;
				settle('failed', body.error ?? this.#options.messages().networkError, retryable);
			}
		};
		xhr.onerror = () => settle('failed', this.#options.messages().networkError, true);
		xhr.onabort = () => settle('cancelled');
		const query = `${target}&nom=${encodeURIComponent(file.name)}`;
		xhr.open('PUT', `/televersement?${query}`);
		xhr.setRequestHeader('content-type', 'application/octet-stream');
		xhr.send(file);
	}
}

/** What `/live` sends, by event name (see src/routes/(app)/live/+server.ts). */
export interface LiveEvents {
	/** A thread of a group the person may read changed. */
	thread: { threadId: string; groupId: string };
	/** The person's notifications changed. */
	notification: Record<string, never>;
	/** The files of a group the person may read changed (added, renamed, moved, binned…). */
	files: { groupId: string };
	/** A proposal, a poll or a decision of a group the person may read changed (an answer, a close…). */
	decisions: { groupId: string };
}
export type LiveEventName = keyof LiveEvents;

/** What the channel uses of an `EventSource`. */
export interface LiveSource {
	readonly readyState: number;
	addEventListener(type: string, listener: (event: MessageEvent) => void): void;
	close(): void;
}

export interface LiveChannelOptions {
	url?: string;
	/** Opens the stream: `new EventSource(url)` in the browser. */
	open?: (url: string) => LiveSource;
	/** The first wait before opening a stream the browser gave up on, doubled up to `maxRetry`. */
	firstRetry?: number;
	maxRetry?: number;
}

const CLOSED = 2; // EventSource.CLOSED, which Node does not define.

/**
 * The page's live channel: one server-sent-event stream, `/live`, shared by whatever listens
 * (the app's layout, pages). The browser reconnects an interrupted stream by itself; one it gave
 * up on (an error status: the server restarting behind a proxy, too many tabs, logged out) is
 * opened again after a wait that doubles each time, and at once when the network comes back.
 */
export class LiveChannel {
	/** The server said the stream is open; false while it is down or reconnecting. */
	connected = $state(false);

	readonly #url: string;
	readonly #open: (url: string) => LiveSource;
	readonly #firstRetry: number;
	readonly #maxRetry: number;
	// Listeners are bookkeeping, not state a component reads: plain collections on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #listeners = new Map<LiveEventName, Set<(data: never) => void>>();
	#source: LiveSource | null = null;
	#users = 0;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#wait: number;

	constructor(options: LiveChannelOptions = {}) {
		this.#url = options.url ?? '/live';
		this.#open = options.open ?? ((url) => new EventSource(url));
		this.#firstRetry = options.firstRetry ?? 2_000;
		this.#maxRetry = options.maxRetry ?? 60_000;
		this.#wait = this.#firstRetry;
	}

	/**
	 * Opens the stream unless it is open already; returns what closes it once every caller of
	 * `connect` has called theirs.
	 */
	connect(): () => void {
		this.#users++;
		if (this.#users === 1) {
			this.#start();
			if (typeof window !== 'undefined') window.addEventListener('online', this.#online);
		}
		let done = false;
		return () => {
			if (done) return;
			done = true;
			if (--this.#users > 0) return;
			if (typeof window !== 'undefined') window.removeEventListener('online', this.#online);
			this.#stop();
		};
	}

	/** Calls `listener` with each event of this name; returns what stops it. */
	on<K extends LiveEventName>(name: K, listener: (data: LiveEvents[K]) => void): () => void {
		let set = this.#listeners.get(name);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		if (!set) this.#listeners.set(name, (set = new Set()));
		set.add(listener as (data: never) => void);
		return () => set.delete(listener as (data: never) => void);
	}

	#start(): void {
		const source = this.#open(this.#url);
		this.#source = source;
		source.addEventListener('ready', () => {
			this.connected = true;
			this.#wait = this.#firstRetry;
		});
		source.addEventListener('error', () => {
			this.connected = false;
			if (source.readyState === CLOSED && this.#source === source) this.#later();
		});
		for (const name of ['thread', 'notification', 'files', 'decisions'] as const) {
			source.addEventListener(name, (event) => this.#dispatch(name, event.data));
		}
	}

	#stop(): void {
		clearTimeout(this.#retry);
		this.#retry = undefined;
		this.#source?.close();
		this.#source = null;
		this.connected = false;
		this.#wait = this.#firstRetry;
	}

	/** Opens the stream again after the current wait, and doubles the next one. */
	#later(): void {
		this.#source?.close();
		this.#source = null;
		this.#retry = setTimeout(() => {
			this.#retry = undefined;
			this.#start();
		}, this.#wait);
		this.#wait = Math.min(this.#wait * 2, this.#maxRetry);
	}

	readonly #online = () => {
		if (this.#retry === undefined) return;
		clearTimeout(this.#retry);
		this.#retry = undefined;
		this.#start();
	};

	#dispatch(name: LiveEventName, raw: unknown): void {
		let data: unknown = {};
		try {
			data = typeof raw === 'string' && raw ? JSON.parse(raw) : {};
		} catch {
			// The server sends JSON; anything else still says that something changed.
		}
		for (const listener of [...(this.#listeners.get(name) ?? [])]) {
			(listener as (data: unknown) => void)(data);
		}
	}
}

/** The channel of this page, shared by the layout and the pages that listen. */
export const live = new LiveChannel();

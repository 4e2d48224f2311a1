export interface RefreshOptions {
	/** Reloads what depends on `dependency` (SvelteKit's `invalidate`). */
	invalidate: (dependency: string) => unknown;
	/** Whether the person is following a link right now. */
	navigating: () => boolean;
	/** Whether the tab is hidden. */
	hidden: () => boolean;
	/** How long requests are gathered before the data is reloaded once for all of them. */
	delay?: number;
	/** How long a reload waits for a navigation in progress, at most. */
	navigationWait?: number;
	now?: () => number;
}

export interface Refresher {
	/** Asks for what depends on `dependency` to be reloaded, soon. */
	request(dependency: string): void;
	/** The tab is shown again: reloads at once what was asked for while it was hidden. */
	shown(): void;
	stop(): void;
}

/**
 * Turns live events into reloads of the page's data, gathered so that a burst of events reloads
 * once. A hidden tab waits until it is shown again, so that reading a thread in the background
 * does not mark it read. A reload waits for a navigation in progress, which it would cancel.
 */
export function createRefresher(options: RefreshOptions): Refresher {
	const { invalidate, navigating, hidden, delay = 150, navigationWait = 3_000 } = options;
	const now = options.now ?? Date.now;
	const pending = new Set<string>();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let waitedSince = 0;

	function flush(): void {
		clearTimeout(timer);
		timer = undefined;
		if (hidden()) return;
		// Not forever: SvelteKit (2.70) leaves `navigating` set when a navigation is overtaken
		// by an invalidation, and the page would then stop hearing anything live.
		if (navigating() && (!waitedSince || now() - waitedSince < navigationWait)) {
			waitedSince ||= now();
			timer = setTimeout(flush, delay);
			return;
		}
		waitedSince = 0;
		for (const dependency of pending) void invalidate(dependency);
		pending.clear();
	}

	return {
		request(dependency) {
			pending.add(dependency);
			timer ??= setTimeout(flush, delay);
		},
		shown() {
			if (pending.size) flush();
		},
		stop() {
			clearTimeout(timer);
			timer = undefined;
			pending.clear();
		}
	};
}

import type { SaveState } from './save-status';

/** How old an edit waiting for the server may get before the editor says it is saving. */
export const SAVING_DELAY = 1000;

/** What `followSaves` reads: a `SaveTracker`, or a stand-in in tests. */
export interface SaveSource {
	readonly state: SaveState;
	/** When the oldest edit not stored yet was made, on the `now` clock; null when none waits. */
	readonly pendingSince: number | null;
	subscribe(listener: (state: SaveState) => void): () => void;
}

/** What is worth saying aloud: the edits now wait for the connection, or they are stored again. */
export type SaveAnnouncement = 'offline' | 'saved';

export interface SaveDisplayOptions {
	/** The state to show; called only when it changes. */
	show: (state: SaveState) => void;
	/** A change a person needs to hear about, for a live region. */
	announce: (what: SaveAnnouncement) => void;
	delay?: number;
	now?: () => number;
}

/**
 * Turns the tracker's truthful state into what the editor shows. Edits stored within `delay`
 * leave "saved" on screen, so steady typing does not flicker between "saving" and "saved";
 * "saving" appears once an edit has waited longer, and stays until everything is stored.
 * "Offline" shows at once. Only losing the connection with edits waiting, and everything
 * being stored again after any interruption, are announced. Returns a function that stops.
 */
export function followSaves(source: SaveSource, options: SaveDisplayOptions): () => void {
	const { show, announce, delay = SAVING_DELAY, now = Date.now } = options;
	let shown: SaveState | null = null;
	let interrupted = false;
	let timer: ReturnType<typeof setTimeout> | undefined;

	function refresh(): void {
		clearTimeout(timer);
		timer = undefined;
		const since = source.pendingSince;
		const state = source.state;
		let next = state;
		// Back from offline, the person was told their edits wait: say at once that they go.
		if (state === 'saving' && shown !== 'saving' && shown !== 'offline') {
			const age = now() - (since ?? now());
			if (age < delay) {
				next = shown ?? 'disconnected';
				timer = setTimeout(refresh, delay - age);
			}
		}
		if (next === shown) return;
		const wasConnected = shown === 'saved' || shown === 'saving';
		shown = next;
		show(next);
		if (next === 'offline') {
			interrupted = true;
			announce('offline');
		} else if (next === 'disconnected' && wasConnected) {
			interrupted = true;
		} else if (next === 'saved' && interrupted) {
			interrupted = false;
			announce('saved');
		}
	}

	const unsubscribe = source.subscribe(refresh);
	return () => {
		unsubscribe();
		clearTimeout(timer);
	};
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefresher } from '$lib/live/refresh';

let reloaded: string[];
let navigating: boolean;
let hidden: boolean;
const refresher = () =>
	createRefresher({
		invalidate: (dependency) => reloaded.push(dependency),
		navigating: () => navigating,
		hidden: () => hidden,
		now: Date.now
	});

beforeEach(() => {
	reloaded = [];
	navigating = false;
	hidden = false;
	vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('createRefresher', () => {
	it('reloads once for a burst of events', () => {
		const r = refresher();
		r.request('app:threads');
		r.request('app:threads');
		r.request('app:notifications');
		expect(reloaded).toEqual([]);
		vi.advanceTimersByTime(150);
		expect(reloaded).toEqual(['app:threads', 'app:notifications']);
		vi.advanceTimersByTime(1_000);
		expect(reloaded).toHaveLength(2);
	});

	it('waits while the tab is hidden, and reloads when it is shown', () => {
		const r = refresher();
		hidden = true;
		r.request('app:threads');
		vi.advanceTimersByTime(10_000);
		expect(reloaded).toEqual([]);
		r.shown();
		expect(reloaded).toEqual([]);
		hidden = false;
		r.shown();
		expect(reloaded).toEqual(['app:threads']);
		r.shown();
		expect(reloaded).toEqual(['app:threads']);
	});

	it('waits for a navigation in progress, but not forever', () => {
		const r = refresher();
		navigating = true;
		r.request('app:threads');
		vi.advanceTimersByTime(1_000);
		expect(reloaded).toEqual([]);
		navigating = false;
		vi.advanceTimersByTime(150);
		expect(reloaded).toEqual(['app:threads']);
		// A navigation SvelteKit never marks as done holds reloads back three seconds at most.
		navigating = true;
		r.request('app:notifications');
		vi.advanceTimersByTime(3_000);
		expect(reloaded).toEqual(['app:threads']);
		vi.advanceTimersByTime(300);
		expect(reloaded).toEqual(['app:threads', 'app:notifications']);
	});

	it('forgets what was asked once stopped', () => {
		const r = refresher();
		r.request('app:threads');
		r.stop();
		vi.advanceTimersByTime(1_000);
		r.shown();
		expect(reloaded).toEqual([]);
	});
});

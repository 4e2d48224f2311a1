import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followSaves, type SaveAnnouncement, type SaveSource } from '$lib/collab/save-display';
import type { SaveState } from '$lib/collab/save-status';

/** Behaves as a SaveTracker does: edits wait until acknowledged, listeners hear state changes. */
class FakeTracker implements SaveSource {
	state: SaveState = 'saved';
	private connected = true;
	private waiting: number[] = [];
	private readonly listeners = new Set<(state: SaveState) => void>();

	get pendingSince(): number | null {
		return this.waiting[0] ?? null;
	}

	edit(): void {
		this.waiting.push(Date.now());
		this.update();
	}

	/** The server stored the oldest `count` edits. */
	ack(count = 1): void {
		this.waiting.splice(0, count);
		this.update();
	}

	goOffline(): void {
		this.connected = false;
		this.update();
	}

	goOnline(): void {
		this.connected = true;
		this.update();
	}

	private update(): void {
		const pending = this.waiting.length > 0;
		const next: SaveState = this.connected
			? pending
				? 'saving'
				: 'saved'
			: pending
				? 'offline'
				: 'disconnected';
		if (next === this.state) return;
		this.state = next;
		for (const listener of this.listeners) listener(next);
	}

	subscribe(listener: (state: SaveState) => void): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}
}

function follow(tracker: FakeTracker) {
	const shown: SaveState[] = [];
	const announced: SaveAnnouncement[] = [];
	const stop = followSaves(tracker, {
		show: (state) => shown.push(state),
		announce: (what) => announced.push(what)
	});
	return { shown, announced, stop };
}

/** Types one character every `every` ms for `during` ms; each is stored `ackAfter` ms later. */
async function typeSteadily(tracker: FakeTracker, every: number, ackAfter: number, during: number) {
	for (let t = 0; t < during; t += every) {
		tracker.edit();
		setTimeout(() => tracker.ack(), ackAfter);
		await vi.advanceTimersByTimeAsync(every);
	}
	await vi.advanceTimersByTimeAsync(ackAfter);
}

beforeEach(() => {
	vi.useFakeTimers();
});

afterEach(() => {
	vi.useRealTimers();
});

describe('followSaves', () => {
	it('shows "saved" all along while typing steadily with each edit stored 50 ms later', async () => {
		const tracker = new FakeTracker();
		const { shown, announced } = follow(tracker);
		await typeSteadily(tracker, 80, 50, 3500);
		expect(shown).toEqual(['saved']);
		expect(announced).toEqual([]);
	});

	it('does not show "saving" for fast typing either, when every edit waits less than a second', async () => {
		const tracker = new FakeTracker();
		const { shown } = follow(tracker);
		// A key every 30 ms, stored 50 ms later: something always waits, but never for long.
		await typeSteadily(tracker, 30, 50, 3500);
		expect(tracker.state).toBe('saved');
		expect(shown).toEqual(['saved']);
	});

	it('shows "saving" once an edit has waited a second, until everything is stored', async () => {
		const tracker = new FakeTracker();
		const { shown, announced } = follow(tracker);
		tracker.edit();
		await vi.advanceTimersByTimeAsync(999);
		expect(shown).toEqual(['saved']);
		await vi.advanceTimersByTimeAsync(1);
		expect(shown).toEqual(['saved', 'saving']);
		tracker.edit();
		tracker.ack();
		expect(shown).toEqual(['saved', 'saving']);
		tracker.ack();
		expect(shown).toEqual(['saved', 'saving', 'saved']);
		expect(announced).toEqual([]);
	});

	it('shows and announces "offline" at once', () => {
		const tracker = new FakeTracker();
		const { shown, announced } = follow(tracker);
		tracker.edit();
		tracker.goOffline();
		expect(shown).toEqual(['saved', 'offline']);
		expect(announced).toEqual(['offline']);
	});

	it('back online, says "saving" at once and announces "saved" once, when stored', async () => {
		const tracker = new FakeTracker();
		const { shown, announced } = follow(tracker);
		tracker.edit();
		tracker.goOffline();
		tracker.edit();
		tracker.goOnline();
		expect(shown).toEqual(['saved', 'offline', 'saving']);
		tracker.ack(2);
		await typeSteadily(tracker, 80, 50, 1000);
		tracker.edit();
		await vi.advanceTimersByTimeAsync(1000);
		tracker.ack();
		expect(shown).toEqual(['saved', 'offline', 'saving', 'saved', 'saving', 'saved']);
		expect(announced).toEqual(['offline', 'saved']);
	});

	it('announces "saved" when the connection comes back after a cut with nothing waiting', () => {
		const tracker = new FakeTracker();
		const { shown, announced } = follow(tracker);
		tracker.goOffline();
		tracker.goOnline();
		expect(shown).toEqual(['saved', 'disconnected', 'saved']);
		expect(announced).toEqual(['saved']);
	});

	it('stops following', async () => {
		const tracker = new FakeTracker();
		const { shown, stop } = follow(tracker);
		tracker.edit();
		stop();
		await vi.advanceTimersByTimeAsync(2000);
		tracker.goOffline();
		expect(shown).toEqual(['saved']);
	});
});

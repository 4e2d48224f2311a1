import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveChannel, type LiveSource } from '$lib/live/channel.svelte';

/** An EventSource the test drives: it says what the server sent, or that the stream failed. */
class FakeSource implements LiveSource {
	readyState = 0;
	closed = false;
	#listeners = new Map<string, ((event: MessageEvent) => void)[]>();
	addEventListener(type: string, listener: (event: MessageEvent) => void) {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
	}
	close() {
		this.closed = true;
		this.readyState = 2;
	}
	send(type: string, data = '{}') {
		for (const listener of this.#listeners.get(type) ?? []) {
			listener(new MessageEvent(type, { data }));
		}
	}
	/** The stream failed; `final` as when the browser gives up (an error status). */
	fail(final: boolean) {
		this.readyState = final ? 2 : 0;
		for (const listener of this.#listeners.get('error') ?? []) listener(new MessageEvent('error'));
	}
}

let sources: FakeSource[];
const channel = () =>
	new LiveChannel({
		open: () => {
			const source = new FakeSource();
			sources.push(source);
			return source;
		},
		firstRetry: 1_000,
		maxRetry: 4_000
	});

beforeEach(() => {
	sources = [];
	vi.useFakeTimers();
	// Node has no window; the channel listens to it for the network coming back.
	vi.stubGlobal('window', new EventTarget());
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('LiveChannel', () => {
	it('opens one stream for all who connect, and closes it when the last one leaves', () => {
		const live = channel();
		const first = live.connect();
		const second = live.connect();
		expect(sources).toHaveLength(1);
		first();
		first();
		expect(sources[0].closed).toBe(false);
		second();
		expect(sources[0].closed).toBe(true);
	});

	it('is connected once the server says the stream is ready, until it fails', () => {
		const live = channel();
		live.connect();
		expect(live.connected).toBe(false);
		sources[0].send('ready');
		expect(live.connected).toBe(true);
		sources[0].fail(false);
		expect(live.connected).toBe(false);
	});

	it('gives each listener the events of its name, with their data', () => {
		const live = channel();
		const threads: unknown[] = [];
		const notifications = vi.fn();
		const stop = live.on('thread', (data) => threads.push(data));
		live.on('notification', notifications);
		live.connect();
		sources[0].send('thread', '{"threadId":"t1","groupId":"g1"}');
		sources[0].send('notification');
		stop();
		sources[0].send('thread', '{"threadId":"t2","groupId":"g1"}');
		expect(threads).toEqual([{ threadId: 't1', groupId: 'g1' }]);
		expect(notifications).toHaveBeenCalledOnce();
	});

	it('leaves an interrupted stream to the browser, which reconnects it', () => {
		const live = channel();
		live.connect();
		sources[0].fail(false);
		vi.advanceTimersByTime(10_000);
		expect(sources).toHaveLength(1);
	});

	it('opens again a stream the browser gave up on, waiting longer each time', () => {
		const live = channel();
		live.connect();
		sources[0].fail(true);
		vi.advanceTimersByTime(999);
		expect(sources).toHaveLength(1);
		vi.advanceTimersByTime(1);
		expect(sources).toHaveLength(2);
		sources[1].fail(true);
		vi.advanceTimersByTime(1_999);
		expect(sources).toHaveLength(2);
		vi.advanceTimersByTime(1);
		expect(sources).toHaveLength(3);
		// Up to the longest wait; a stream that opens brings the wait back to the first.
		sources[2].fail(true);
		vi.advanceTimersByTime(4_000);
		sources[3].fail(true);
		vi.advanceTimersByTime(4_000);
		expect(sources).toHaveLength(5);
		sources[4].send('ready');
		sources[4].fail(true);
		vi.advanceTimersByTime(1_000);
		expect(sources).toHaveLength(6);
	});

	it('opens again at once when the network comes back', () => {
		const live = channel();
		live.connect();
		sources[0].fail(true);
		window.dispatchEvent(new Event('online'));
		expect(sources).toHaveLength(2);
		vi.advanceTimersByTime(10_000);
		expect(sources).toHaveLength(2);
	});

	it('does not open again once everyone left', () => {
		const live = channel();
		const leave = live.connect();
		sources[0].fail(true);
		leave();
		vi.advanceTimersByTime(10_000);
		window.dispatchEvent(new Event('online'));
		expect(sources).toHaveLength(1);
	});
});

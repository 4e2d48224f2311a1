import { describe, expect, it, vi } from 'vitest';
import { OfflineCopy } from '$lib/offline/copy.svelte';

/** A request whose answer the test gives, or withholds. */
function pending() {
	let answer!: () => void;
	let fail!: () => void;
	const promise = new Promise<void>((resolve, reject) => {
		answer = resolve;
		fail = () => reject(new TypeError('Failed to fetch'));
	});
	return { promise, answer, fail };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('OfflineCopy', () => {
	it('reloads a copy once a request for the page reached the server', async () => {
		const request = pending();
		const reload = vi.fn();
		const copy = new OfflineCopy({
			since: '2026-12-06T10:00:00Z',
			reach: () => request.promise,
			reload
		});
		copy.reconnected();
		await tick();
		expect(reload).not.toHaveBeenCalled();
		request.answer();
		await tick();
		expect(reload).toHaveBeenCalledTimes(1);
	});

	it('stays on the copy when the socket got through but the page did not', async () => {
		const reload = vi.fn();
		const requests: ReturnType<typeof pending>[] = [];
		const copy = new OfflineCopy({
			since: '2026-12-06T10:00:00Z',
			reach: () => {
				requests.push(pending());
				return requests.at(-1)!.promise;
			},
			reload
		});
		copy.reconnected();
		// The editor's socket says "connected" again while the first question is out: one at a time.
		copy.reconnected();
		expect(requests).toHaveLength(1);
		requests[0].fail();
		await tick();
		expect(reload).not.toHaveBeenCalled();
		expect(copy.since).toBe('2026-12-06T10:00:00Z');
		// The next sign of a connection asks again, and this time the server answers.
		copy.reconnected();
		expect(requests).toHaveLength(2);
		requests[1].answer();
		await tick();
		expect(reload).toHaveBeenCalledTimes(1);
	});

	it('asks nothing for a page the server answered', async () => {
		const reach = vi.fn(() => Promise.resolve());
		const reload = vi.fn();
		const unmark = vi.fn();
		const copy = new OfflineCopy({ since: '2026-12-06T10:00:00Z', reach, reload, unmark });
		copy.live();
		expect(copy.since).toBeNull();
		expect(unmark).toHaveBeenCalledTimes(1);
		copy.reconnected();
		await tick();
		expect(reach).not.toHaveBeenCalled();
		expect(reload).not.toHaveBeenCalled();
	});
});

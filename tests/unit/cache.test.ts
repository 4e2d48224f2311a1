import { describe, expect, it, vi } from 'vitest';
import { cachedValue, memoised, requestWrites, withRequestMemo } from '$lib/server/cache';

describe('memoised', () => {
	it('reads once per request and key', async () => {
		const read = vi.fn(async () => ({ role: 'lead' }));
		await withRequestMemo(async () => {
			const [a, b] = await Promise.all([memoised('k', read), memoised('k', read)]);
			expect(a).toBe(b);
			await memoised('other', read);
		});
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('reads again once the request has written, and outside any request', async () => {
		let value = 1;
		const read = vi.fn(async () => value);
		await withRequestMemo(async () => {
			expect(await memoised('k', read)).toBe(1);
			value = 2;
			requestWrites();
			expect(await memoised('k', read)).toBe(2);
		});
		expect(await memoised('k', read)).toBe(2);
		expect(await memoised('k', read)).toBe(2);
		expect(read).toHaveBeenCalledTimes(4);
	});

	it('does not answer work the request left behind once it was answered', async () => {
		const read = vi.fn(async () => 'x');
		let later!: () => Promise<string>;
		await withRequestMemo(async () => {
			await memoised('k', read);
			later = () => memoised('k', read);
		});
		await later();
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('forgets a failed read', async () => {
		const read = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue('ok');
		await withRequestMemo(async () => {
			await expect(memoised('k', read)).rejects.toThrow('down');
			expect(await memoised('k', read)).toBe('ok');
		});
	});
});

describe('cachedValue', () => {
	it('keeps a value until it is forgotten or too old', async () => {
		vi.useFakeTimers();
		try {
			let value = 'a';
			const read = vi.fn(async () => value);
			const kept = cachedValue(read, 1_000);
			expect(await kept.get()).toBe('a');
			value = 'b';
			expect(await kept.get()).toBe('a');
			kept.forget();
			expect(await kept.get()).toBe('b');
			value = 'c';
			vi.advanceTimersByTime(1_001);
			expect(await kept.get()).toBe('c');
			expect(read).toHaveBeenCalledTimes(3);
		} finally {
			vi.useRealTimers();
		}
	});
});

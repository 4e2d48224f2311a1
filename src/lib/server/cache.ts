import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long a value kept in memory may lag a change made by another instance of the app (a
 * change made here is seen at once: its writer calls `forget`).
 */
export const SHARED_CACHE_MS = 30_000;

export interface CachedValue<T> {
	get(): Promise<T>;
	/** The value changed: the next `get` reads it again. */
	forget(): void;
}

/**
 * A value every page needs and that rarely changes (the network's branding, the themes' names),
 * read once and kept in memory. Whoever changes it calls `forget` once the change is committed.
 */
export function cachedValue<T>(read: () => Promise<T>, ttlMs = SHARED_CACHE_MS): CachedValue<T> {
	let held: { value: Promise<T>; until: number } | null = null;
	return {
		get() {
			if (!held || held.until < Date.now()) {
				const value = read();
				const entry = { value, until: Date.now() + ttlMs };
				held = entry;
				// A failed read is not kept: the next page asks again.
				value.catch(() => {
					if (held === entry) held = null;
				});
			}
			return held.value;
		},
		forget() {
			held = null;
		}
	};
}

interface RequestMemo {
	values: Map<string, Promise<unknown>>;
	/** The request has been answered: work it left behind reads afresh. */
	over: boolean;
}

const requests = new AsyncLocalStorage<RequestMemo>();

/**
 * Runs a request's work with a memo of what it reads more than once (a group and the person's
 * place in it, asked by the layout, the page and each service they call).
 */
export async function withRequestMemo<T>(work: () => Promise<T>): Promise<T> {
	const memo: RequestMemo = { values: new Map(), over: false };
	try {
		return await requests.run(memo, work);
	} finally {
		memo.over = true;
		memo.values.clear();
	}
}

/**
 * `read()`, once per request and key. Outside a request (sockets, scheduled jobs), or once the
 * request has written anything, it reads again: a memo never answers with what the request
 * itself may have changed.
 */
export function memoised<T>(key: string, read: () => Promise<T>): Promise<T> {
	const memo = requests.getStore();
	if (!memo || memo.over) return read();
	let value = memo.values.get(key) as Promise<T> | undefined;
	if (!value) {
		value = read();
		memo.values.set(key, value);
		value.catch(() => memo.values.delete(key));
	}
	return value;
}

/** The request is about to change something: what it read before no longer holds. */
export function requestWrites(): void {
	requests.getStore()?.values.clear();
}

import { isActionFailure, isHttpError, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { expect } from 'vitest';
import type { Locale } from '$lib/i18n';
import type { SessionUser } from '$lib/server/auth/session';
import type { Session } from '$lib/server/db/schema';

type CookieOptions = Parameters<Cookies['set']>[2];

/** Cookies kept in a map, remembering the options each one was last set with. */
export class MemoryCookies implements Cookies {
	readonly jar = new Map<string, { value: string; options: CookieOptions }>();

	constructor(initial: Record<string, string> = {}) {
		for (const [name, value] of Object.entries(initial)) {
			this.jar.set(name, { value, options: { path: '/' } });
		}
	}

	get = (name: string) => this.jar.get(name)?.value;
	getAll = () => [...this.jar].map(([name, { value }]) => ({ name, value }));
	set = (name: string, value: string, options: CookieOptions) => {
		this.jar.set(name, { value, options });
	};
	delete = (name: string) => {
		this.jar.delete(name);
	};
	serialize = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`;
}

export interface FakeEventOptions {
	/** Path and query of the request, on http://localhost. */
	path?: string;
	/** Where the request was sent (its Host, as adapter-node reads it), if not http://localhost. */
	origin?: string;
	/** Fields of the submitted form; none for a GET. */
	form?: Record<string, string>;
	/** A whole body to post instead (a multipart form with files, a stream). */
	body?: FormData | ReadableStream<Uint8Array>;
	user?: SessionUser | null;
	session?: Session | null;
	locale?: Locale;
	params?: Record<string, string>;
	cookies?: Record<string, string>;
	headers?: Record<string, string>;
	/** What `getClientAddress()` answers; 127.0.0.1 unless told. */
	clientAddress?: string;
}

export interface FakeEvent<E> {
	event: E;
	cookies: MemoryCookies;
	locals: App.Locals;
}

/**
 * The parts of a SvelteKit RequestEvent that loads, form actions and hooks read. `E` is the
 * exact event type the route expects, so a form action can be called with it directly.
 */
export function fakeEvent<E = RequestEvent>(options: FakeEventOptions = {}): FakeEvent<E> {
	const url = new URL(options.path ?? '/', options.origin ?? 'http://localhost');
	const body = options.body ?? (options.form ? new FormData() : undefined);
	for (const [name, value] of Object.entries(options.form ?? {})) {
		if (body instanceof FormData) body.append(name, value);
	}
	const request = new Request(url, {
		method: body ? 'POST' : 'GET',
		body,
		...(body instanceof ReadableStream && { duplex: 'half' }),
		// A browser always names the host it sent the request to.
		headers: { host: url.host, ...options.headers }
	});
	const cookies = new MemoryCookies(options.cookies);
	const locals: App.Locals = {
		user: options.user ?? null,
		session: options.session ?? null,
		shell: null,
		locale: options.locale ?? 'fr'
	};
	const event = {
		request,
		url,
		locals,
		cookies,
		params: options.params ?? {},
		route: { id: null },
		getClientAddress: () => options.clientAddress ?? '127.0.0.1',
		setHeaders: () => {},
		// Load functions declare what reloads them; nothing does in a test.
		depends: () => {},
		parent: async () => ({}),
		untrack: <T>(fn: () => T) => fn(),
		isDataRequest: false,
		isSubRequest: false,
		platform: undefined,
		fetch
	};
	return { event: event as unknown as E, cookies, locals };
}

/** What a form action returned or threw (a redirect, an HttpError). */
export async function run<E, R>(
	action: (event: E) => R,
	options: FakeEventOptions = {}
): Promise<{ result?: Awaited<R>; thrown?: unknown; cookies: MemoryCookies }> {
	const { event, cookies } = fakeEvent<E>(options);
	try {
		return { result: await action(event), cookies };
	} catch (thrown) {
		return { thrown, cookies };
	}
}

export interface FailureData {
	values: Record<string, string>;
	errors: Record<string, string>;
}

/** Asserts that a form action answered with `fail(status, { values, errors })` and returns it. */
export function expectFailure(result: unknown, status = 400): FailureData {
	expect(isActionFailure(result), 'an ActionFailure').toBe(true);
	const failure = result as { status: number; data: FailureData };
	expect(failure.status).toBe(status);
	return failure.data;
}

/** Fails unless `thrown` is SvelteKit's HttpError with this status (a refused guard). */
export function expectHttpError(thrown: unknown, status: number): void {
	expect(isHttpError(thrown, status), String(thrown)).toBe(true);
}

/** The request of a meeting's page (or one of its form actions) in a group, by a person. */
export function meetingRequest(
	slug: string,
	user: SessionUser,
	meetingId: string,
	action?: string,
	form?: Record<string, string>
): FakeEventOptions {
	return {
		path: `/groupes/${slug}/reunions/${meetingId}${action ? `?/${action}` : ''}`,
		params: { slug, meetingId },
		user,
		form
	};
}

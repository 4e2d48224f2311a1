import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { handle } from '../../src/hooks.server';
import { createTestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';

await createTestDb();
// An instance set up: its pages, not the setup page, answer.
await buildUser({ role: 'admin' });

vi.mock('@sveltejs/kit/hooks', () => import('../helpers/kit-hooks'));

/** Sends `request` through the app's hooks; whether it reached the route, and the status. */
async function send(method: string, headers: Record<string, string>, path = '/logout') {
	const url = new URL(path, 'http://localhost:3000');
	const request = new Request(url, { method, headers: { host: url.host, ...headers } });
	let reached = false;
	const event = {
		request,
		url,
		locals: {},
		cookies: { get: () => undefined, set: () => {}, delete: () => {} },
		getClientAddress: () => '127.0.0.1'
	} as unknown as RequestEvent;
	const response = await handle({
		event,
		resolve: async () => {
			reached = true;
			return new Response('ok');
		}
	});
	return { status: response.status, reached };
}

describe('a request that changes something', () => {
	it('is refused from another site whatever its content type, before any route', async () => {
		// A page elsewhere posting to /logout with no Content-Type (SvelteKit checks only forms).
		expect(await send('POST', { origin: 'https://evil.example' })).toEqual({
			status: 403,
			reached: false
		});
		expect(
			await send('POST', { origin: 'https://evil.example', 'content-type': 'application/json' })
		).toEqual({ status: 403, reached: false });
		expect(await send('DELETE', { 'sec-fetch-site': 'cross-site' })).toEqual({
			status: 403,
			reached: false
		});
		// Neither Origin nor Sec-Fetch-Site: not a page of the app (curl, a forged client).
		expect(await send('POST', {})).toEqual({ status: 403, reached: false });
	});

	it('goes through from the app’s own pages', async () => {
		expect(await send('POST', { origin: 'http://localhost:3000' })).toEqual({
			status: 200,
			reached: true
		});
		expect(await send('POST', { 'sec-fetch-site': 'same-origin' })).toEqual({
			status: 200,
			reached: true
		});
		expect(await send('GET', { origin: 'https://evil.example' })).toEqual({
			status: 200,
			reached: true
		});
	});
});

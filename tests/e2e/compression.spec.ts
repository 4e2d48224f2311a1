import { expect, test } from '@playwright/test';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn } from './support';

// Pages and their data leave compressed when the client accepts it, as the client asked; the
// live events never are. Asked with Node's own client, which decodes nothing by itself.

let server: RunningServer;
test.beforeAll(async () => {
	server = await startServer({ demo: true });
});
test.afterAll(async () => {
	await server?.stop();
});

interface Answer {
	status: number;
	headers: IncomingMessage['headers'];
	body: Buffer;
}

/** GETs `path` with these headers; reads the body unless told to stop at the headers. */
function get(path: string, headers: Record<string, string>, whole = true): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(new URL(path, server.url), { headers }, (res) => {
			if (!whole) {
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) });
				res.destroy();
				return;
			}
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
		});
		req.on('error', reject);
		req.end();
	});
}

function decode(answer: Answer): string {
	const encoding = answer.headers['content-encoding'];
	if (encoding === 'br') return brotliDecompressSync(answer.body).toString();
	if (encoding === 'gzip') return gunzipSync(answer.body).toString();
	expect(encoding).toBeUndefined();
	return answer.body.toString();
}

test('pages and their data are compressed as the client asks, live events never', async ({
	page
}) => {
	await logIn(page, server.url, 'coordination@maillage.test');
	const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

	// The dashboard: a large page, the same text whichever way it travels.
	const plain = await get('/tableau-de-bord', { cookie });
	expect(plain.status).toBe(200);
	expect(plain.headers['content-encoding']).toBeUndefined();
	const html = decode(plain);
	expect(html).toContain('<html');

	const gzip = await get('/tableau-de-bord', { cookie, 'accept-encoding': 'gzip' });
	expect(gzip.headers['content-encoding']).toBe('gzip');
	expect(gzip.headers.vary).toMatch(/accept-encoding/i);
	expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
	expect(decode(gzip)).toContain('<html');

	const br = await get('/tableau-de-bord', { cookie, 'accept-encoding': 'gzip, deflate, br' });
	expect(br.headers['content-encoding']).toBe('br');
	expect(br.headers.vary).toMatch(/accept-encoding/i);
	expect(decode(br)).toContain('<html');

	// The data of a page loaded without reloading.
	const data = await get('/tableau-de-bord/__data.json', { cookie, 'accept-encoding': 'br' });
	expect(data.status).toBe(200);
	expect(data.headers['content-encoding']).toBe('br');
	expect(JSON.parse(decode(data)).type).toBe('data');

	// The board's CSV export, every action of the network.
	const csv = await get('/actions/export.csv', { cookie, 'accept-encoding': 'gzip' });
	expect(csv.status).toBe(200);
	expect(String(csv.headers['content-type'])).toContain('text/csv');
	expect(csv.headers['content-encoding']).toBe('gzip');
	expect(decode(csv).split('\n').length).toBeGreaterThan(10);

	// The page that shows the personal calendar address, a secret: never compressed (BREACH).
	const secret = await get('/profil/agenda', { cookie, 'accept-encoding': 'br' });
	expect(secret.status).toBe(200);
	expect(secret.headers['content-encoding']).toBeUndefined();

	// An encoding the server does not offer: the page comes as it is.
	const unknown = await get('/tableau-de-bord', { cookie, 'accept-encoding': 'zstd' });
	expect(unknown.headers['content-encoding']).toBeUndefined();

	// The live events: each must reach the page as soon as it is sent.
	const live = await get('/live', { cookie, 'accept-encoding': 'gzip, br' }, false);
	expect(live.status).toBe(200);
	expect(String(live.headers['content-type'])).toContain('text/event-stream');
	expect(live.headers['content-encoding']).toBeUndefined();
});

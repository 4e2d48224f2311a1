// How bench:http measures a page: the bytes its HTML takes on the wire, plain and compressed,
// then autocannon's requests a second and latencies, asking for br or gzip as a browser does.
import autocannon from 'autocannon';
import { request } from 'node:http';
import { round } from './measure.ts';

/** What browsers send: the server answers in br when it may, else gzip. */
export const ACCEPT_ENCODING = 'br, gzip';

/** One GET as the person of `cookie`: its status, encoding, bytes on the wire and body. */
export function getRaw(origin: string, path: string, cookie: string, encoding: string | null) {
	return new Promise<{ status: number; encoding: string; bytes: number; body: Buffer }>(
		(resolve, reject) => {
			const headers: Record<string, string> = { cookie };
			if (encoding) headers['accept-encoding'] = encoding;
			// node:http leaves the body as sent: compressed bytes are counted as such.
			const req = request(origin + path, { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const body = Buffer.concat(chunks);
					resolve({
						status: res.statusCode ?? 0,
						encoding: String(res.headers['content-encoding'] ?? 'identity'),
						bytes: body.byteLength,
						body
					});
				});
			});
			req.on('error', reject);
			req.end();
		}
	);
}

/**
 * The page's HTML once without asking for compression (its size, and its text), then once as a
 * browser asks: both must be 200s.
 */
export async function htmlSizes(origin: string, path: string, cookie: string) {
	const plain = await getRaw(origin, path, cookie, null);
	if (plain.status !== 200) throw new Error(`GET ${path}: HTTP ${plain.status}`);
	const sent = await getRaw(origin, path, cookie, ACCEPT_ENCODING);
	if (sent.status !== 200) throw new Error(`GET ${path} (${ACCEPT_ENCODING}): HTTP ${sent.status}`);
	return {
		html: plain.body.toString(),
		plainKiB: round(plain.bytes / 1024, 1),
		sentKiB: round(sent.bytes / 1024, 1),
		encoding: sent.encoding
	};
}

/** autocannon on one page, `warmup` seconds unmeasured first. */
export async function loadPage(
	origin: string,
	path: string,
	cookie: string,
	{ connections, duration, warmup }: { connections: number; duration: number; warmup: number }
) {
	const run = (seconds: number) =>
		autocannon({
			url: origin + path,
			connections,
			duration: seconds,
			headers: { cookie, 'accept-encoding': ACCEPT_ENCODING }
		});
	if (warmup > 0) await run(warmup);
	const result = await run(duration);
	return {
		requests: result.requests.total,
		bad: result.non2xx + result.errors + result.timeouts,
		rps: round(result.requests.average, 1),
		p50: result.latency.p50,
		p99: result.latency.p99,
		/** What autocannon read a response, on average: the compressed body and the headers. */
		bytesPerResponse: result.requests.total
			? Math.round(result.throughput.total / result.requests.total)
			: 0
	};
}

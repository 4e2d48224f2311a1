// One connect/disconnect cycle of the churn drill, of a kind drawn at random: a person who opens
// a document, types and leaves, and the faults of real networks and clients — sockets dropped
// without a close, closed before the document loaded or in the middle of the handshake,
// garbage and oversized frames, no session, a foreign page, a document that does not exist.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { DrillClient } from './client.ts';
import { sleep, until } from './target.ts';

/** Frames above this size are refused by the server (MAX_FRAME_BYTES). */
const TOO_BIG = Buffer.alloc(1024 * 1024 + 1);

export type Target = { port: number; origin: string; wsUrl: (id: string) => string };
export type Cycle = {
	target: Target;
	documentId: string;
	headers: Record<string, string>;
	random: () => number;
};

/** The kinds of cycles and their weights. */
export const KINDS = [
	['edit', 25],
	['read', 20],
	['drop', 10],
	['early', 10],
	['handshake', 10],
	['garbage', 8],
	['oversized', 2],
	['anonymous', 5],
	['foreign', 5],
	['unknown', 5]
] as const;
const TOTAL = KINDS.reduce((n, [, weight]) => n + weight, 0);

/** A kind of cycle drawn by weight. */
export function drawKind(random: () => number) {
	let roll = random() * TOTAL;
	for (const [kind, weight] of KINDS) {
		roll -= weight;
		if (roll < 0) return kind;
	}
	return KINDS[0][0];
}

/**
 * Runs one cycle; resolves with its outcome ("ok", or what happened instead). Never rejects.
 */
export async function runCycle(kind: (typeof KINDS)[number][0], cycle: Cycle) {
	try {
		return await CYCLES[kind](cycle);
	} catch (e) {
		return (e instanceof Error ? e.message : String(e)).replace(/\d+ ms/, 'N ms').slice(0, 60);
	}
}

const CYCLES: Record<(typeof KINDS)[number][0], (cycle: Cycle) => Promise<string>> = {
	async edit({ target, documentId, headers, random }) {
		const client = new DrillClient({ url: target.wsUrl(documentId), headers, random });
		try {
			await client.connect(10_000);
			const keys = 1 + Math.floor(random() * 3);
			for (let i = 0; i < keys; i++) client.keystroke();
			await until(() => client.allAcked(), 10_000, 'the keystrokes to be stored');
			client.close();
			return 'ok';
		} finally {
			client.destroy();
		}
	},
	async read({ target, documentId, headers, random }) {
		const client = new DrillClient({ url: target.wsUrl(documentId), headers, random });
		try {
			await client.connect(10_000);
			client.close();
			return 'ok';
		} finally {
			client.destroy();
		}
	},
	async drop({ target, documentId, headers, random }) {
		const client = new DrillClient({ url: target.wsUrl(documentId), headers, random });
		await client.connect(10_000).finally(() => client.destroy());
		return 'ok';
	},
	async early({ target, documentId, headers }) {
		const ws = new WebSocket(target.wsUrl(documentId), { headers });
		return new Promise<string>((resolve) => {
			ws.on('error', () => resolve('error'));
			ws.on('unexpected-response', (_request, response) => {
				ws.terminate();
				resolve(`refused ${response.statusCode}`);
			});
			ws.on('open', () => {
				ws.terminate();
				resolve('ok');
			});
		});
	},
	async handshake({ target, documentId, headers, random }) {
		const socket = connect(target.port, '127.0.0.1');
		socket.on('error', () => {});
		socket.write(
			[
				`GET /collab/${documentId} HTTP/1.1`,
				`Host: 127.0.0.1:${target.port}`,
				'Upgrade: websocket',
				'Connection: Upgrade',
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
				'Sec-WebSocket-Version: 13',
				`Origin: ${headers.origin}`,
				`Cookie: ${headers.cookie}`,
				'',
				''
			].join('\r\n')
		);
		await sleep(random() * 5);
		socket.destroy();
		return 'ok';
	},
	async garbage({ target, documentId, headers, random }) {
		const bytes = Buffer.from(
			Array.from({ length: 1 + Math.floor(random() * 64) }, () => random() * 256)
		);
		// A type byte the server does not know, so the frame is always wrong.
		bytes[0] = 0x7f;
		return closedAfter(target.wsUrl(documentId), headers, bytes, [1002, 1003]);
	},
	async oversized({ target, documentId, headers }) {
		return closedAfter(target.wsUrl(documentId), headers, TOO_BIG, [1009]);
	},
	async anonymous({ target, documentId, headers }) {
		return refused(target.wsUrl(documentId), { origin: headers.origin }, 401);
	},
	async foreign({ target, documentId, headers }) {
		return refused(target.wsUrl(documentId), { ...headers, origin: 'http://evil.test' }, 403);
	},
	async unknown({ target, headers }) {
		return refused(target.wsUrl(randomUUID()), headers, 403);
	}
};

/**
 * Opens a socket, sends `bytes`, and expects the server to close it with one of `codes`.
 */
function closedAfter(
	url: string,
	headers: Record<string, string>,
	bytes: Uint8Array,
	codes: number[]
) {
	const ws = new WebSocket(url, { headers, perMessageDeflate: false });
	return new Promise<string>((resolve) => {
		const timer = setTimeout(() => {
			ws.terminate();
			resolve('not closed');
		}, 10_000);
		ws.on('error', () => {});
		ws.on('unexpected-response', (_request, response) => {
			clearTimeout(timer);
			ws.terminate();
			resolve(`refused ${response.statusCode}`);
		});
		ws.on('open', () => ws.send(bytes));
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve(codes.includes(code) ? 'ok' : `closed ${code}`);
		});
	});
}

/**
 * Expects the upgrade to be refused with `status`.
 */
function refused(url: string, headers: Record<string, string>, status: number) {
	const ws = new WebSocket(url, { headers });
	return new Promise<string>((resolve) => {
		ws.on('error', () => resolve('error'));
		ws.on('unexpected-response', (_request, response) => {
			ws.terminate();
			resolve(response.statusCode === status ? 'ok' : `refused ${response.statusCode}`);
		});
		ws.on('open', () => {
			ws.terminate();
			resolve('let in');
		});
	});
}

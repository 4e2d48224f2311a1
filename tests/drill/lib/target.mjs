// The production server as a drill target: a fresh database that outlives the server's restarts
// (a new PostgreSQL database, or a PGlite folder), the server started on it (directly, or through
// a proxy the drill can cut), the demo writers' sessions and documents to type in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import * as Y from 'yjs';
import {
	createDatabase,
	createDocument,
	DEMO_WRITERS,
	login,
	startServer
} from '../../bench/lib/maillage.mjs';

/** @typedef {Awaited<ReturnType<typeof startServer>>} Server */
/** @typedef {Awaited<ReturnType<typeof freshDatabase>>} Database */

/**
 * A fresh database: on the PostgreSQL server of `databaseUrl` (only 127.0.0.1), dropped by
 * `drop()`, with a direct connection for the drill's own reads; else a PGlite folder.
 * @param {string | null} databaseUrl
 */
export async function freshDatabase(databaseUrl) {
	if (databaseUrl) {
		const database = await createDatabase(databaseUrl);
		const sql = postgres(database.url, { max: 2, onnotice: () => {} });
		return {
			engine: /** @type {const} */ ('PostgreSQL'),
			url: /** @type {string | null} */ (database.url),
			dataDir: /** @type {string | null} */ (null),
			/** @type {postgres.Sql | null} */
			sql,
			async drop() {
				await sql.end({ timeout: 5 });
				await database.drop();
			}
		};
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'maillage-drill-'));
	return {
		engine: /** @type {const} */ ('PGlite'),
		url: /** @type {string | null} */ (null),
		dataDir: /** @type {string | null} */ (dataDir),
		/** @type {postgres.Sql | null} */
		sql: null,
		async drop() {
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * Starts `node server.js --demo` on the database (the demo network is seeded on the first start
 * only), on `port` when it restarts one. `proxyPort` routes its PostgreSQL connections through
 * a proxy on that port of 127.0.0.1; `env` adds to its environment.
 * @param {string} root
 * @param {Database} database
 * @param {{ port?: number, proxyPort?: number, env?: Record<string, string> }} [options]
 */
export function launch(root, database, { port, proxyPort, env } = {}) {
	let databaseUrl = database.url;
	if (databaseUrl && proxyPort) {
		const url = new URL(databaseUrl);
		url.port = String(proxyPort);
		databaseUrl = url.toString();
	}
	return startServer({ root, databaseUrl, dataDir: database.dataDir, port, env });
}

/** Kills the server with SIGKILL, no warning, and waits until it is gone. */
export async function kill(/** @type {Server} */ server) {
	process.kill(server.pid, 'SIGKILL');
	await server.exited;
	// Removes the temporary folder startServer made (PostgreSQL runs keep none).
	await server.stop();
}

/**
 * Logs in `count` demo writers (sessions stay valid across restarts: they are stored); returns
 * the headers each one's sockets send, as a browser would.
 * @param {Server} server
 */
export async function people(server, count = DEMO_WRITERS.length) {
	const headers = [];
	for (const email of DEMO_WRITERS.slice(0, count)) {
		headers.push({ cookie: await login(server.origin, email), origin: server.origin });
	}
	return headers;
}

/**
 * Creates `count` documents in the demo group; returns their ids.
 * @param {Server} server
 * @param {{ cookie: string }} author
 */
export async function documents(server, author, count, title = 'Exercice') {
	const ids = [];
	for (let i = 0; i < count; i++) {
		ids.push(await createDocument(server.origin, author.cookie, `${title} ${i + 1}`));
	}
	return ids;
}

/** The collaboration server's figures, after a full garbage collection (tests/bench/lib/probe.mjs). */
export async function stats(/** @type {Server} */ server) {
	const memory = await server.settledMemory();
	if (!memory.collab) throw new Error('the server has no collaboration server yet');
	const { rss, heapUsed, heapTotal, external, arrayBuffers } = memory;
	return { ...memory.collab, rss, heapUsed, heapTotal, external, arrayBuffers };
}

/**
 * The document as stored in PostgreSQL, read directly (not through the server): its snapshot
 * parts and every update after it, in one repeatable-read transaction, applied to a new Y.Doc.
 * @param {postgres.Sql} sql
 * @param {string} documentId
 */
export async function storedDoc(sql, documentId) {
	const { snapshot, updates } = await sql.begin('isolation level repeatable read', async (tx) => {
		const parts = await tx`select state, up_to_id::int8::text as up_to from document_snapshots
			where document_id = ${documentId} order by part`;
		const after = parts.length > 0 ? Number(parts[0].up_to) : 0;
		const rows = await tx`select data from document_updates
			where document_id = ${documentId} and id > ${after} order by id`;
		return { snapshot: parts.map((p) => p.state), updates: rows.map((r) => r.data) };
	});
	const doc = new Y.Doc();
	Y.transact(doc, () => {
		for (const update of [...snapshot, ...updates]) Y.applyUpdate(doc, update);
	});
	return doc;
}

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `check` holds, polling every 20 ms; throws after `timeoutMs`. */
export async function until(
	/** @type {() => boolean} */ check,
	/** @type {number} */ timeoutMs,
	/** @type {string} */ what
) {
	const deadline = performance.now() + timeoutMs;
	while (!check()) {
		if (performance.now() > deadline)
			throw new Error(`timed out (${timeoutMs} ms) waiting for ${what}`);
		await sleep(20);
	}
}

/** A small seeded generator (mulberry32): the same seed draws the same run. */
export function seeded(/** @type {number} */ seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

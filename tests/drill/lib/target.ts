// The production server as a drill target: a fresh database that outlives the server's restarts
// (a new PostgreSQL database, or a PGlite folder), the server started on it (directly, or through
// a proxy the drill can cut), the demo writers' sessions and documents to type in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import * as Y from 'yjs';
import { createDatabase } from '../../support/database.ts';
import { createDocument, DEMO_WRITERS, loginEach } from '../../support/logins.ts';
import { startServer, type ProductionServer } from '../../support/server.ts';

export type Server = ProductionServer;

/** The database a drill runs on, which outlives the server's restarts. */
export interface Database {
	engine: 'PostgreSQL' | 'PGlite';
	/** The PostgreSQL database's URL; null on PGlite. */
	url: string | null;
	/** The PGlite folder; null on PostgreSQL. */
	dataDir: string | null;
	/** A direct connection for the drill's own reads, on PostgreSQL. */
	sql: postgres.Sql | null;
	drop: () => Promise<void>;
}

/** What a person's sockets send, as a browser would. */
export interface SocketHeaders extends Record<string, string> {
	cookie: string;
	origin: string;
}

/**
 * A fresh database: on the PostgreSQL server of `databaseUrl` (only 127.0.0.1), dropped by
 * `drop()`, with a direct connection for the drill's own reads; else a PGlite folder.
 */
export async function freshDatabase(databaseUrl: string | null): Promise<Database> {
	if (databaseUrl) {
		const database = await createDatabase(databaseUrl);
		const sql = postgres(database.url, { max: 2, onnotice: () => {} });
		return {
			engine: 'PostgreSQL',
			url: database.url,
			dataDir: null,
			sql,
			async drop() {
				await sql.end({ timeout: 5 });
				await database.drop();
			}
		};
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'maillage-drill-'));
	return {
		engine: 'PGlite',
		url: null,
		dataDir,
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
 */
export function launch(
	root: string,
	database: Database,
	{ port, proxyPort, env }: { port?: number; proxyPort?: number; env?: Record<string, string> } = {}
) {
	let databaseUrl = database.url;
	if (databaseUrl && proxyPort) {
		const url = new URL(databaseUrl);
		url.port = String(proxyPort);
		databaseUrl = url.toString();
	}
	return startServer({ root, databaseUrl, dataDir: database.dataDir, port, env });
}

/** Kills the server with SIGKILL, no warning, and waits until it is gone. */
export async function kill(server: Server) {
	process.kill(server.pid, 'SIGKILL');
	await server.exited;
	// Removes the temporary folder startServer made (PostgreSQL runs keep none).
	await server.stop();
}

/**
 * Logs in `count` demo writers (sessions stay valid across restarts: they are stored); returns
 * the headers each one's sockets send, as a browser would.
 */
export async function people(
	server: Server,
	count = DEMO_WRITERS.length
): Promise<SocketHeaders[]> {
	const cookies = await loginEach(server.origin, DEMO_WRITERS.slice(0, count));
	return cookies.map((cookie) => ({ cookie, origin: server.origin }));
}

/**
 * Creates `count` documents in the demo group; returns their ids.
 */
export async function documents(
	server: Server,
	author: Pick<SocketHeaders, 'cookie'>,
	count: number,
	title = 'Exercice'
): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		ids.push(await createDocument(server.origin, author.cookie, `${title} ${i + 1}`));
	}
	return ids;
}

/**
 * The collaboration server's figures, after a full garbage collection (tests/support/probe.mjs).
 */
export async function stats(server: Server) {
	const memory = await server.settledMemory();
	if (!memory.collab) throw new Error('the server has no collaboration server yet');
	const { rss, heapUsed, heapTotal, external, arrayBuffers } = memory;
	return { ...memory.collab, rss, heapUsed, heapTotal, external, arrayBuffers };
}

/**
 * The document as stored in PostgreSQL, read directly (not through the server): its snapshot
 * parts and every update after it, in one repeatable-read transaction, applied to a new Y.Doc.
 */
export async function storedDoc(sql: postgres.Sql, documentId: string) {
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `check` holds, polling every 20 ms; throws after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string) {
	const deadline = performance.now() + timeoutMs;
	while (!check()) {
		if (performance.now() > deadline)
			throw new Error(`timed out (${timeoutMs} ms) waiting for ${what}`);
		await sleep(20);
	}
}

/** A small seeded generator (mulberry32): the same seed draws the same run. */
export function seeded(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// The Maillage production server as a benchmark target: started as a child process on
// 127.0.0.1 with the demo accounts, on a fresh embedded database (a temporary DATA_DIR) or a
// fresh PostgreSQL database; logins and document creation go through its HTTP forms, like a
// browser's.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';

export const HOST = '127.0.0.1';
export const SESSION_COOKIE = 'maillage_session';
export const DEMO_PASSWORD = 'route-industrie';
/** The demo group the documents are created in, and its members who may write, lead first. */
export const DEMO_GROUP = 'mutualisation';
export const DEMO_WRITERS = [
	'membre@maillage.test',
	'nicolas.haas@maillage.test',
	'sebastien.koenig@maillage.test',
	'laura.wendling@maillage.test',
	'elodie.herrmann@maillage.test',
	'romain.vogel@maillage.test'
];

/** The newest modification time under `path` (the same rule as server.js). */
function newest(/** @type {string} */ path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(/** @type {number} */ max, name) => Math.max(max, newest(join(path, name))),
		stat.mtimeMs
	);
}

/** Runs `npm run build` when the build is missing or older than the sources. */
export function ensureBuild(/** @type {string} */ root) {
	const handler = join(root, 'build', 'handler.js');
	const builtAt = existsSync(handler) ? statSync(handler).mtimeMs : 0;
	const sources = ['src', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'];
	if (!sources.some((p) => newest(join(root, p)) > builtAt)) return false;
	console.log('Building Maillage (npm run build)…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
	return true;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, HOST, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * A PostgreSQL URL made safe for the benchmark: only 127.0.0.1 (localhost is rewritten to it).
 * @param {string} raw
 */
export function loopbackDatabaseUrl(raw) {
	const url = new URL(raw);
	if (url.hostname === 'localhost') url.hostname = HOST;
	if (url.hostname !== HOST) {
		throw new Error(`the benchmark only talks to ${HOST}; refusing database host ${url.hostname}`);
	}
	return url;
}

/**
 * A fresh database on the PostgreSQL server of `serverUrl`, and how to measure and drop it.
 * @param {string} serverUrl
 */
export async function createDatabase(serverUrl) {
	const base = loopbackDatabaseUrl(serverUrl);
	const name = `maillage_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
	const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	const inside = postgres(url.toString(), { max: 1, onnotice: () => {} });
	return {
		name,
		url: url.toString(),
		/** WAL written by the whole cluster so far (pg_stat_wal, PostgreSQL 14+), in bytes. */
		async walBytes() {
			try {
				const [row] = await admin`select wal_bytes::text as bytes from pg_stat_wal`;
				return Number(row.bytes);
			} catch {
				return null;
			}
		},
		async size() {
			const [row] = await admin`select pg_database_size(${name})::text as bytes`;
			return Number(row.bytes);
		},
		/** Server processes (backends) serving this database: their CPU is the database's. */
		async backendPids() {
			const rows = await admin`select pid from pg_stat_activity where datname = ${name}`;
			return rows.map((r) => Number(r.pid));
		},
		/** Rows waiting to be compacted, and snapshots. */
		async rows() {
			const [row] = await inside`select
				(select count(*) from document_updates)::int as updates,
				(select count(*) from document_snapshots)::int as snapshots`;
			return { updates: row.updates, snapshots: row.snapshots };
		},
		async drop() {
			await inside.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}

/** Servers started and not yet exited, killed if the benchmark ends without stopping them. */
const running = new Set(/** @type {{ kill: () => void }[]} */ ([]));
process.on('exit', () => {
	for (const server of running) server.kill();
});

/**
 * The collaboration server's figures (CollabServer.stats()), null before it exists.
 * @typedef {{ rooms: number, connections: number, joining: number, loading: number,
 *   unloading: number, loads: number, failedLoads: number, unloads: number, reloads: number,
 *   pendingWrites: number, commits: number, rows: number, bytes: number }} CollabStats
 */

/**
 * @typedef {{ rss: number, heapUsed: number, heapTotal: number, external: number,
 *   arrayBuffers: number, gc: boolean, collab: CollabStats | null }} ProbeMemory
 */

/**
 * Starts `node server.js --demo` on a free port of 127.0.0.1 and waits until it answers.
 * With `cpuProfileDir`, the server writes a V8 CPU profile there when it exits. With `dataDir`,
 * it opens that (already seeded) folder and leaves it in place; `demo: false` serves the
 * database as it is, without adding the demo network. `port` restarts a server where it was;
 * `env` adds to its environment.
 * @param {{ root: string, databaseUrl?: string | null, cpuProfileDir?: string | null,
 *   dataDir?: string | null, demo?: boolean, port?: number, env?: Record<string, string> }} options
 */
export async function startServer({
	root,
	databaseUrl,
	cpuProfileDir,
	dataDir: seeded,
	demo = true,
	port: wanted,
	env: extra = {}
}) {
	const port = wanted ?? /** @type {number} */ (await freePort());
	const dataDir = seeded ?? mkdtempSync(join(tmpdir(), 'maillage-bench-'));
	/** Removes the temporary folder; a seeded one is kept. */
	const clean = () => {
		if (!seeded) rmSync(dataDir, { recursive: true, force: true });
	};
	const env = { ...process.env };
	// The server must judge the Origin by the Host it is reached at, 127.0.0.1:<port>.
	delete env.ORIGIN;
	delete env.PROTOCOL_HEADER;
	Object.assign(env, {
		PORT: String(port),
		HOST,
		DATA_DIR: dataDir,
		DATABASE_URL: databaseUrl ?? '',
		MAILLAGE_SKIP_BUILD: '1',
		// No reminder e-mails from the demo's overdue actions while measuring.
		MAILLAGE_REMINDERS: 'off',
		...extra
	});
	const probe = pathToFileURL(join(import.meta.dirname, 'probe.mjs')).href;
	const flags = ['--expose-gc', '--import', probe];
	if (cpuProfileDir) flags.push('--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`);
	const child = spawn(process.execPath, [...flags, 'server.js', ...(demo ? ['--demo'] : [])], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	/** The server's last lines of output, shown when something goes wrong. */
	const log = /** @type {string[]} */ ([]);
	/** Lines that look like errors ([collab] failures, stack traces). */
	const errors = /** @type {string[]} */ ([]);
	/** @type {((memory: ProbeMemory) => void)[]} */
	const probes = [];
	const collect = (/** @type {string} */ line) => {
		if (!line.trim()) return;
		if (line.startsWith('[bench-probe] ')) {
			probes.shift()?.(JSON.parse(line.slice('[bench-probe] '.length)));
			return;
		}
		log.push(line);
		if (log.length > 200) log.shift();
		if (/error|failed|warn/i.test(line)) errors.push(line);
	};
	/** Splits a stream into lines, whatever its chunks. */
	const collector = () => {
		let partial = '';
		return (/** @type {Buffer} */ chunk) => {
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) collect(line);
		};
	};
	child.stdout.on('data', collector());
	child.stderr.on('data', collector());
	const orphan = {
		kill() {
			child.kill('SIGKILL');
			clean();
		}
	};
	running.add(orphan);
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			running.delete(orphan);
			resolve({ code, signal });
		})
	);

	const origin = `http://${HOST}:${port}`;
	const server = {
		port,
		origin,
		wsUrl: (/** @type {string} */ documentId) => `ws://${HOST}:${port}/collab/${documentId}`,
		pid: /** @type {number} */ (child.pid),
		dataDir,
		log,
		errors,
		exited,
		/**
		 * The server's memory after a full garbage collection (see probe.mjs).
		 * @returns {Promise<ProbeMemory>}
		 */
		settledMemory(timeoutMs = 15_000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					probes.splice(probes.indexOf(answer), 1);
					reject(new Error('the server did not report its memory'));
				}, timeoutMs);
				const answer = (/** @type {ProbeMemory} */ memory) => {
					clearTimeout(timer);
					resolve(memory);
				};
				probes.push(answer);
				child.kill('SIGUSR2');
			});
		},
		/** Stops the server with SIGTERM (it flushes and compacts), SIGKILL after `graceMs`. */
		async stop(graceMs = 20_000) {
			const started = performance.now();
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			const stoppedMs = performance.now() - started;
			clean();
			return { stoppedMs, ...(await exited) };
		}
	};

	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			clean();
			throw new Error(`the server exited while starting:\n${log.join('\n')}`);
		}
		try {
			const response = await fetch(`${origin}/login`, { redirect: 'manual' });
			await response.arrayBuffer();
			if (response.status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await server.stop(1000);
			throw new Error(`the server did not answer within 120 s:\n${log.join('\n')}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return server;
}

/**
 * Logs in through the login form; returns the `cookie` header value for the session.
 * @param {string} origin
 * @param {string} email
 */
export async function login(origin, email, password = DEMO_PASSWORD) {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
	await response.arrayBuffer();
	const session = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (response.status !== 303 || !session) {
		throw new Error(`logging in as ${email} failed (HTTP ${response.status})`);
	}
	return session;
}

/**
 * Creates a document in a group through its form action; returns the document's id.
 * @param {string} origin
 * @param {string} cookie
 * @param {string} title
 */
export async function createDocument(origin, cookie, title, group = DEMO_GROUP) {
	const response = await fetch(`${origin}/groupes/${group}/documents?/create`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ title, tags: 'bench' })
	});
	await response.arrayBuffer();
	const location = response.headers.get('location') ?? '';
	const id = /\/documents\/([0-9a-f-]{36})$/i.exec(location)?.[1];
	if (response.status !== 303 || !id) {
		throw new Error(`creating a document failed (HTTP ${response.status}, location ${location})`);
	}
	return id;
}

// The Maillage production server as a benchmark target: started as a child process on
// 127.0.0.1 with the demo accounts, on a fresh embedded database (a temporary DATA_DIR) or a
// fresh PostgreSQL database; logins and document creation go through its HTTP forms, like a
// browser's.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startChild } from './child.mjs';

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
 * @param {string} [prefix] the start of its name
 */
export async function createDatabase(serverUrl, prefix = 'maillage_bench') {
	const base = loopbackDatabaseUrl(serverUrl);
	const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
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
		/** Transactions committed so far in the cluster's other databases (other work on it). */
		async otherCommits() {
			const [row] = await admin`select coalesce(sum(xact_commit), 0)::text as n
				from pg_stat_database where datname is distinct from ${name}`;
			return Number(row.n);
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
				(select count(distinct document_id) from document_snapshots)::int as snapshots`;
			return { updates: row.updates, snapshots: row.snapshots };
		},
		async drop() {
			await inside.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}

/**
 * Starts `node server.js --demo` on a free port of 127.0.0.1 and waits until it answers.
 * With `cpuProfileDir`, the server writes a V8 CPU profile there when it exits. With `dataDir`,
 * it opens that (already seeded) folder and leaves it in place; `demo: false` serves the
 * database as it is, without adding the demo network. With `cpus`, it runs pinned to them.
 * `port` restarts a server where it was; `env` adds to its environment.
 * @param {{ root: string, databaseUrl?: string | null, cpuProfileDir?: string | null,
 *   dataDir?: string | null, demo?: boolean, cpus?: string | null, port?: number,
 *   env?: Record<string, string> }} options
 */
export async function startServer({
	root,
	databaseUrl,
	cpuProfileDir,
	dataDir: seeded,
	demo = true,
	cpus = null,
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
	const flags = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
	const child = startChild({
		script: 'server.js',
		args: demo ? ['--demo'] : [],
		flags,
		cwd: root,
		env,
		cpus,
		onExit: clean
	});

	const origin = `http://${HOST}:${port}`;
	const server = {
		port,
		origin,
		wsUrl: (/** @type {string} */ documentId) => `ws://${HOST}:${port}/collab/${documentId}`,
		pid: child.pid,
		dataDir,
		log: child.log,
		errors: child.errors,
		exited: child.exited,
		settledMemory: child.settledMemory,
		stop: child.stop
	};

	const deadline = Date.now() + 120_000;
	for (;;) {
		if (!child.alive()) {
			clean();
			throw new Error(`the server exited while starting:\n${child.log.join('\n')}`);
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
			throw new Error(`the server did not answer within 120 s:\n${child.log.join('\n')}`);
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

// The Maillage production server (`node server.js`) as a child process on 127.0.0.1 with the
// demo accounts, on a fresh embedded database (a temporary DATA_DIR) or a given PostgreSQL
// database, for the drills and benchmarks.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type ChildProcessHandle } from './child.ts';

export const HOST = '127.0.0.1';

/** How the production server is started. */
export interface ServerOptions {
	/** The app's folder: server.js, build/ and drizzle/ are found there. */
	root: string;
	/** A PostgreSQL database; without it, PGlite in `dataDir` or a temporary folder. */
	databaseUrl?: string | null;
	/** Where the server writes a V8 CPU profile when it exits. */
	cpuProfileDir?: string | null;
	/** An already seeded PGlite folder, left in place. */
	dataDir?: string | null;
	/** Adds the demo network on the first start (false serves the database as it is). */
	demo?: boolean;
	/** Pins the server to these CPUs ("0", "1-3"). */
	cpus?: string | null;
	/** Restarts a server where it was. */
	port?: number;
	/** Added to its environment. */
	env?: Record<string, string>;
}

/** A started production server, answering on `origin`. */
export interface ProductionServer {
	port: number;
	origin: string;
	/** The collaboration socket of a document. */
	wsUrl: (documentId: string) => string;
	pid: number;
	dataDir: string;
	log: string[];
	errors: string[];
	exited: ChildProcessHandle['exited'];
	settledMemory: ChildProcessHandle['settledMemory'];
	stop: ChildProcessHandle['stop'];
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
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
 * Starts `node server.js --demo` on a free port of 127.0.0.1 and waits until it answers.
 * With `cpuProfileDir`, the server writes a V8 CPU profile there when it exits. With `dataDir`,
 * it opens that (already seeded) folder and leaves it in place; `demo: false` serves the
 * database as it is, without adding the demo network. With `cpus`, it runs pinned to them.
 * `port` restarts a server where it was; `env` adds to its environment.
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
}: ServerOptions): Promise<ProductionServer> {
	const port = wanted ?? (await freePort());
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
		// Hundreds of simulated editors log in as the six demo writers (and readers as one
		// director): the sockets each person may have (20 per document, 100 in all) are raised.
		MAILLAGE_SOCKETS_PER_DOCUMENT: '100000',
		MAILLAGE_SOCKETS_PER_PERSON: '100000',
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
	const server: ProductionServer = {
		port,
		origin,
		wsUrl: (documentId: string) => `ws://${HOST}:${port}/collab/${documentId}`,
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

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface StartOptions {
	/** Seed the demo network (`node server.js --demo`). */
	demo?: boolean;
	/** Extra environment, applied last (DATABASE_URL here runs the server on PostgreSQL). */
	env?: Record<string, string>;
}

export interface RunningServer {
	/** `http://localhost:<port>`: the session cookie is only non-Secure on plain-HTTP localhost. */
	url: string;
	stop: () => Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** A port nobody listens on right now, found by letting the system pick one. */
function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => done(port));
		});
	});
}

/**
 * Starts the production build (`node server.js`) on a free port with its own empty data folder
 * and waits until it answers. The build must exist already: `npm run test:e2e` makes it once.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
	const dataDir = await mkdtemp(join(tmpdir(), 'maillage-e2e-'));
	const port = await freePort();
	const url = `http://localhost:${port}`;

	// The suite runs on the embedded PGlite unless the caller passes its own DATABASE_URL.
	const { DATABASE_URL: _, ...inherited } = process.env;
	const child = spawn(process.execPath, ['server.js', ...(options.demo ? ['--demo'] : [])], {
		cwd: root,
		env: {
			...inherited,
			MAILLAGE_SKIP_BUILD: '1',
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1',
			// The daily reminders would write to the outbox the specs read; a spec about them turns
			// them back on with env: { MAILLAGE_REMINDERS: 'on' }.
			MAILLAGE_REMINDERS: 'off',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});

	// Kept to explain a failed start; a server that runs fine stays quiet.
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-8_000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);

	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	let running = true;
	void exited.then(() => (running = false));

	async function stop() {
		if (running) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
			await exited;
			clearTimeout(timer);
		}
		await rm(dataDir, { recursive: true, force: true });
	}

	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	for (;;) {
		if (!running) {
			await stop();
			throw new Error(`The server exited during start (code ${child.exitCode}):\n${output}`);
		}
		try {
			await fetch(`${url}/`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
			return { url, stop };
		} catch {
			// Not listening yet: PGlite takes a few seconds to open and migrate.
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`The server did not answer on ${url} within 60 s:\n${output}`);
		}
		await new Promise((wait) => setTimeout(wait, 200));
	}
}

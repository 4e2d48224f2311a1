import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDoc } from '$lib/server/collab/persistence/storage';
import { connect, currentDatabase, useDatabase } from '$lib/server/db';
import { contentOf, openClient, seededRandom, until, type Client } from '../helpers/collab';
import { createTestDb } from '../helpers/db';

/*
 * Nothing typed and reported as stored is lost: the production server (`node server.js`, on its
 * embedded PGlite) is killed with SIGKILL while several clients type, restarted on the same data,
 * and must hold every string its acknowledgements covered; the clients then reconnect and
 * converge with it.
 */

await createTestDb();

const root = resolve(import.meta.dirname, '../..');
const PASSWORD = 'route-industrie';
const WRITERS = ['membre', 'nicolas.haas', 'sebastien.koenig'];

let dataDir: string;
let port: number;
let url: string;
let server: Production | null = null;
const cookies = new Map<string, string>();
const clients: Client[] = [];
const finalContent = new Map<string, string>();

interface Production {
	child: ChildProcess;
	exited: Promise<number | null>;
	output: () => string;
}

function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Starts `node server.js` on the test's data folder and port, and waits until it answers. */
async function launch(demo: boolean): Promise<Production> {
	const { DATABASE_URL: _url, ORIGIN: _origin, ...inherited } = process.env;
	const child = spawn(process.execPath, ['server.js'], {
		cwd: root,
		env: {
			...inherited,
			MAILLAGE_SKIP_BUILD: '1',
			MAILLAGE_DEMO: demo ? '1' : '',
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
	let running = true;
	void exited.then(() => (running = false));
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (!running) throw new Error(`the server exited during start:\n${output}`);
		try {
			await fetch(`${url}/login`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
			return { child, exited, output: () => output };
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`the server did not answer within 60 s:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function login(local: string): Promise<string> {
	const response = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: `${local}@maillage.test`, password: PASSWORD })
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('maillage_session=') && c.length > 'maillage_session='.length);
	if (!cookie) throw new Error(`login of ${local} failed: ${response.status}`);
	return cookie;
}

/** Creates a document in the demo group "mutualisation" through its form action. */
async function createDocument(title: string): Promise<string> {
	const response = await fetch(`${url}/groupes/mutualisation/documents?/create`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: url,
			cookie: cookies.get('membre')!,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ title, tags: '' })
	});
	const target = response.headers.get('location') ?? (await response.text());
	const id = /documents\/([0-9a-f-]{36})/.exec(target)?.[1];
	if (!id) throw new Error(`creating a document failed: ${response.status} ${target}`);
	return id;
}

function client(local: string, documentId: string): Client {
	const made = openClient(
		{ wsUrl: `ws://127.0.0.1:${port}/collab`, origin: url, cookie: cookies.get(local)! },
		documentId
	);
	clients.push(made);
	return made;
}

/** A person typing into their own paragraph, word after word, and adding paragraphs now and then. */
class Typist {
	/** Whole words typed so far, and how many of them the server acknowledged as stored. */
	readonly words: string[] = [];
	acknowledged = 0;
	private current = '';
	private target = '';
	private count = 0;
	private own: Y.XmlText | null = null;

	constructor(
		readonly client: Client,
		private readonly name: string
	) {
		client.saves.subscribe((state) => {
			// Saved means every local edit so far is stored: every whole word typed until now.
			if (state === 'saved') this.acknowledged = this.words.length;
		});
	}

	step(random: ReturnType<typeof seededRandom>): void {
		const { doc } = this.client;
		const fragment = doc.getXmlFragment('default');
		if (!this.own || random.next() < 0.05) {
			// A whole new paragraph with a word of its own.
			const word = `${this.name}p${this.count++}`;
			const paragraph = new Y.XmlElement('paragraph');
			const run = new Y.XmlText(`${word} `);
			paragraph.insert(0, [run]);
			doc.transact(() => fragment.insert(random.int(fragment.length + 1), [paragraph]));
			this.own ??= run;
			this.words.push(word);
			return;
		}
		if (!this.target) this.target = `${this.name}w${this.count++}`;
		// One keystroke at the end of the paragraph only this person types in.
		const key = this.target[this.current.length];
		this.own.insert(this.own.length, key);
		this.current += key;
		if (this.current === this.target) {
			this.own.insert(this.own.length, ' ');
			this.words.push(this.target);
			this.current = '';
			this.target = '';
		}
	}
}

/** Reads a document the way a newcomer would: a fresh client, once synced. */
async function freshRead(documentId: string): Promise<string> {
	const reader = client('membre', documentId);
	await until(() => reader.provider.synced, 15_000, 'a fresh client to sync');
	const text = reader.text();
	reader.destroy();
	return text;
}

beforeAll(async () => {
	if (!existsSync(join(root, 'build', 'handler.js'))) {
		console.log('[durability] build/handler.js is missing: building the app once (vite build)');
		const built = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
		if (built.status !== 0) throw new Error('vite build failed');
	}
	dataDir = await mkdtemp(join(tmpdir(), 'maillage-durability-'));
	port = await freePort();
	url = `http://127.0.0.1:${port}`;
	server = await launch(true);
	for (const local of WRITERS) cookies.set(local, await login(local));
}, 240_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	if (server) {
		server.child.kill('SIGKILL');
		await server.exited;
	}
	if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('durability of acknowledged edits across a SIGKILL of the production server', () => {
	for (const seed of [3, 17, 42]) {
		it(`seed ${seed}: every acknowledged word survives, and the clients converge`, async () => {
			const random = seededRandom(seed);
			const documentId = await createDocument(`Durabilité ${seed}`);
			const typists = WRITERS.map(
				(local, i) => new Typist(client(local, documentId), `s${seed}c${i}`)
			);
			await until(() => typists.every((t) => t.client.provider.synced), 10_000, 'sync');

			// Typing, until the server is killed at a random moment.
			const killAfter = 300 + random.int(1200);
			const start = Date.now();
			const victim = server!;
			let killed = false;
			const typing = (async () => {
				while (!killed) {
					random.pick(typists).step(random);
					await new Promise((r) => setTimeout(r, random.int(6)));
				}
			})();
			await new Promise((r) => setTimeout(r, killAfter));
			victim.child.kill('SIGKILL');
			killed = true;
			await typing;
			await victim.exited;
			server = null;
			// Every acknowledgement that made it out is in; then no reconnecting before the check.
			await until(() => typists.every((t) => !t.client.provider.wsconnected), 5000, 'closes');
			for (const t of typists) t.client.provider.disconnect();
			const acknowledged = typists.flatMap((t) => t.words.slice(0, t.acknowledged));
			const typed = typists.flatMap((t) => t.words);
			expect(acknowledged.length, 'words acknowledged before the kill').toBeGreaterThan(0);
			console.log(
				`[durability] seed ${seed}: killed after ${Date.now() - start} ms, ` +
					`${acknowledged.length}/${typed.length} words acknowledged`
			);

			server = await launch(false);
			const recovered = await freshRead(documentId);
			const lost = acknowledged.filter((word) => !recovered.includes(`${word} `));
			expect(lost, 'acknowledged words missing after the restart').toEqual([]);

			// The clients come back, send what was not stored, and everyone ends up the same.
			for (const t of typists) t.client.provider.connect();
			const reader = client('membre', documentId);
			const everyone = [...typists.map((t) => t.client), reader];
			await until(
				() =>
					everyone.every((c) => c.provider.synced && c.saves.saved) &&
					everyone.every((c) => c.text() === reader.text()),
				20_000,
				'the clients to converge after the restart'
			);
			const final = reader.text();
			expect(typed.filter((word) => !final.includes(`${word} `))).toEqual([]);
			finalContent.set(documentId, final);
			for (const c of everyone) c.destroy();
		}, 60_000);
	}

	it('stores exactly what the clients show, and a graceful stop writes it all', async () => {
		expect(finalContent.size).toBe(3);
		const stopping = server!;
		stopping.child.kill('SIGTERM');
		expect(await stopping.exited).toBe(0);
		server = null;
		// The data folder read directly, as the next start would.
		const ours = currentDatabase()!;
		const stored = await connect({ dataDir: join(dataDir, 'pglite') });
		useDatabase(stored);
		try {
			for (const [documentId, content] of finalContent) {
				const doc = await loadDoc(documentId);
				expect(contentOf(doc)).toBe(content);
				doc.destroy();
			}
		} finally {
			useDatabase(ours);
			await stored.close();
		}
	}, 60_000);
});

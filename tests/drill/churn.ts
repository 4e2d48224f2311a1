// Drill: 10,000 connect/disconnect cycles with injected errors. Afterwards the server's memory
// must be back within 5 % of where it started, and no document may stay in memory with nobody
// connected.
//
// Cycles run 20 at a time over 20 documents, each of a kind drawn at random (lib/cycles.ts):
// people who open a document, type and leave, and the faults of clients and networks. On
// PostgreSQL the server reaches the database through a proxy that the drill cuts for 300 ms
// every 500 cycles, so that loads, writes and authorisations fail too. Memory is read after a
// full garbage collection (tests/support/probe.mjs), with the collaboration server's own count
// of documents, sockets, loads and unloads, each time once every document has left memory: after
// 1,000 warm-up cycles, and after the drill. Documents leave memory 5 s after their last socket
// here (MAILLAGE_UNLOAD_AFTER_S; 60 s by default), which only shortens the waits. The verdict is
// on the JS heap in use: the RSS also counts the heap pages V8 keeps reserved and the allocator's
// free lists, and moved between −20 % and +11 % from run to run with the same code (it is shown).
import { DrillClient } from './lib/client.ts';
import { drawKind, runCycle } from './lib/cycles.ts';
import { startProxy } from './lib/proxy.mjs';
import {
	documents,
	freshDatabase,
	launch,
	people,
	seeded,
	sleep,
	stats,
	until
} from './lib/target.ts';
import { count, duration, verdict } from './lib/verdict.ts';

const CONCURRENCY = 20;
const DOCUMENTS = 20;
const HICCUP_EVERY = 500;
const HICCUP_MS = 300;
/**
 * How long a document nobody has open stays in memory, for this drill (MAILLAGE_UNLOAD_AFTER_S;
 * 60 s by default: the same timer, a shorter wait), and how long unloading may take after it.
 */
const UNLOAD_S = 5;
const UNLOAD_MS = UNLOAD_S * 1000;
const UNLOAD_SLACK_MS = 30_000;
const MEMORY_TOLERANCE = 0.05;
const WARMUP = 1000;

export async function churnDrill({
	root,
	databaseUrl,
	seed,
	cycles,
	log
}: {
	root: string;
	databaseUrl: string | null;
	seed: number;
	cycles: number;
	log: (message: string) => void;
}) {
	const startedAt = performance.now();
	const database = await freshDatabase(databaseUrl);
	const proxy = databaseUrl
		? await startProxy({ host: '127.0.0.1', port: Number(new URL(databaseUrl).port || 5432) })
		: null;
	const server = await launch(root, database, {
		proxyPort: proxy?.port,
		env: { MAILLAGE_UNLOAD_AFTER_S: String(UNLOAD_S) }
	});
	let died = false;
	void server.exited.then(() => (died = true));
	const random = seeded(seed);
	try {
		const headers = await people(server);
		const ids = await documents(server, headers[0], DOCUMENTS, 'Va-et-vient');
		const outcomes = new Map() as Map<string, number>;
		let hiccups = 0;
		/** Runs `count` cycles, CONCURRENCY at a time, cutting the database now and then. */
		const churn = async (total: number) => {
			let next = 0;
			const worker = async () => {
				while (next < total) {
					const n = next++;
					if (proxy && n > 0 && n % HICCUP_EVERY === 0) {
						hiccups++;
						proxy.cut('refuse');
						setTimeout(() => proxy.heal(), HICCUP_MS);
					}
					const kind = drawKind(random);
					const outcome = await runCycle(kind, {
						target: server,
						documentId: ids[Math.floor(random() * ids.length)],
						headers: headers[Math.floor(random() * headers.length)],
						random
					});
					const key = `${kind}: ${outcome}`;
					outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
					if ((n + 1) % 2000 === 0) log(`churn: ${count(n + 1)}/${count(total)} cycles`);
				}
			};
			await Promise.all(Array.from({ length: CONCURRENCY }, worker));
			proxy?.heal();
		};
		/** Waits until no document and no socket is left in memory; returns the last figures. */
		const settle = async () => {
			const waitStarted = performance.now();
			let figures = await stats(server);
			while (!empty(figures) && performance.now() - waitStarted < UNLOAD_MS + UNLOAD_SLACK_MS) {
				await sleep(2000);
				figures = await stats(server);
			}
			return { figures, waitedMs: performance.now() - waitStarted };
		};

		// Where memory starts: after a warm-up round, once its documents left memory (the first
		// cycles compile code and fill caches that stay, which is not what this drill looks for).
		log(`churn: ${count(WARMUP)} warm-up cycles, then the documents leave memory`);
		await churn(WARMUP);
		const { figures: before } = await settle();
		outcomes.clear();

		const cyclesStarted = performance.now();
		await churn(cycles);
		const cyclesMs = performance.now() - cyclesStarted;
		const during = await stats(server);
		log(
			`churn: waiting for the documents to leave memory (up to ${duration(UNLOAD_MS + UNLOAD_SLACK_MS)})`
		);
		const { figures: after, waitedMs: unloadedMs } = await settle();

		// Still serving: someone opens a document, types, and is told it is stored.
		const last = new DrillClient({ url: server.wsUrl(ids[0]), headers: headers[0], random });
		let serving = true;
		try {
			await last.connect(10_000);
			last.keystroke();
			await until(() => last.allAcked(), 10_000, 'a keystroke after the drill to be stored');
		} catch {
			serving = false;
		} finally {
			last.destroy();
		}

		const heapGrowth = after.heapUsed / before.heapUsed - 1;
		const rssGrowth = after.rss / before.rss - 1;
		// Refusals for now while the database is cut are the server's right answer (HTTP 503 before
		// the upgrade, 1013 after it); the rest not.
		const other = [...outcomes].filter(([key]) => !key.endsWith(': ok'));
		const refusedInCuts = other
			.filter(([key]) => proxy && /\b(503|1013)\b/.test(key))
			.reduce((n, [, times]) => n + times, 0);
		const unexpected = other.filter(([key]) => !(proxy && /\b(503|1013)\b/.test(key)));
		const trouble = [
			died && 'the server died',
			!empty(after) &&
				`${after.rooms} documents, ${after.connections + after.joining} sockets still in memory`,
			after.loads - after.failedLoads !== after.unloads &&
				`${after.loads - after.failedLoads} loads but ${after.unloads} unloads`,
			heapGrowth > MEMORY_TOLERANCE && `JS heap +${pct(heapGrowth)}`,
			!serving && 'not serving after the drill',
			unexpected.length > 0 &&
				`cycles that went wrong: ${unexpected.map(([k, n]) => `${k} ×${n}`).join(', ')}`
		].filter(Boolean);
		const faults = [...outcomes]
			.filter(([key]) => !/^(edit|read): ok$/.test(key))
			.reduce((n, [, times]) => n + times, 0);
		const summary =
			`${count(cycles)} cycles in ${duration(cyclesMs)} after ${count(WARMUP)} of warm-up ` +
			`(${database.engine}, ${count(faults)} with injected errors` +
			`${proxy ? `, ${hiccups} database cuts` : ''}): JS heap ` +
			`${mib(before.heapUsed)} → ${mib(after.heapUsed)} MiB (${signed(heapGrowth)}; RSS, not ` +
			`judged: ${mib(before.rss)} → ${mib(after.rss)} MiB, ${signed(rssGrowth)}); ` +
			`${during.rooms} documents in memory at the end of the cycles, ${after.rooms} ` +
			`${duration(unloadedMs)} later (unloaded ${UNLOAD_S} s after their last socket; ` +
			`${after.loads} loads, ${after.failedLoads} failed, ` +
			`${after.unloads} unloads)` +
			(proxy
				? `; ${refusedInCuts} sockets refused for now (HTTP 503, 1013) while the database was cut`
				: '') +
			(trouble.length ? ` — ${trouble.join('; ')}` : '');
		return verdict(
			'churn',
			trouble.length === 0,
			summary,
			{
				cycles,
				warmup: WARMUP,
				hiccups,
				cyclesMs: Math.round(cyclesMs),
				outcomes: Object.fromEntries(outcomes),
				before,
				endOfCycles: during,
				after,
				unloadedMs: Math.round(unloadedMs)
			},
			startedAt
		);
	} finally {
		await server.stop();
		await proxy?.close();
		await database.drop();
	}
}

/** No document, socket, load or unload left in the collaboration server's memory. */
const empty = (s: import('../support/child.ts').CollabStats) =>
	s.rooms + s.connections + s.joining + s.loading + s.unloading === 0;

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${pct(Math.abs(x))}`;

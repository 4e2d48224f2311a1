// `npm run bench:collab` on Maillage alone: N documents × M simulated editors on the production
// server, one warm-up and one measurement window (see collab.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Editor, Propagation } from './editor.mjs';
import {
	createDatabase,
	createDocument,
	DEMO_WRITERS,
	ensureBuild,
	login,
	startServer
} from './maillage.mjs';
import {
	backendCpu,
	cpuDelta,
	cpuMs,
	folderSize,
	machineCpu,
	memory,
	round,
	runQueue,
	Samples,
	storageWrites
} from './measure.mjs';
import { pool, sleep } from './pool.mjs';
import { Recorder } from './recorder.mjs';
import { cleanups } from './cleanup.mjs';
import { mib, printReport } from './solo-report.mjs';
import { soloOptions } from './solo-options.mjs';
import { seeded } from './typing.mjs';

const root = resolve(import.meta.dirname, '../../..');
/** Sockets opened at the same time while setting up. */
const CONNECT_CONCURRENCY = 10;
/** How long, after typing stops, deliveries and acknowledgements may still arrive. */
const DRAIN_MS = 10_000;
/** Above this event-loop delay (p99) the load generator may be what is measured. */
const LOOP_DELAY_LIMIT_MS = 20;
const LOOP_RESOLUTION_MS = 10;
/** Above this mean wait for a CPU, a process was starved by other processes of the machine. */
const RUN_QUEUE_LIMIT_MS = 1;

/** The commit benchmarked, and whether the working tree differed from it. */
function revision() {
	const git = (/** @type {string[]} */ a) =>
		spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
	const commit = git(['rev-parse', '--short', 'HEAD']) || null;
	return {
		commit,
		dirty: commit ? git(['status', '--porcelain', '--', 'src', 'server.js']) !== '' : null
	};
}

/**
 * Runs the benchmark on Maillage alone, with the options of `argv` (see solo-options.mjs).
 * @param {string[]} argv
 */
export async function runSolo(argv) {
	const { args, scenario, databaseUrl } = soloOptions(argv);
	const startedAt = new Date().toISOString();
	if (!args['no-build']) ensureBuild(root);

	const database = databaseUrl ? await createDatabase(databaseUrl) : null;
	if (database) cleanups.push(() => database.drop());
	const engine = database ? 'postgresql' : 'pglite';

	const log = (/** @type {string} */ message) => console.log(`[bench] ${message}`);
	log(
		`${scenario.documents} documents × ${scenario.editors} editors, ${engine}, ` +
			`warm-up ${scenario.warmupS} s, measurement ${scenario.durationS} s`
	);
	const cpuProfileDir = args['server-cpu-prof'] ? resolve(args['server-cpu-prof']) : null;
	const server = await startServer({ root, databaseUrl: database?.url, cpuProfileDir });
	let stopped = /** @type {Awaited<ReturnType<typeof server.stop>> | null} */ (null);
	let stopping = false;
	cleanups.push(async () => {
		stopping = true;
		stopped ??= await server.stop();
	});
	log(`server pid ${server.pid} on ${server.origin}`);
	const serverDied = server.exited.then(({ code, signal }) => {
		if (!stopping) throw new Error(`the server exited (${code ?? signal}) during the run`);
	});
	serverDied.catch(() => {});

	// People: as many demo writers of the group as there are editors per document (at most six).
	const people = DEMO_WRITERS.slice(0, Math.min(scenario.editors, DEMO_WRITERS.length));
	const cookies = [];
	for (const email of people) cookies.push(await login(server.origin, email));
	const documentIds = await pool(
		Array.from({ length: scenario.documents }, (_, i) => i),
		4,
		(i) => createDocument(server.origin, cookies[0], `Banc d’essai ${i + 1}`)
	);
	log(`${people.length} people logged in, ${documentIds.length} documents created`);

	// Memory before any document is open, after a full garbage collection (see lib/probe.mjs).
	await sleep(500);
	const before = await server.settledMemory();

	// Editors: M per document, each person in turn, sockets opened CONNECT_CONCURRENCY at a time.
	const recorder = new Recorder();
	const random = seeded(scenario.seed);
	const rooms = documentIds.map((id) => ({
		id,
		propagation: new Propagation(recorder),
		editors: /** @type {Editor[]} */ ([])
	}));
	for (const room of rooms) {
		for (let j = 0; j < scenario.editors; j++) {
			const editor = new Editor({
				url: server.wsUrl(room.id),
				headers: { cookie: cookies[j % cookies.length], origin: server.origin },
				name: `${people[j % people.length]} #${j + 1}`,
				recorder,
				propagation: room.propagation,
				peers: () => room.editors.filter((e) => e.open && e !== editor).length,
				random
			});
			room.editors.push(editor);
		}
	}
	const allEditors = rooms.flatMap((room) => room.editors);
	cleanups.push(() => {
		for (const editor of allEditors) editor.close();
	});
	const connectTimes = new Samples();
	const openStarted = performance.now();
	await pool(allEditors, CONNECT_CONCURRENCY, async (editor) => {
		const started = performance.now();
		await editor.connect();
		connectTimes.add(performance.now() - started);
	});
	const openMs = performance.now() - openStarted;
	for (const room of rooms) room.editors[0].ensureParagraph();
	const deadline = Date.now() + 15_000;
	while (allEditors.some((e) => e.texts().length === 0)) {
		if (Date.now() > deadline) throw new Error('the first paragraph did not reach every editor');
		await sleep(50);
	}
	log(`${allEditors.length} editors connected and synced in ${round(openMs / 1000, 1)} s`);

	// Warm-up, then the measurement window.
	const load = {
		keysPerSecond: scenario.keysPerSecond,
		cursorsPerSecond: scenario.cursorsPerSecond,
		deleteRatio: scenario.deleteRatio
	};
	for (const editor of allEditors) editor.start(load);
	log(`warming up for ${scenario.warmupS} s…`);
	await Promise.race([sleep(scenario.warmupS * 1000), serverDied]);

	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	// The database's figures first (they take a query), then the instant ones.
	const startDb = database
		? {
				wal: await database.walBytes(),
				size: await database.size(),
				cpu: await backendCpu(database)
			}
		: null;
	const start = {
		at: performance.now(),
		serverCpu: cpuMs(server.pid),
		selfCpu: process.cpuUsage(),
		serverQueue: runQueue(server.pid),
		selfQueue: runQueue(process.pid),
		machine: machineCpu(),
		writes: database ? null : storageWrites(server.pid),
		dataDir: database ? null : folderSize(server.dataDir),
		memory: memory(server.pid)
	};
	recorder.measuring = true;
	loop.enable();
	log(`measuring for ${scenario.durationS} s…`);

	// Once a second: the server's memory and CPU, and the latencies of that second, to see spikes.
	const timeline = [];
	let previous = { at: start.at, cpu: start.serverCpu, propagation: 0, stored: 0 };
	const windowEnd = start.at + scenario.durationS * 1000;
	for (let second = 1; ; second++) {
		const until = Math.min(start.at + second * 1000, windowEnd);
		await Promise.race([sleep(Math.max(0, until - performance.now())), serverDied]);
		const now = performance.now();
		const cpu = cpuMs(server.pid);
		const slice = (/** @type {Samples} */ samples, /** @type {number} */ from) => {
			const part = new Samples();
			part.values = samples.values.slice(from);
			return part.summary();
		};
		const propagation = slice(recorder.propagation, previous.propagation);
		const stored = slice(recorder.stored, previous.stored);
		timeline.push({
			second: round((now - start.at) / 1000, 1),
			serverCpuPercent:
				cpu !== null && previous.cpu !== null
					? round(((cpu - previous.cpu) / (now - previous.at)) * 100, 1)
					: null,
			serverRssMiB: mib(memory(server.pid).rss),
			propagationP99Ms: propagation.p99,
			propagationMaxMs: propagation.max,
			storedP99Ms: stored.p99
		});
		previous = {
			at: now,
			cpu,
			propagation: recorder.propagation.count,
			stored: recorder.stored.count
		};
		if (until >= windowEnd) break;
	}

	recorder.measuring = false;
	loop.disable();
	const end = {
		at: performance.now(),
		serverCpu: cpuMs(server.pid),
		selfCpu: process.cpuUsage(start.selfCpu),
		serverQueue: runQueue(server.pid),
		selfQueue: runQueue(process.pid),
		machine: machineCpu(),
		writes: database ? null : storageWrites(server.pid),
		dataDir: database ? null : folderSize(server.dataDir),
		memory: memory(server.pid)
	};
	const endDb = database
		? {
				wal: await database.walBytes(),
				size: await database.size(),
				cpu: await backendCpu(database),
				rows: await database.rows()
			}
		: null;

	// Typing stops; what was sent in the window may still be delivered and acknowledged.
	for (const editor of allEditors) editor.stop();
	const drainStarted = performance.now();
	const undelivered = () => rooms.reduce((n, room) => n + room.propagation.undelivered(), 0);
	const unacknowledged = () => allEditors.reduce((n, e) => n + e.unacknowledged(), 0);
	while (
		(undelivered() > 0 || unacknowledged() > 0) &&
		performance.now() - drainStarted < DRAIN_MS
	) {
		await sleep(50);
	}
	const drainMs = performance.now() - drainStarted;
	const lost = { undelivered: undelivered(), unacknowledged: unacknowledged() };
	await sleep(300);
	// Memory with every document open and typed into, after a full garbage collection.
	const after = await server.settledMemory();
	const diverged = rooms.filter((room) => {
		const texts = room.editors.map((e) => e.doc.getXmlFragment('default').toString());
		return texts.some((t) => t !== texts[0]);
	}).length;
	const documentLength = new Samples();
	for (const room of rooms) {
		documentLength.add(room.editors[0].texts().reduce((n, t) => n + t.length, 0));
	}

	for (const editor of allEditors) editor.close();
	cleanups.pop();
	await sleep(200);
	stopping = true;
	stopped = await server.stop();
	cleanups.pop();
	log(
		`server stopped in ${round(stopped.stoppedMs / 1000, 1)} s (${stopped.code ?? stopped.signal})`
	);

	// Figures.
	const windowMs = end.at - start.at;
	const keystrokes = recorder.keystrokes;
	const updates = recorder.updatesSent;
	const serverCpuMs =
		start.serverCpu !== null && end.serverCpu !== null ? end.serverCpu - start.serverCpu : null;
	const selfCpuMs = (end.selfCpu.user + end.selfCpu.system) / 1000;
	const dbCpuMs = startDb && endDb ? cpuDelta(startDb.cpu, endDb.cpu) : null;
	const machineBusyMs = start.machine && end.machine ? end.machine.busy - start.machine.busy : null;
	const otherCpuMs =
		machineBusyMs !== null && serverCpuMs !== null
			? Math.max(0, machineBusyMs - serverCpuMs - selfCpuMs - (dbCpuMs ?? 0))
			: null;
	/** Run-queue wait over the window: its share of the window, and per scheduling, in ms. */
	const waited = (
		/** @type {ReturnType<typeof runQueue>} */ a,
		/** @type {ReturnType<typeof runQueue>} */ b
	) =>
		a && b
			? {
					percentOfWindow: round(((b.waitMs - a.waitMs) / windowMs) * 100, 1),
					perWakeupMs: round((b.waitMs - a.waitMs) / Math.max(1, b.slices - a.slices), 3)
				}
			: null;
	const serverWait = waited(start.serverQueue, end.serverQueue);
	const selfWait = waited(start.selfQueue, end.selfQueue);
	const perThousand = (/** @type {number | null} */ bytes) =>
		bytes === null || keystrokes === 0 ? null : Math.round((bytes / keystrokes) * 1000);
	const loopP99 = Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS);
	const loopMax = Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS);
	const cpus = os.cpus();

	const results = {
		propagationMs: recorder.propagation.summary(),
		storedMs: recorder.stored.summary(),
		keystrokes,
		updatesSent: updates,
		updatesPerSecond: round((updates / windowMs) * 1000, 1),
		awarenessSent: recorder.awarenessSent,
		serverCpuMs: serverCpuMs === null ? null : round(serverCpuMs, 0),
		serverCpuPercentOfCore: serverCpuMs === null ? null : round((serverCpuMs / windowMs) * 100, 1),
		// Share of the window the server's main thread was runnable but kept off the CPU.
		serverRunQueueWait: serverWait,
		serverCpuPerUpdateUs:
			serverCpuMs === null || updates === 0 ? null : round((serverCpuMs * 1000) / updates, 1),
		databaseCpuPerUpdateUs:
			dbCpuMs === null || updates === 0 ? null : round((dbCpuMs * 1000) / updates, 1),
		// Settled (after a full GC) with no document open, then with all of them open.
		serverRssBeforeMiB: mib(before.rss),
		serverRssAfterMiB: mib(after.rss),
		// As /proc shows it at the start and end of the window (not settled), and the peak.
		serverRssWindowStartMiB: mib(start.memory.rss),
		serverRssWindowEndMiB: mib(end.memory.rss),
		serverRssPeakMiB: mib(end.memory.peak),
		memoryPerDocumentKiB: round((after.rss - before.rss) / 1024 / scenario.documents, 1),
		heapPerDocumentKiB: round(
			(after.heapUsed + after.external - before.heapUsed - before.external) /
				1024 /
				scenario.documents,
			1
		),
		updateBytesPer1000Keystrokes: perThousand(recorder.updateBytes),
		storageWritesPer1000Keystrokes:
			start.writes !== null && end.writes !== null ? perThousand(end.writes - start.writes) : null,
		dataDirGrowthPer1000Keystrokes:
			start.dataDir !== null && end.dataDir !== null
				? perThousand(end.dataDir - start.dataDir)
				: null,
		walBytesPer1000Keystrokes:
			startDb?.wal != null && endDb?.wal != null ? perThousand(endDb.wal - startDb.wal) : null,
		databaseGrowthPer1000Keystrokes:
			startDb && endDb ? perThousand(endDb.size - startDb.size) : null,
		rowsAtEnd: endDb?.rows ?? null,
		undelivered: lost.undelivered,
		unacknowledged: lost.unacknowledged,
		markerCollisions: rooms.reduce((n, room) => n + room.propagation.collisions, 0),
		divergedDocuments: diverged,
		unexpectedCloses: recorder.unexpectedCloses.length,
		unknownMessages: recorder.unknownMessages,
		documentLengthChars: documentLength.summary(),
		setup: {
			openSeconds: round(openMs / 1000, 2),
			connectToSyncedMs: connectTimes.summary()
		},
		drainMs: round(drainMs, 0),
		shutdownMs: round(stopped.stoppedMs, 0),
		serverExit: stopped.code ?? stopped.signal,
		serverErrorLines: server.errors.length
	};
	const loadGenerator = {
		cpuPercentOfCore: round((selfCpuMs / windowMs) * 100, 1),
		runQueueWait: selfWait,
		eventLoopDelayP99Ms: round(loopP99, 1),
		eventLoopDelayMaxMs: round(loopMax, 1),
		otherProcessesCpuPercentOfCore:
			otherCpuMs === null ? null : round((otherCpuMs / windowMs) * 100, 1),
		loadAverage: os.loadavg().map((l) => round(l, 2))
	};

	const warnings = [];
	if (loopP99 > LOOP_DELAY_LIMIT_MS) {
		warnings.push(
			`the load generator's event-loop delay p99 is ${round(loopP99, 1)} ms (> ${LOOP_DELAY_LIMIT_MS} ms): ` +
				'it may be the bottleneck, and the latencies include its own delay'
		);
	}
	if (loadGenerator.cpuPercentOfCore > 80) {
		warnings.push(
			`the load generator used ${loadGenerator.cpuPercentOfCore} % of a core: it may be the bottleneck`
		);
	}
	// Kept waiting for a CPU by other processes, a process adds that wait to every latency.
	for (const [who, wait] of /** @type {const} */ ([
		['the server', serverWait],
		['the load generator', selfWait]
	])) {
		if (wait && wait.perWakeupMs > RUN_QUEUE_LIMIT_MS) {
			warnings.push(
				`${who} waited ${wait.perWakeupMs} ms for a CPU each time it had work ` +
					`(${wait.percentOfWindow} % of the window; other processes used ` +
					`${loadGenerator.otherProcessesCpuPercentOfCore} % of a core): the latencies include that`
			);
		}
	}
	if (results.undelivered > 0)
		warnings.push(`${results.undelivered} keystrokes never reached every peer`);
	if (results.unacknowledged > 0)
		warnings.push(`${results.unacknowledged} updates were never acknowledged as stored`);
	if (diverged > 0) warnings.push(`${diverged} documents did not converge`);
	if (results.unexpectedCloses > 0) {
		warnings.push(
			`${results.unexpectedCloses} sockets closed by the server (codes ${[...new Set(recorder.unexpectedCloses)].join(', ')})`
		);
	}
	if (server.errors.length > 0) {
		warnings.push(
			`the server logged ${server.errors.length} error lines, e.g. ${server.errors[0]}`
		);
	}

	const report = {
		benchmark: 'collab',
		version: 1,
		startedAt,
		revision: revision(),
		machine: {
			cpus: cpus.length,
			cpuModel: cpus[0]?.model ?? null,
			memoryGiB: round(os.totalmem() / 2 ** 30, 1),
			node: process.version,
			platform: `${os.platform()} ${os.release()}`
		},
		// One entry per server and scenario; a comparison run (issue 9) appends more.
		runs: [
			{
				server: 'maillage',
				database: engine,
				scenario,
				windowSeconds: round(windowMs / 1000, 2),
				results,
				loadGenerator,
				timeline,
				warnings
			}
		]
	};

	printReport(report);
	const out = resolve(root, args.json ?? 'bench-results/collab.json');
	mkdirSync(dirname(out), { recursive: true });
	writeFileSync(out, `${JSON.stringify(report, null, '\t')}\n`);
	console.log(`\nResults written to ${out}`);
}

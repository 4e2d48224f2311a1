// `npm run bench:collab` on Maillage alone: N documents × M simulated editors on the production
// server, one warm-up and one measurement window (see collab.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Editor, Propagation } from './editor.ts';
import { ensureBuild, revision } from '../../support/build.ts';
import { createDatabase } from '../../support/database.ts';
import { createDocument, DEMO_WRITERS, loginEach } from '../../support/logins.ts';
import { startServer } from '../../support/server.ts';
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
} from './measure.ts';
import { pool, sleep } from './pool.ts';
import { Recorder } from './recorder.ts';
import { cleanups } from './cleanup.ts';
import { mib, printReport, soloWarnings } from './solo-report.ts';
import type {
	LoadGeneratorFigures,
	SoloReport,
	SoloResults,
	TimelineSecond
} from './solo-types.ts';
import { soloOptions } from './solo-options.ts';
import { seeded } from './typing.ts';

const root = resolve(import.meta.dirname, '../../..');
/** Sockets opened at the same time while setting up. */
const CONNECT_CONCURRENCY = 10;
/** How long, after typing stops, deliveries and acknowledgements may still arrive. */
const DRAIN_MS = 10_000;
const LOOP_RESOLUTION_MS = 10;

/**
 * Runs the benchmark on Maillage alone, with the options of `argv` (see solo-options.ts).
 */
export async function runSolo(argv: string[]) {
	const { args, scenario, databaseUrl } = soloOptions(argv);
	const startedAt = new Date().toISOString();
	if (!args['no-build']) ensureBuild(root);

	const database = databaseUrl ? await createDatabase(databaseUrl) : null;
	if (database) cleanups.push(() => database.drop());
	const engine = database ? 'postgresql' : 'pglite';

	const log = (message: string) => console.log(`[bench] ${message}`);
	log(
		`${scenario.documents} documents × ${scenario.editors} editors, ${engine}, ` +
			`warm-up ${scenario.warmupS} s, measurement ${scenario.durationS} s`
	);
	const cpuProfileDir = args['server-cpu-prof'] ? resolve(args['server-cpu-prof']) : null;
	const server = await startServer({ root, databaseUrl: database?.url, cpuProfileDir });
	let stopped: Awaited<ReturnType<typeof server.stop>> | null = null;
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
	const cookies = await loginEach(server.origin, people);
	const documentIds = await pool(
		Array.from({ length: scenario.documents }, (_, i) => i),
		4,
		(i) => createDocument(server.origin, cookies[0], `Banc d’essai ${i + 1}`)
	);
	log(`${people.length} people logged in, ${documentIds.length} documents created`);

	// Memory before any document is open, after a full garbage collection (tests/support/probe.mjs).
	await sleep(500);
	const before = await server.settledMemory();

	// Editors: M per document, each person in turn, sockets opened CONNECT_CONCURRENCY at a time.
	const recorder = new Recorder();
	const random = seeded(scenario.seed);
	const rooms = documentIds.map((id) => ({
		id,
		propagation: new Propagation(recorder),
		editors: [] as Editor[]
	}));
	for (const room of rooms) {
		for (let j = 0; j < scenario.editors; j++) {
			const editor: Editor = new Editor({
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
	const timeline: TimelineSecond[] = [];
	let previous = { at: start.at, cpu: start.serverCpu, propagation: 0, stored: 0 };
	const windowEnd = start.at + scenario.durationS * 1000;
	for (let second = 1; ; second++) {
		const until = Math.min(start.at + second * 1000, windowEnd);
		await Promise.race([sleep(Math.max(0, until - performance.now())), serverDied]);
		const now = performance.now();
		const cpu = cpuMs(server.pid);
		const slice = (samples: Samples, from: number) => {
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
	const waited = (a: ReturnType<typeof runQueue>, b: ReturnType<typeof runQueue>) =>
		a && b
			? {
					percentOfWindow: round(((b.waitMs - a.waitMs) / windowMs) * 100, 1),
					perWakeupMs: round((b.waitMs - a.waitMs) / Math.max(1, b.slices - a.slices), 3)
				}
			: null;
	const serverWait = waited(start.serverQueue, end.serverQueue);
	const selfWait = waited(start.selfQueue, end.selfQueue);
	const perThousand = (bytes: number | null) =>
		bytes === null || keystrokes === 0 ? null : Math.round((bytes / keystrokes) * 1000);
	const loopP99 = Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS);
	const loopMax = Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS);
	const cpus = os.cpus();

	const results: SoloResults = {
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
	const loadGenerator: LoadGeneratorFigures = {
		cpuPercentOfCore: round((selfCpuMs / windowMs) * 100, 1),
		runQueueWait: selfWait,
		eventLoopDelayP99Ms: round(loopP99, 1),
		eventLoopDelayMaxMs: round(loopMax, 1),
		otherProcessesCpuPercentOfCore:
			otherCpuMs === null ? null : round((otherCpuMs / windowMs) * 100, 1),
		loadAverage: os.loadavg().map((l) => round(l, 2))
	};

	const warnings = soloWarnings(results, loadGenerator, {
		loopP99,
		serverWait,
		selfWait,
		diverged,
		closeCodes: recorder.unexpectedCloses,
		serverErrors: server.errors
	});

	const report: SoloReport = {
		benchmark: 'collab',
		version: 1,
		startedAt,
		revision: revision(root, ['src', 'server.js']),
		machine: {
			cpus: cpus.length,
			cpuModel: cpus[0]?.model ?? null,
			memoryGiB: round(os.totalmem() / 2 ** 30, 1),
			node: process.version,
			platform: `${os.platform()} ${os.release()}`
		},
		// One entry per server and scenario; a comparison run appends more.
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

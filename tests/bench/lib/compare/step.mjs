// One step of one scenario on one server: start it on its database, connect the step's clients,
// warm up, then measure window after window (a step stops after two windows whose propagation
// p99 is above the limit), and collect every figure of the comparison.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Editor, Propagation } from '../editor.mjs';
import { backendCpu, cpuDelta, cpuMs, machineCpu, round, runQueue, Samples } from '../measure.mjs';
import { sleep } from '../pool.mjs';
import { Recorder } from '../recorder.mjs';
import { seeded } from '../typing.mjs';
import { startChurn } from './churn.mjs';
import { closeAll, connectAll, createRooms } from './clients.mjs';
import { watchStorage } from './stored.mjs';

/** Above this propagation p99 a window is over the target. */
export const P99_LIMIT_MS = 100;
/**
 * The load generator is the bottleneck of a window when it used nearly all of its CPU, or when
 * the window's propagation p99 is over the limit and either its own event-loop delay (p99) is
 * what takes it there, or it was kept waiting for a CPU by other processes of the machine.
 * Above LOOP_DELAY_NOTE_MS the step says so even when the verdict does not depend on it.
 */
const SELF_CPU_LIMIT_PERCENT = 90;
/** Above this mean wait for a CPU per wake-up, the load generator was starved by other work. */
const SELF_WAIT_LIMIT_MS = 1;
const LOOP_DELAY_NOTE_MS = 20;
const LOOP_RESOLUTION_MS = 10;

/**
 * @typedef {object} Step
 * @property {'A' | 'B' | 'C' | 'D'} scenario
 * @property {string} label
 * @property {number} documents typed into
 * @property {number} typists per document
 * @property {number} readers per document
 * @property {number} clients typists and readers in all
 * @property {boolean} library whether the real client libraries are used (200 clients or fewer)
 * @property {string[]} [churnDocuments] scenario C: documents opened and closed in turn
 * @property {number} [churnPerSecond]
 * @property {string} [bigDocument] scenario D: the stored document someone opens
 */

/**
 * @typedef {object} Timing
 * @property {number} warmupS
 * @property {number} windowS
 * @property {number} windows
 * @property {number} drainS
 */

/**
 * Runs `step` on `target`; the server is started for it and stopped after.
 * @param {import('./targets.mjs').Target} target
 * @param {Step} step
 * @param {{ timing: Timing, load: import('../typing.mjs').Load, seed: number,
 *   log: (message: string) => void }} options
 */
export async function runStep(target, step, { timing, load, seed, log }) {
	const startedAt = performance.now();
	const documents = await target.ensureDocuments(step.documents);
	/** @type {import('./targets.mjs').Running} */
	let running;
	try {
		running = await target.start();
	} catch (e) {
		return {
			server: target.name,
			scenario: step.scenario,
			label: step.label,
			clients: step.clients,
			verdict: 'error',
			error: `the server did not start: ${e instanceof Error ? e.message.split('\n')[0] : e}`,
			seconds: round((performance.now() - startedAt) / 1000, 1)
		};
	}
	let stopping = false;
	const died = running.exited.then(() => {
		if (!stopping) throw new Error('the server exited during the step');
	});
	died.catch(() => {});
	const recorder = new Recorder();
	const watcher =
		target.name === 'maillage' ? null : watchStorage(target.name, target.database.url);
	/** @type {ReturnType<typeof createRooms>} */
	let rooms = [];
	/** @type {ReturnType<typeof startChurn> | null} */
	let churn = null;
	/** @type {Editor | null} */
	let opener = null;
	const warnings = /** @type {string[]} */ ([]);
	try {
		const before = await running.settledMemory();
		rooms = createRooms({
			target,
			running,
			documents,
			typists: step.typists,
			readers: step.readers,
			library: step.library,
			recorder,
			random: seeded(seed),
			onSent: watcher ? (name, update, at) => watcher.sent(name, update, at) : null
		});
		const clients = rooms.flatMap((room) => room.clients);
		const connectStarted = performance.now();
		const connectTimes = await Promise.race([connectAll(clients), died]);
		const connectS = (performance.now() - connectStarted) / 1000;
		for (const room of rooms) room.typists[0]?.ensureParagraph();
		const deadline = Date.now() + 15_000;
		while (rooms.some((room) => room.typists.some((c) => c.texts().length === 0))) {
			if (Date.now() > deadline) throw new Error('the first paragraph did not reach every typist');
			await sleep(50);
		}
		const idle = await running.settledMemory();
		log(`${clients.length} clients connected in ${round(connectS, 1)} s`);

		const typists = rooms.flatMap((room) => room.typists);
		for (const client of typists) client.start(load);
		if (step.churnDocuments && step.churnPerSecond) {
			churn = startChurn({
				target,
				running,
				documents: step.churnDocuments,
				perSecond: step.churnPerSecond
			});
		}
		await Promise.race([sleep(timing.warmupS * 1000), died]);

		// The windows.
		const database = target.database;
		const startDb = {
			size: await database.size(),
			wal: await database.walBytes(),
			mark: await target.walMark(),
			others: await database.otherCommits()
		};
		recorder.measuring = true;
		churn?.measure(true);
		/** @type {{ openMs: number | null, bytes: number, error: string | null } | null} */
		let big = null;
		if (step.bigDocument) {
			const name = step.bigDocument;
			opener = bigOpener(target, running, name);
			big = { openMs: null, bytes: 0, error: null };
			const openStarted = performance.now();
			const record = big;
			const client = opener;
			void client.connect(120_000).then(
				() => {
					record.openMs = round(performance.now() - openStarted, 0);
					record.bytes = client.syncBytes;
				},
				(e) => (record.error = e instanceof Error ? e.message : String(e))
			);
		}
		const windows = [];
		let bad = 0;
		let bound = 0;
		for (let i = 0; i < timing.windows && bad < 2 && bound < 2; i++) {
			const window = await measureWindow(running, database, recorder, timing.windowS, died);
			windows.push(window);
			if (window.bad) bad++;
			if (window.generatorBound) bound++;
		}
		recorder.measuring = false;
		churn?.measure(false);

		// Typing stops; what was sent may still be delivered and stored.
		for (const client of typists) client.stop();
		churn?.stop();
		const drainStarted = performance.now();
		const undelivered = () => rooms.reduce((n, room) => n + room.propagation.undelivered(), 0);
		const unstored = () =>
			watcher ? watcher.pending : typists.reduce((n, c) => n + c.unacknowledged(), 0);
		while (
			(undelivered() > 0 || unstored() > 0) &&
			performance.now() - drainStarted < timing.drainS * 1000
		) {
			await sleep(50);
		}
		if (big && big.openMs === null && !big.error) {
			// Scenario D: the large document may still be on its way.
			const until = performance.now() + 60_000;
			while (big.openMs === null && !big.error && performance.now() < until) await sleep(100);
		}
		// What the windows' keystrokes cost the database, counted once they are all stored (or the
		// drain is over): Hocuspocus stores a document 2 to 10 s after its changes.
		const endDb = {
			size: await database.size(),
			wal: await database.walBytes(),
			mark: await target.walMark(),
			others: await database.otherCommits()
		};
		const loaded = await running.settledMemory();
		await watcher?.stop();
		const ownWal = await target.walWritten(startDb.mark, endDb.mark);

		const diverged = rooms.filter((room) => {
			const texts = room.typists.map((c) => c.doc.getXmlFragment('default').toString());
			return texts.some((t) => t !== texts[0]);
		}).length;
		const unexpectedCloses = recorder.unexpectedCloses.length;
		const result = summarise({
			server: target.name,
			step,
			recorder,
			windows,
			watcher,
			memory: { before, idle, loaded },
			database: { start: startDb, end: endDb, ownWal },
			clients: clients.length,
			connectS,
			connectTimes,
			churn,
			big,
			lost: { undelivered: undelivered(), unstored: unstored() },
			diverged,
			unexpectedCloses
		});
		if (result.lost.undelivered > 0)
			warnings.push(`${result.lost.undelivered} keystrokes never reached every peer`);
		if (result.lost.unstored > 0)
			warnings.push(`${result.lost.unstored} keystrokes not seen stored within ${timing.drainS} s`);
		if (diverged > 0) warnings.push(`${diverged} documents did not converge`);
		const delays = windows.map((w) => w.generator.eventLoopDelayP99Ms);
		if (Math.max(...delays) > LOOP_DELAY_NOTE_MS) {
			warnings.push(
				`the load generator's event-loop delay p99 reached ${Math.max(...delays)} ms (windows: ${delays.join(', ')} ms)`
			);
		}
		if (unexpectedCloses > 0) {
			warnings.push(
				`${unexpectedCloses} sockets closed by the server (${[...new Set(recorder.unexpectedCloses)].join(', ')})`
			);
		}
		if (running.errors.length > 0)
			warnings.push(
				`the server logged ${running.errors.length} error lines, e.g. ${running.errors[0]}`
			);
		return { ...result, warnings, seconds: round((performance.now() - startedAt) / 1000, 1) };
	} catch (e) {
		return {
			server: target.name,
			scenario: step.scenario,
			label: step.label,
			clients: step.clients,
			verdict: 'error',
			error: e instanceof Error ? e.message : String(e),
			serverLog: running.errors.slice(0, 5),
			seconds: round((performance.now() - startedAt) / 1000, 1)
		};
	} finally {
		churn?.stop();
		opener?.close();
		closeAll(rooms);
		await watcher?.stop().catch(() => {});
		stopping = true;
		await sleep(200);
		await running.stop();
	}
}

/**
 * A raw reader that opens the large document of scenario D.
 * @param {import('./targets.mjs').Target} target
 * @param {import('./targets.mjs').Running} running
 * @param {string} name
 */
function bigOpener(target, running, name) {
	const recorder = new Recorder();
	return new Editor({
		url: running.wsUrl(name),
		headers: target.headers(running, 'reader', 0),
		name: 'opener',
		recorder,
		propagation: new Propagation(recorder),
		peers: () => 0,
		random: Math.random,
		framing: target.framing,
		documentName: name,
		role: 'reader',
		measures: false,
		applies: false
	});
}

/**
 * One measurement window: the latencies of what was sent in it, and the CPU the server, its
 * database's backends and the load generator used meanwhile.
 * @param {import('./targets.mjs').Running} running
 * @param {import('./targets.mjs').Target['database']} database
 * @param {Recorder} recorder
 * @param {number} seconds
 * @param {Promise<unknown>} died
 */
async function measureWindow(running, database, recorder, seconds, died) {
	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	const dbCpu = await backendCpu(database);
	const start = {
		at: performance.now(),
		server: cpuMs(running.pid),
		self: process.cpuUsage(),
		serverQueue: runQueue(running.pid),
		selfQueue: runQueue(process.pid),
		machine: machineCpu(),
		propagation: recorder.propagation.count,
		updates: recorder.updatesSent,
		keystrokes: recorder.keystrokes
	};
	loop.enable();
	await Promise.race([sleep(seconds * 1000), died]);
	loop.disable();
	const at = performance.now();
	const server = cpuMs(running.pid);
	const self = process.cpuUsage(start.self);
	const serverQueue = runQueue(running.pid);
	const selfQueue = runQueue(process.pid);
	const machine = machineCpu();
	const dbCpuMs = cpuDelta(dbCpu, await backendCpu(database));
	const ms = at - start.at;
	const part = new Samples();
	part.values = recorder.propagation.values.slice(start.propagation);
	const propagation = part.summary();
	const updates = recorder.updatesSent - start.updates;
	const serverCpuMs = server !== null && start.server !== null ? server - start.server : null;
	const selfCpuPercent = round(((self.user + self.system) / 1000 / ms) * 100, 1);
	const loopP99 = round(Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS), 1);
	const p99 = propagation.p99 ?? 0;
	// Waiting for a CPU each time it had work, the load generator adds that wait to every latency.
	const selfWaitPerWakeupMs =
		start.selfQueue && selfQueue
			? round(
					(selfQueue.waitMs - start.selfQueue.waitMs) /
						Math.max(1, selfQueue.slices - start.selfQueue.slices),
					3
				)
			: null;
	const otherCpuPercent =
		machine && start.machine && serverCpuMs !== null
			? round(
					(Math.max(
						0,
						machine.busy -
							start.machine.busy -
							serverCpuMs -
							dbCpuMs -
							(self.user + self.system) / 1000
					) /
						ms) *
						100,
					0
				)
			: null;
	const generatorBound =
		selfCpuPercent > SELF_CPU_LIMIT_PERCENT ||
		(p99 > P99_LIMIT_MS &&
			(p99 - loopP99 <= P99_LIMIT_MS || (selfWaitPerWakeupMs ?? 0) > SELF_WAIT_LIMIT_MS));
	return {
		seconds: round(ms / 1000, 2),
		updates,
		keystrokes: recorder.keystrokes - start.keystrokes,
		propagationMs: propagation,
		serverCpuMs: serverCpuMs === null ? null : round(serverCpuMs, 0),
		serverCpuPercent: serverCpuMs === null ? null : round((serverCpuMs / ms) * 100, 1),
		databaseCpuMs: round(dbCpuMs, 0),
		serverRunQueueWaitMs:
			start.serverQueue && serverQueue
				? round(serverQueue.waitMs - start.serverQueue.waitMs, 0)
				: null,
		generator: {
			cpuPercent: selfCpuPercent,
			eventLoopDelayP99Ms: loopP99,
			cpuWaitPerWakeupMs: selfWaitPerWakeupMs
		},
		// The machine's other processes (other work; PostgreSQL's other databases), % of one CPU.
		otherProcessesCpuPercent: otherCpuPercent,
		// Over the limit because of the server (the window counts against it)…
		bad: (propagation.p99 ?? 0) > P99_LIMIT_MS && !generatorBound,
		// … or the load generator's doing (the window counts for discarding the step).
		generatorBound
	};
}

/** The median of some numbers (the lower one of the middle two); null when there are none. */
const median = (/** @type {number[]} */ values) =>
	values.length ? values.sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1] : null;

/** @param {any} m @returns {{ rssKiB: number, heapKiB: number }} */
const kib = (m) => ({
	rssKiB: round(m.rss / 1024, 0),
	heapKiB: round((m.heapUsed + m.external) / 1024, 0)
});

/**
 * The step's figures from its windows.
 * @param {any} r
 */
function summarise(r) {
	const { step, recorder, windows, watcher, memory } = r;
	const measured = windows.reduce(
		(
			/** @type {{ updates: number, keystrokes: number, serverCpuMs: number, databaseCpuMs: number }} */ sum,
			/** @type {any} */ w
		) => ({
			updates: sum.updates + w.updates,
			keystrokes: sum.keystrokes + w.keystrokes,
			serverCpuMs: sum.serverCpuMs + (w.serverCpuMs ?? 0),
			databaseCpuMs: sum.databaseCpuMs + w.databaseCpuMs
		}),
		{ updates: 0, keystrokes: 0, serverCpuMs: 0, databaseCpuMs: 0 }
	);
	const bad = windows.filter((/** @type {any} */ w) => w.bad).length;
	const bound = windows.filter((/** @type {any} */ w) => w.generatorBound).length;
	const verdict = bound >= 2 ? 'discarded' : bad >= 2 ? 'fail' : 'pass';
	const perThousand = (/** @type {number | null} */ bytes) =>
		bytes === null || measured.keystrokes === 0
			? null
			: Math.round((bytes / measured.keystrokes) * 1000);
	const [before, idle, loaded] = [kib(memory.before), kib(memory.idle), kib(memory.loaded)];
	return {
		server: r.server,
		scenario: step.scenario,
		label: step.label,
		documents: step.documents,
		clients: r.clients,
		library: step.library,
		verdict,
		windowsOverLimit: bad,
		windowsGeneratorBound: bound,
		propagationMs: recorder.propagation.summary(),
		// The step's verdict in one figure: with three windows, it passes when this is ≤ 100 ms.
		medianWindowP99Ms: median(
			windows
				.filter((/** @type {any} */ w) => !w.generatorBound)
				.map((/** @type {any} */ w) => w.propagationMs.p99 ?? 0)
		),
		// Maillage: its acknowledgement; the peers: seen committed by the poll (and written).
		storedMs: watcher ? watcher.visible.summary() : recorder.stored.summary(),
		storedWrittenMs: watcher ? watcher.written.summary() : null,
		storedUnmatchable: watcher ? watcher.unmatchable : 0,
		keystrokes: measured.keystrokes,
		pastes: recorder.pastes,
		updates: measured.updates,
		awarenessSent: recorder.awarenessSent,
		serverCpuPerUpdateUs: measured.updates
			? round((measured.serverCpuMs * 1000) / measured.updates, 1)
			: null,
		databaseCpuPerUpdateUs: measured.updates
			? round((measured.databaseCpuMs * 1000) / measured.updates, 1)
			: null,
		memory: {
			before,
			idle,
			loaded,
			perIdleClientKiB: {
				rss: round((idle.rssKiB - before.rssKiB) / r.clients, 1),
				heap: round((idle.heapKiB - before.heapKiB) / r.clients, 1)
			},
			perDocumentLoadedKiB: {
				rss: round((loaded.rssKiB - before.rssKiB) / step.documents, 1),
				heap: round((loaded.heapKiB - before.heapKiB) / step.documents, 1)
			}
		},
		databaseGrowthPer1000Keystrokes: perThousand(r.database.end.size - r.database.start.size),
		// WAL written for this database's relations and transactions (pg_walinspect).
		walPer1000Keystrokes: r.database.ownWal ? perThousand(r.database.ownWal.bytes) : null,
		walFullPageImagesPer1000Keystrokes: r.database.ownWal
			? perThousand(r.database.ownWal.fullPageImageBytes)
			: null,
		// The whole cluster's WAL, and what the cluster's other databases committed meanwhile.
		clusterWalPer1000Keystrokes:
			r.database.start.wal !== null && r.database.end.wal !== null
				? perThousand(r.database.end.wal - r.database.start.wal)
				: null,
		otherDatabasesCommits: r.database.end.others - r.database.start.others,
		connect: { seconds: round(r.connectS, 2), ms: r.connectTimes.summary() },
		churn: r.churn
			? {
					opensMs: r.churn.opens.summary(),
					failures: r.churn.failures,
					skipped: r.churn.skipped,
					errors: r.churn.errors
				}
			: null,
		bigDocument: r.big,
		lost: r.lost,
		diverged: r.diverged,
		unexpectedCloses: r.unexpectedCloses,
		windows
	};
}

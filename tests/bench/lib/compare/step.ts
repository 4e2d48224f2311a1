// One step of one scenario on one server: start it on its database, connect the step's clients,
// warm up, then measure window after window (a step stops after two windows whose propagation
// p99 is above the limit), and collect every figure of the comparison.
import { Editor, Propagation } from '../editor.ts';
import { round, type Samples } from '../measure.ts';
import { sleep } from '../pool.ts';
import { Recorder } from '../recorder.ts';
import { seeded } from '../typing.ts';
import { startChurn } from './churn.ts';
import { closeAll, connectAll, createRooms } from './clients.ts';
import { watchStorage } from './stored.ts';
import { summarise, type StepSummary } from './summary.ts';
import type { ServerName } from './targets.ts';
import { measureWindow } from './window.ts';

/**
 * Above this event-loop delay (p99) of the load generator, the step says so even when the
 * verdict does not depend on it (window.ts decides when it does).
 */
const LOOP_DELAY_NOTE_MS = 20;

export interface Step {
	scenario: 'A' | 'B' | 'C' | 'D';
	label: string;
	/** typed into */
	documents: number;
	/** per document */
	typists: number;
	/** per document */
	readers: number;
	/** typists and readers in all */
	clients: number;
	/** whether the real client libraries are used (200 clients or fewer) */
	library: boolean;
	/** scenario C: documents opened and closed in turn */
	churnDocuments?: string[];
	churnPerSecond?: number;
	/** scenario D: the stored document someone opens */
	bigDocument?: string;
}

export interface Timing {
	warmupS: number;
	windowS: number;
	windows: number;
	drainS: number;
}

/** A step that could not be measured. */
export interface StepError {
	server: ServerName;
	scenario: Step['scenario'];
	label: string;
	clients: number;
	verdict: 'error';
	error: string;
	serverLog?: string[];
	seconds: number;
}

/** A measured step, or why it could not be. */
export type StepResult = (StepSummary & { warnings: string[]; seconds: number }) | StepError;

/**
 * Runs `step` on `target`; the server is started for it and stopped after.
 */
export async function runStep(
	target: import('./targets.ts').Target,
	step: Step,
	{
		timing,
		load,
		seed,
		log
	}: {
		timing: Timing;
		load: import('../typing.ts').Load;
		seed: number;
		log: (message: string) => void;
	}
): Promise<StepResult> {
	const startedAt = performance.now();
	const documents = await target.ensureDocuments(step.documents);
	let running: import('./targets.ts').Running;
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
	let rooms: ReturnType<typeof createRooms> = [];
	let churn: ReturnType<typeof startChurn> | null = null;
	let opener: Editor | null = null;
	const warnings: string[] = [];
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
		// `died` only settles without throwing once the step is stopping, after this.
		const connectTimes = (await Promise.race([connectAll(clients), died])) as Samples;
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
		let big: { openMs: number | null; bytes: number; error: string | null } | null = null;
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
 */
function bigOpener(
	target: import('./targets.ts').Target,
	running: import('./targets.ts').Running,
	name: string
) {
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

// A comparison step's figures, summed up from its windows, memory readings and database marks.
import type { ProbeMemory } from '../../../support/child.ts';
import { round, type Samples } from '../measure.ts';
import type { Recorder } from '../recorder.ts';
import type { startChurn } from './churn.ts';
import type { Step } from './step.ts';
import type { watchStorage } from './stored.ts';
import type { ServerName, Target } from './targets.ts';
import type { Window } from './window.ts';

/** The database's size, WAL and other work at one moment. */
export interface DatabaseMark {
	size: number;
	wal: number | null;
	mark: string | null;
	others: number;
}

/** What a step gathered, to be summed up. */
export interface StepFigures {
	server: ServerName;
	step: Step;
	recorder: Recorder;
	windows: Window[];
	watcher: ReturnType<typeof watchStorage> | null;
	memory: { before: ProbeMemory; idle: ProbeMemory; loaded: ProbeMemory };
	database: {
		start: DatabaseMark;
		end: DatabaseMark;
		ownWal: Awaited<ReturnType<Target['walWritten']>>;
	};
	clients: number;
	connectS: number;
	connectTimes: Samples;
	churn: ReturnType<typeof startChurn> | null;
	big: { openMs: number | null; bytes: number; error: string | null } | null;
	lost: { undelivered: number; unstored: number };
	diverged: number;
	unexpectedCloses: number;
}

export type StepSummary = ReturnType<typeof summarise>;

/** The median of some numbers (the lower one of the middle two); null when there are none. */
const median = (values: number[]) =>
	values.length ? values.sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1] : null;

const kib = (m: ProbeMemory): { rssKiB: number; heapKiB: number } => ({
	rssKiB: round(m.rss / 1024, 0),
	heapKiB: round((m.heapUsed + m.external) / 1024, 0)
});

/**
 * The step's figures from its windows.
 */
export function summarise(r: StepFigures) {
	const { step, recorder, windows, watcher, memory } = r;
	const measured = windows.reduce(
		(
			sum: { updates: number; keystrokes: number; serverCpuMs: number; databaseCpuMs: number },
			w: Window
		) => ({
			updates: sum.updates + w.updates,
			keystrokes: sum.keystrokes + w.keystrokes,
			serverCpuMs: sum.serverCpuMs + (w.serverCpuMs ?? 0),
			databaseCpuMs: sum.databaseCpuMs + w.databaseCpuMs
		}),
		{ updates: 0, keystrokes: 0, serverCpuMs: 0, databaseCpuMs: 0 }
	);
	const bad = windows.filter((w: Window) => w.bad).length;
	const bound = windows.filter((w: Window) => w.generatorBound).length;
	const verdict: 'discarded' | 'fail' | 'pass' =
		bound >= 2 ? 'discarded' : bad >= 2 ? 'fail' : 'pass';
	const perThousand = (bytes: number | null) =>
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
			windows.filter((w: Window) => !w.generatorBound).map((w: Window) => w.propagationMs.p99 ?? 0)
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

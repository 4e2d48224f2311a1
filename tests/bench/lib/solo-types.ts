// What `npm run bench:collab` (Maillage alone) writes to bench-results/collab.json and prints.
import type { Samples } from './measure.ts';
import type { soloOptions } from './solo-options.ts';

/** Percentiles of some latencies or sizes. */
export type Summary = ReturnType<Samples['summary']>;
export type SoloScenario = ReturnType<typeof soloOptions>['scenario'];

/** A process's wait for a CPU over the window: its share of the window, and per scheduling. */
export interface RunQueueWait {
	percentOfWindow: number;
	perWakeupMs: number;
}

/** The figures of the measurement window. */
export interface SoloResults {
	propagationMs: Summary;
	storedMs: Summary;
	keystrokes: number;
	updatesSent: number;
	updatesPerSecond: number;
	awarenessSent: number;
	serverCpuMs: number | null;
	serverCpuPercentOfCore: number | null;
	serverRunQueueWait: RunQueueWait | null;
	serverCpuPerUpdateUs: number | null;
	databaseCpuPerUpdateUs: number | null;
	serverRssBeforeMiB: number | null;
	serverRssAfterMiB: number | null;
	serverRssWindowStartMiB: number | null;
	serverRssWindowEndMiB: number | null;
	serverRssPeakMiB: number | null;
	memoryPerDocumentKiB: number;
	heapPerDocumentKiB: number;
	updateBytesPer1000Keystrokes: number | null;
	storageWritesPer1000Keystrokes: number | null;
	dataDirGrowthPer1000Keystrokes: number | null;
	walBytesPer1000Keystrokes: number | null;
	databaseGrowthPer1000Keystrokes: number | null;
	rowsAtEnd: { updates: number; snapshots: number } | null;
	undelivered: number;
	unacknowledged: number;
	markerCollisions: number;
	divergedDocuments: number;
	unexpectedCloses: number;
	unknownMessages: number;
	documentLengthChars: Summary;
	setup: { openSeconds: number; connectToSyncedMs: Summary };
	drainMs: number;
	shutdownMs: number;
	serverExit: number | NodeJS.Signals | null;
	serverErrorLines: number;
}

/** The load generator's own figures: when they are high, the latencies include its delays. */
export interface LoadGeneratorFigures {
	cpuPercentOfCore: number;
	runQueueWait: RunQueueWait | null;
	eventLoopDelayP99Ms: number;
	eventLoopDelayMaxMs: number;
	otherProcessesCpuPercentOfCore: number | null;
	loadAverage: number[];
}

/** One second of the window, to see spikes. */
export interface TimelineSecond {
	second: number;
	serverCpuPercent: number | null;
	serverRssMiB: number | null;
	propagationP99Ms: number | null;
	propagationMaxMs: number | null;
	storedP99Ms: number | null;
}

export interface SoloReport {
	benchmark: 'collab';
	version: 1;
	startedAt: string;
	revision: { commit: string | null; dirty: boolean | null };
	machine: {
		cpus: number;
		cpuModel: string | null;
		memoryGiB: number;
		node: string;
		platform: string;
	};
	/** One entry per server and scenario; a comparison run appends more. */
	runs: {
		server: string;
		database: string;
		scenario: SoloScenario;
		windowSeconds: number;
		results: SoloResults;
		loadGenerator: LoadGeneratorFigures;
		timeline: TimelineSecond[];
		warnings: string[];
	}[];
}

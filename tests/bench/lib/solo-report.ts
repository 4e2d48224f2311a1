// The printed table of `npm run bench:collab` (Maillage alone).
import { formatTable, round } from './measure.ts';
import type { LoadGeneratorFigures, RunQueueWait, SoloReport, SoloResults } from './solo-types.ts';

/** Above this event-loop delay (p99) the load generator may be what is measured. */
const LOOP_DELAY_LIMIT_MS = 20;
/** Above this mean wait for a CPU, a process was starved by other processes of the machine. */
const RUN_QUEUE_LIMIT_MS = 1;

export function mib(bytes: number | null) {
	return bytes === null ? null : round(bytes / 2 ** 20, 1);
}

export function printReport(report: SoloReport) {
	const [runResult] = report.runs;
	const r = runResult.results;
	const g = runResult.loadGenerator;
	const s = runResult.scenario;
	const ms = (v: number | null) => (v === null ? null : `${v} ms`);
	const bytes = (v: number | null) =>
		v === null ? null : v >= 10_240 ? `${round(v / 1024, 1)} KiB` : `${v} B`;
	console.log(
		`\nMaillage collaboration benchmark — ${s.documents} documents × ${s.editors} editors, ` +
			`${runResult.database}, ${runResult.windowSeconds} s measured after ${s.warmupS} s warm-up`
	);
	console.log(`${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}\n`);
	const rows: [string, string | number | null][] = [
		['figure', 'value'],
		['keystrokes measured (updates/s)', `${r.keystrokes} (${r.updatesPerSecond}/s)`],
		['propagation p50', ms(r.propagationMs.p50)],
		['propagation p99', ms(r.propagationMs.p99)],
		['propagation p99.9', ms(r.propagationMs.p999)],
		['propagation max', ms(r.propagationMs.max)],
		['keystroke → stored p50', ms(r.storedMs.p50)],
		['keystroke → stored p99', ms(r.storedMs.p99)],
		['keystroke → stored max', ms(r.storedMs.max)],
		[
			'server CPU per update',
			r.serverCpuPerUpdateUs === null ? null : `${r.serverCpuPerUpdateUs} µs`
		],
		[
			'server CPU (% of one core)',
			r.serverCpuPercentOfCore === null ? null : `${r.serverCpuPercentOfCore} %`
		],
		['server RSS before → after', `${r.serverRssBeforeMiB} → ${r.serverRssAfterMiB} MiB`],
		['memory per document (RSS)', `${r.memoryPerDocumentKiB} KiB`],
		['memory per document (JS heap + external)', `${r.heapPerDocumentKiB} KiB`],
		['Yjs update bytes per 1,000 keys', bytes(r.updateBytesPer1000Keystrokes)]
	];
	if (runResult.database === 'pglite') {
		rows.push(['storage writes per 1,000 keys', bytes(r.storageWritesPer1000Keystrokes)]);
		rows.push(['data folder growth per 1,000 keys', bytes(r.dataDirGrowthPer1000Keystrokes)]);
	} else {
		rows.push([
			'database CPU per update',
			r.databaseCpuPerUpdateUs === null ? null : `${r.databaseCpuPerUpdateUs} µs`
		]);
		rows.push(['WAL per 1,000 keys (whole cluster)', bytes(r.walBytesPer1000Keystrokes)]);
		rows.push(['database growth per 1,000 keys', bytes(r.databaseGrowthPer1000Keystrokes)]);
		rows.push(['update rows awaiting compaction', r.rowsAtEnd?.updates ?? null]);
	}
	rows.push(
		['sockets opened + synced in', `${r.setup.openSeconds} s`],
		['server shutdown (flush + compaction)', ms(r.shutdownMs)],
		['load generator event loop p99', ms(g.eventLoopDelayP99Ms)],
		['load generator CPU (% of one core)', `${g.cpuPercentOfCore} %`],
		[
			'CPU wait per wake-up: server / load gen.',
			`${r.serverRunQueueWait?.perWakeupMs ?? '—'} / ${g.runQueueWait?.perWakeupMs ?? '—'} ms`
		],
		[
			'other processes CPU (% of one core)',
			g.otherProcessesCpuPercentOfCore === null ? null : `${g.otherProcessesCpuPercentOfCore} %`
		]
	);
	console.log(formatTable(rows));
	for (const warning of runResult.warnings) console.warn(`\n⚠ ${warning}`);
}

/** What may have spoilt the measurement, or what went wrong, in words. */
export function soloWarnings(
	results: SoloResults,
	loadGenerator: LoadGeneratorFigures,
	{
		loopP99,
		serverWait,
		selfWait,
		diverged,
		closeCodes,
		serverErrors
	}: {
		loopP99: number;
		serverWait: RunQueueWait | null;
		selfWait: RunQueueWait | null;
		diverged: number;
		closeCodes: number[];
		serverErrors: string[];
	}
) {
	const warnings: string[] = [];
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
	for (const [who, wait] of [
		['the server', serverWait],
		['the load generator', selfWait]
	] as const) {
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
			`${results.unexpectedCloses} sockets closed by the server (codes ${[...new Set(closeCodes)].join(', ')})`
		);
	}
	if (serverErrors.length > 0) {
		warnings.push(`the server logged ${serverErrors.length} error lines, e.g. ${serverErrors[0]}`);
	}
	return warnings;
}

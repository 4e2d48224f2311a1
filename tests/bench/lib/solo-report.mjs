// The printed table of `npm run bench:collab` (Maillage alone).
import { formatTable, round } from './measure.mjs';

/** @param {number | null} bytes */
export function mib(bytes) {
	return bytes === null ? null : round(bytes / 2 ** 20, 1);
}

/** @param {any} report */
export function printReport(report) {
	const [runResult] = report.runs;
	const r = runResult.results;
	const g = runResult.loadGenerator;
	const s = runResult.scenario;
	const ms = (/** @type {number | null} */ v) => (v === null ? null : `${v} ms`);
	const bytes = (/** @type {number | null} */ v) =>
		v === null ? null : v >= 10_240 ? `${round(v / 1024, 1)} KiB` : `${v} B`;
	console.log(
		`\nMaillage collaboration benchmark — ${s.documents} documents × ${s.editors} editors, ` +
			`${runResult.database}, ${runResult.windowSeconds} s measured after ${s.warmupS} s warm-up`
	);
	console.log(`${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}\n`);
	const rows = [
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

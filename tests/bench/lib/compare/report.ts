// The comparison's results as text: one line per step while it runs, then Markdown tables (a
// summary per server, and every step) for bench-results/compare.md and docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Load } from '../typing.ts';
import { round } from '../measure.ts';
import type { StepError, StepResult, Timing } from './step.ts';
import type { ServerName } from './targets.ts';

/** A step's result as the report keeps it: a failed first attempt is kept, marked retried. */
export type RunResult = StepResult & { retried?: boolean };
/** A step that was measured (not an error). */
export type MeasuredResult = Exclude<RunResult, StepError>;
/** A step that was not run, and why. */
export interface Skipped {
	server: ServerName;
	scenario: string;
	label: string;
	reason: string;
}

/** bench-results/compare.json. */
export interface CompareReport {
	benchmark: 'collab-compare';
	version: 1;
	startedAt: string;
	durationS: number;
	revision: { commit: string | null; dirty: boolean | null };
	machine: {
		cpus: number;
		cpuModel: string | null;
		memoryGiB: number;
		node: string;
		platform: string;
		loadAverage: number[];
	};
	pinned: { loadGenerator: string; servers: string | null } | null;
	versions: Record<string, string | null>;
	load: Load;
	timing: Timing;
	quick: boolean;
	scenarios: { id: string; title: string; steps: string[] }[];
	results: RunResult[];
	skipped: Skipped[];
}

/** Whether a step was measured (an error has no figures). */
export const measured = (r: RunResult): r is MeasuredResult => r.verdict !== 'error';

export const NAMES: Record<string, string> = {
	maillage: 'Maillage',
	hocuspocus: 'Hocuspocus',
	'y-websocket': 'y-websocket server'
};
const MARK_START = '<!-- compare:start -->';
const MARK_END = '<!-- compare:end -->';

const ms = (v: number | null | undefined) =>
	v == null
		? '—'
		: v >= 1000
			? `${round(v / 1000, 1)} s`
			: `${v >= 10 ? Math.round(v) : round(v, 1)} ms`;
const count = (v: number | null | undefined) => (v == null ? '—' : v.toLocaleString('en-GB'));
const size = (kib: number | null | undefined) =>
	kib == null
		? '—'
		: Math.abs(kib) >= 1024
			? `${round(kib / 1024, 1)} MiB`
			: `${Math.round(kib)} KiB`;

/** One line about a finished step, printed as the run goes. */
export function stepLine(r: StepResult) {
	if (r.verdict === 'error') return `${r.scenario} ${r.label} · ${r.server}: error: ${r.error}`;
	const w = r.windows.map((x) => ms(x.propagationMs.p99)).join(', ');
	// Per window: the load generator's CPU, event-loop delay p99 and CPU wait per wake-up, and
	// the CPU the machine's other processes used.
	const gen = r.windows
		.map(
			(x) =>
				`${x.generator.cpuPercent}%/${x.generator.eventLoopDelayP99Ms}ms/` +
				`${x.generator.cpuWaitPerWakeupMs}ms other ${x.otherProcessesCpuPercent}%`
		)
		.join(', ');
	return (
		`${r.scenario} ${r.label} · ${r.server}: propagation p99 ${ms(r.propagationMs.p99)} (windows ${w}), ` +
		`stored p99 ${ms(r.storedMs.p99)}, CPU/update ${r.serverCpuPerUpdateUs} µs, ${r.verdict} ` +
		`[generator ${gen}] ${r.seconds} s` +
		(r.warnings.length ? `\n    ⚠ ${r.warnings.join('\n    ⚠ ')}` : '')
	);
}

/**
 * Per server and scenario: the steps in order, the largest client count that passed, and why
 * the ramp stopped.
 */
export function ramp(report: CompareReport, server: string, scenario: string) {
	const steps = report.results.filter(
		(r) => r.server === server && r.scenario === scenario && !r.retried
	);
	const passed = steps.filter((r): r is MeasuredResult => r.verdict === 'pass');
	const last = steps.at(-1);
	const skipped = report.skipped.find((s) => s.server === server && s.scenario === scenario);
	const top = report.scenarios.find((s) => s.id === scenario)?.steps.length === steps.length;
	let stop = 'reached the last step';
	if (last && last.verdict !== 'pass') {
		stop =
			last.verdict === 'fail'
				? `p99 > 100 ms at ${count(last.clients)}`
				: last.verdict === 'discarded'
					? `load generator bound at ${count(last.clients)}`
					: `error at ${count(last.clients)}`;
	} else if (skipped) stop = `time budget before ${skipped.label}`;
	else if (!top) stop = 'not run further';
	return { steps, largest: passed.at(-1) ?? null, stop };
}

export function markdown(report: CompareReport) {
	const servers = [...new Set(report.results.map((r) => r.server))];
	const header = `| | ${servers.map((s) => NAMES[s] ?? s).join(' | ')} |\n| --- | ${servers.map(() => '---').join(' | ')} |`;
	const row = (label: string, cell: (server: string) => string) =>
		`| ${label} | ${servers.map((s) => cell(s)).join(' | ')} |`;
	const at = (server: string, scenario: string, index = 0) =>
		report.results.filter((r) => r.server === server && r.scenario === scenario && !r.retried)[
			index
		];
	const pct = (r: RunResult | undefined) =>
		r && measured(r)
			? `${ms(r.propagationMs.p50)} / ${ms(r.propagationMs.p99)} / ${ms(r.propagationMs.p999)}`
			: '—';
	const stored = (r: RunResult | undefined) => (r && measured(r) ? ms(r.storedMs.p99) : '—');
	const firstLabel = (scenario: string) =>
		report.scenarios.find((s) => s.id === scenario)?.steps[0] ?? '';
	const lines = [header];
	const has = (id: string) => report.scenarios.some((s) => s.id === id);
	for (const id of ['A', 'B']) {
		if (!has(id)) continue;
		lines.push(
			row(`${id}: most clients with p99 ≤ 100 ms`, (s) => {
				const r = ramp(report, s, id);
				return `**${r.largest ? count(r.largest.clients) : 'none'}** (${r.stop})`;
			}),
			row(`${id}, ${firstLabel(id)}: propagation p50 / p99 / p99.9`, (s) => pct(at(s, id))),
			row(`${id}, largest step passed: propagation p50 / p99 / p99.9 (median window p99)`, (s) => {
				const r = ramp(report, s, id).largest;
				return r ? `${pct(r)} (${ms(r.medianWindowP99Ms)})` : '—';
			}),
			row(`${id}, ${firstLabel(id)}: keystroke → stored p99`, (s) => stored(at(s, id))),
			row(`${id}, ${firstLabel(id)}: server CPU per update (+ PostgreSQL)`, (s) => {
				const r = at(s, id);
				return !r || !measured(r) || r.serverCpuPerUpdateUs == null
					? '—'
					: `${r.serverCpuPerUpdateUs} µs (+ ${r.databaseCpuPerUpdateUs} µs)`;
			})
		);
	}
	if (has('C')) {
		lines.push(
			row(`C, ${firstLabel('C')}: open p50 / p99; propagation p99`, (s) => {
				const r = at(s, 'C');
				if (!r || !measured(r) || !r.churn)
					return r && !measured(r) && r.error ? `error: ${r.error}` : '—';
				const failed = r.churn.failures + r.churn.skipped;
				return `${ms(r.churn.opensMs.p50)} / ${ms(r.churn.opensMs.p99)}${failed ? ` (${failed} failed)` : ''}; ${ms(r.propagationMs.p99)}`;
			})
		);
	}
	if (has('D')) {
		lines.push(
			row('D: 16 MB document opened in; propagation p99 (worst window)', (s) => {
				const r = at(s, 'D');
				if (!r || !measured(r) || !r.bigDocument)
					return r && !measured(r) && r.error ? `error: ${r.error}` : '—';
				const worst = Math.max(...r.windows.map((w) => w.propagationMs.p99 ?? 0));
				return `${r.bigDocument.error ? `failed: ${r.bigDocument.error}` : ms(r.bigDocument.openMs)}; ${ms(worst)}`;
			}),
			row('D: memory with the 16 MB document open (RSS)', (s) => {
				const r = at(s, 'D');
				return r && measured(r) ? size(r.memory.loaded.rssKiB) : '—';
			})
		);
	}
	if (has('A')) {
		lines.push(
			row('memory per idle connection, RSS / heap (A, largest step run)', (s) => {
				const r = ramp(report, s, 'A').steps.filter(measured).at(-1);
				return r
					? `${size(r.memory.perIdleClientKiB.rss)} / ${size(r.memory.perIdleClientKiB.heap)}`
					: '—';
			})
		);
	}
	if (has('B')) {
		lines.push(
			row(
				'memory per loaded document with its 3 connections, RSS / heap (B, largest step run)',
				(s) => {
					const r = ramp(report, s, 'B').steps.filter(measured).at(-1);
					return r
						? `${size(r.memory.perDocumentLoadedKiB.rss)} / ${size(r.memory.perDocumentLoadedKiB.heap)}`
						: '—';
				}
			),
			row(`written per 1,000 keystrokes: database growth / WAL (B, ${firstLabel('B')})`, (s) => {
				const r = at(s, 'B');
				// A figure missing (null) reads as 0, as it always has in these tables.
				return r && measured(r)
					? `${size((r.databaseGrowthPer1000Keystrokes ?? 0) / 1024)} / ${size((r.walPer1000Keystrokes ?? 0) / 1024)}`
					: '—';
			})
		);
	}
	const steps = [
		'',
		'| scenario, step | clients | ' +
			servers
				.map((s) => `${NAMES[s] ?? s}: p50 / p99 / p99.9 (median window p99), stored p99`)
				.join(' | ') +
			' |'
	];
	steps.push(`| --- | --- | ${servers.map(() => '---').join(' | ')} |`);
	for (const scenario of report.scenarios) {
		for (const label of scenario.steps) {
			const results = servers.map((s) =>
				report.results.find(
					(r) => r.server === s && r.scenario === scenario.id && r.label === label && !r.retried
				)
			);
			const retried = (s: string) =>
				report.results.some(
					(r) => r.server === s && r.scenario === scenario.id && r.label === label && r.retried
				);
			if (results.every((r) => !r)) continue;
			const clients = results.find((r) => r)?.clients;
			const first = results.find((r) => r);
			const library = first && measured(first) && first.library ? ' (libraries)' : '';
			steps.push(
				`| ${scenario.id}: ${label} | ${count(clients)}${library} | ${results
					.map((r, i) =>
						!r
							? 'not run'
							: r.verdict === 'error'
								? `error`
								: `${pct(r)} (${ms(r.medianWindowP99Ms)}), ${stored(r)}` +
									(r.verdict === 'pass' ? '' : ` **${r.verdict}**`) +
									(retried(servers[i]) ? ', 2nd attempt' : '')
					)
					.join(' | ')} |`
			);
		}
	}
	return `${lines.join('\n')}\n${steps.join('\n')}\n`;
}

/**
 * Replaces the table between the compare markers of docs/benchmarks.md.
 */
export function updateReadme(path: string, table: string) {
	const text = readFileSync(path, 'utf8');
	const start = text.indexOf(MARK_START);
	const end = text.indexOf(MARK_END);
	if (start < 0 || end < start) {
		console.warn(`docs/benchmarks.md has no ${MARK_START} … ${MARK_END} markers: not updated`);
		return;
	}
	// Blank lines around the table, as Prettier leaves Markdown.
	writeFileSync(
		path,
		`${text.slice(0, start + MARK_START.length)}\n\n${table}\n${text.slice(end)}`
	);
}

// The comparison's results as text: one line per step while it runs, then Markdown tables (a
// summary per server, and every step) for bench-results/compare.md and the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { round } from '../measure.mjs';

export const NAMES = /** @type {Record<string, string>} */ ({
	maillage: 'Maillage',
	hocuspocus: 'Hocuspocus',
	'y-websocket': 'y-websocket server'
});
const MARK_START = '<!-- compare:start -->';
const MARK_END = '<!-- compare:end -->';

/** @param {number | null | undefined} v */
const ms = (v) =>
	v == null
		? '—'
		: v >= 1000
			? `${round(v / 1000, 1)} s`
			: `${v >= 10 ? Math.round(v) : round(v, 1)} ms`;
/** @param {number | null | undefined} v */
const count = (v) => (v == null ? '—' : v.toLocaleString('en-GB'));
/** @param {number | null | undefined} kib */
const size = (kib) =>
	kib == null
		? '—'
		: Math.abs(kib) >= 1024
			? `${round(kib / 1024, 1)} MiB`
			: `${Math.round(kib)} KiB`;

/** One line about a finished step, printed as the run goes. @param {any} r */
export function stepLine(r) {
	if (r.verdict === 'error') return `${r.scenario} ${r.label} · ${r.server}: error: ${r.error}`;
	const w = r.windows.map((/** @type {any} */ x) => ms(x.propagationMs.p99)).join(', ');
	// Per window: the load generator's CPU, event-loop delay p99 and CPU wait per wake-up, and
	// the CPU the machine's other processes used.
	const gen = r.windows
		.map(
			(/** @type {any} */ x) =>
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
 * @param {any} report
 * @param {string} server
 * @param {string} scenario
 */
export function ramp(report, server, scenario) {
	const steps = report.results.filter(
		(/** @type {any} */ r) => r.server === server && r.scenario === scenario && !r.retried
	);
	const passed = steps.filter((/** @type {any} */ r) => r.verdict === 'pass');
	const last = steps.at(-1);
	const skipped = report.skipped.find(
		(/** @type {any} */ s) => s.server === server && s.scenario === scenario
	);
	const top =
		report.scenarios.find((/** @type {any} */ s) => s.id === scenario)?.steps.length ===
		steps.length;
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

/** @param {any} report */
export function markdown(report) {
	const servers = [...new Set(report.results.map((/** @type {any} */ r) => r.server))];
	const header = `| | ${servers.map((s) => NAMES[s] ?? s).join(' | ')} |\n| --- | ${servers.map(() => '---').join(' | ')} |`;
	/** @param {string} label @param {(server: string) => string} cell */
	const row = (label, cell) => `| ${label} | ${servers.map((s) => cell(s)).join(' | ')} |`;
	const at = (/** @type {string} */ server, /** @type {string} */ scenario, index = 0) =>
		report.results.filter(
			(/** @type {any} */ r) => r.server === server && r.scenario === scenario && !r.retried
		)[index];
	const pct = (/** @type {any} */ r) =>
		r?.propagationMs
			? `${ms(r.propagationMs.p50)} / ${ms(r.propagationMs.p99)} / ${ms(r.propagationMs.p999)}`
			: '—';
	const stored = (/** @type {any} */ r) => (r?.storedMs ? ms(r.storedMs.p99) : '—');
	const firstLabel = (/** @type {string} */ scenario) =>
		report.scenarios.find((/** @type {any} */ s) => s.id === scenario)?.steps[0] ?? '';
	const lines = [header];
	const has = (/** @type {string} */ id) =>
		report.scenarios.some((/** @type {any} */ s) => s.id === id);
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
				return r?.serverCpuPerUpdateUs == null
					? '—'
					: `${r.serverCpuPerUpdateUs} µs (+ ${r.databaseCpuPerUpdateUs} µs)`;
			})
		);
	}
	if (has('C')) {
		lines.push(
			row(`C, ${firstLabel('C')}: open p50 / p99; propagation p99`, (s) => {
				const r = at(s, 'C');
				if (!r?.churn) return r?.error ? `error: ${r.error}` : '—';
				const failed = r.churn.failures + r.churn.skipped;
				return `${ms(r.churn.opensMs.p50)} / ${ms(r.churn.opensMs.p99)}${failed ? ` (${failed} failed)` : ''}; ${ms(r.propagationMs.p99)}`;
			})
		);
	}
	if (has('D')) {
		lines.push(
			row('D: 16 MB document opened in; propagation p99 (worst window)', (s) => {
				const r = at(s, 'D');
				if (!r?.bigDocument) return r?.error ? `error: ${r.error}` : '—';
				const worst = Math.max(
					...r.windows.map((/** @type {any} */ w) => w.propagationMs.p99 ?? 0)
				);
				return `${r.bigDocument.error ? `failed: ${r.bigDocument.error}` : ms(r.bigDocument.openMs)}; ${ms(worst)}`;
			}),
			row('D: memory with the 16 MB document open (RSS)', (s) => {
				const r = at(s, 'D');
				return r?.memory ? size(r.memory.loaded.rssKiB) : '—';
			})
		);
	}
	if (has('A')) {
		lines.push(
			row('memory per idle connection, RSS / heap (A, largest step run)', (s) => {
				const r = ramp(report, s, 'A')
					.steps.filter((/** @type {any} */ x) => x.memory)
					.at(-1);
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
					const r = ramp(report, s, 'B')
						.steps.filter((/** @type {any} */ x) => x.memory)
						.at(-1);
					return r
						? `${size(r.memory.perDocumentLoadedKiB.rss)} / ${size(r.memory.perDocumentLoadedKiB.heap)}`
						: '—';
				}
			),
			row(`written per 1,000 keystrokes: database growth / WAL (B, ${firstLabel('B')})`, (s) => {
				const r = at(s, 'B');
				return r?.memory
					? `${size(r.databaseGrowthPer1000Keystrokes / 1024)} / ${size(r.walPer1000Keystrokes / 1024)}`
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
					(/** @type {any} */ r) =>
						r.server === s && r.scenario === scenario.id && r.label === label && !r.retried
				)
			);
			const retried = (/** @type {string} */ s) =>
				report.results.some(
					(/** @type {any} */ r) =>
						r.server === s && r.scenario === scenario.id && r.label === label && r.retried
				);
			if (results.every((r) => !r)) continue;
			const clients = results.find((r) => r)?.clients;
			const library = results.find((r) => r)?.library ? ' (libraries)' : '';
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
 * Replaces the table between the compare markers of the README.
 * @param {string} path
 * @param {string} table
 */
export function updateReadme(path, table) {
	const text = readFileSync(path, 'utf8');
	const start = text.indexOf(MARK_START);
	const end = text.indexOf(MARK_END);
	if (start < 0 || end < start) {
		console.warn(`README.md has no ${MARK_START} … ${MARK_END} markers: not updated`);
		return;
	}
	// Blank lines around the table, as Prettier leaves Markdown.
	writeFileSync(
		path,
		`${text.slice(0, start + MARK_START.length)}\n\n${table}\n${text.slice(end)}`
	);
}

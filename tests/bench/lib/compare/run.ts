// `npm run bench:collab -- --compare`: the same load against Maillage's sync server,
// Hocuspocus and a server on the reference y-websocket code, in alternating order, each on a
// fresh PostgreSQL database, scenario by scenario and step by step (see scenarios.ts). Writes
// bench-results/compare.json, a Markdown table (bench-results/compare.md, and docs/benchmarks.md with
// --readme) and the chart docs/bench-collab-p99.svg.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canPin, pin } from '../../../support/child.ts';
import { cleanups } from '../cleanup.ts';
import { ensureBuild, revision } from '../../../support/build.ts';
import { round } from '../measure.ts';
import { chart } from './chart.ts';
import { documentState } from './documents.ts';
import {
	markdown,
	stepLine,
	updateReadme,
	type CompareReport,
	type RunResult,
	type Skipped
} from './report.ts';
import {
	BIG_DOCUMENT_BYTES,
	CHURN_DOCUMENT_BYTES,
	CHURN_DOCUMENTS,
	LOAD,
	QUICK_TIMING,
	scenarios,
	TIMING
} from './scenarios.ts';
import { runStep } from './step.ts';
import { prepareTarget, SERVERS, type ServerName } from './targets.ts';

const USAGE = `Usage: npm run bench:collab -- --compare [options]

  --scenarios LIST       which scenarios, e.g. A,B (default A,B,C,D)
  --servers LIST         which servers (default maillage,hocuspocus,y-websocket)
  --quick                two small steps per ramp and short windows, to try the run out
  --database-url URL     PostgreSQL server on 127.0.0.1 (or DATABASE_URL; default
                         postgres://postgres@127.0.0.1:5432/postgres); each server gets a fresh
                         database per scenario, dropped afterwards
  --json PATH            results (default bench-results/compare.json)
  --chart PATH           the SVG chart (default docs/bench-collab-p99.svg)
  --readme               also replace the table between the compare markers of docs/benchmarks.md
  --render               run nothing: write the tables and the chart again from --json
  --no-pin               do not pin the servers and the load generator to different CPUs
  --no-build             do not build, even when the build is older than the sources
  --seed S               seed of the random typing (default 1)
`;

/** The whole run must end within this; steps that would not fit are not run. */
const TOTAL_BUDGET_S = 14.5 * 60;
/** A step round (every server once) is assumed to take this much longer than the previous one. */
const GROWTH = 1.4;

export async function runCompare(argv: string[]) {
	const { values: args } = parseArgs({
		args: argv.filter((a) => a !== '--compare'),
		options: {
			scenarios: { type: 'string', default: 'A,B,C,D' },
			servers: { type: 'string', default: SERVERS.join(',') },
			quick: { type: 'boolean', default: false },
			'database-url': { type: 'string' },
			json: { type: 'string', default: 'bench-results/compare.json' },
			chart: { type: 'string', default: 'docs/bench-collab-p99.svg' },
			readme: { type: 'boolean', default: false },
			render: { type: 'boolean', default: false },
			'no-pin': { type: 'boolean', default: false },
			'no-build': { type: 'boolean', default: false },
			seed: { type: 'string', default: '1' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (args.help) {
		console.log(USAGE);
		return;
	}
	const root = resolve(import.meta.dirname, '../../../..');
	if (args.render) {
		const json = resolve(root, args.json);
		write(
			JSON.parse(readFileSync(json, 'utf8')),
			json,
			resolve(root, args.chart),
			args.readme ? resolve(root, 'docs/benchmarks.md') : null
		);
		return;
	}
	const servers = args.servers
		.split(',')
		.filter((s): s is ServerName => (SERVERS as readonly string[]).includes(s));
	const wanted = new Set(args.scenarios.toUpperCase().split(','));
	const plan = scenarios(args.quick).filter((s) => wanted.has(s.id));
	const timing = args.quick ? QUICK_TIMING : TIMING;
	const serverUrl =
		args['database-url'] ||
		process.env.DATABASE_URL ||
		'postgres://postgres@127.0.0.1:5432/postgres';
	const seed = Number(args.seed) || 1;
	const log = (message: string) => console.log(`[compare] ${message}`);
	const started = performance.now();
	const startedAt = new Date().toISOString();
	const elapsed = () => (performance.now() - started) / 1000;

	if (!args['no-build']) ensureBuild(root);
	// WebsocketProvider adds a process 'exit' listener per client.
	process.setMaxListeners(0);
	// The load generator on CPU 0, the server under test on the last one.
	const cpuCount = os.cpus().length;
	const pinned = !args['no-pin'] && cpuCount >= 2 && canPin() && pin(process.pid, '0');
	const serverCpus = pinned ? String(cpuCount - 1) : null;
	log(
		pinned
			? `load generator pinned to CPU 0, servers to CPU ${serverCpus} (PostgreSQL unpinned)`
			: 'not pinned (needs 2 CPUs and taskset)'
	);

	const results: RunResult[] = [];
	const skipped: Skipped[] = [];
	for (const scenario of plan) {
		const scenarioStarted = elapsed();
		log(`scenario ${scenario.id}: ${scenario.title}`);
		const targets: Map<string, Awaited<ReturnType<typeof prepareTarget>>> = new Map();
		/** Per server: the documents C opens and closes, D's large one. */
		const extras = new Map();
		try {
			for (const name of servers) {
				const target = await prepareTarget(name, { root, serverUrl, cpus: serverCpus });
				targets.set(name, target);
				// Dropped in `finally`, or by the signal handler if the run is interrupted.
				cleanups.push(() => target.drop());
				const step = scenario.steps[0];
				if (scenario.id === 'C') {
					const names = await target.ensureDocuments(step.documents + CHURN_DOCUMENTS);
					const churn = names.slice(step.documents);
					const content = documentState(CHURN_DOCUMENT_BYTES);
					for (const document of churn) await target.seed(document, content);
					extras.set(name, { churnDocuments: churn });
				} else if (scenario.id === 'D') {
					const [, big] = await target.ensureDocuments(2);
					bigState ??= documentState(BIG_DOCUMENT_BYTES);
					await target.seed(big, bigState);
					extras.set(name, { bigDocument: big });
				}
			}
			log(`${servers.length} fresh databases ready in ${round(elapsed() - scenarioStarted, 1)} s`);

			const active = new Set(servers);
			let lastRoundS = 0;
			for (const step of scenario.steps) {
				const left = TOTAL_BUDGET_S - elapsed() - reserved(plan, scenario);
				if (active.size === 0) break;
				if (lastRoundS * GROWTH > left) {
					for (const server of active) {
						skipped.push({
							server,
							scenario: scenario.id,
							label: step.label,
							reason: 'time budget'
						});
					}
					log(`${step.label}: not run, it would not fit in the time budget`);
					break;
				}
				const roundStarted = elapsed();
				for (const name of servers) {
					if (!active.has(name)) continue;
					const target = targets.get(name) as NonNullable<ReturnType<typeof targets.get>>;
					const run = () =>
						runStep(
							target,
							{ ...step, ...(extras.get(name) ?? {}) },
							{ timing, load: LOAD, seed, log: (m) => log(`  ${name}: ${m}`) }
						);
					let result = await run();
					log(stepLine(result));
					// On a shared machine one burst of other work can sink a step: a ramp only stops
					// after a step failed twice in a row (both attempts are kept, the second one counts).
					if (result.verdict === 'fail' || result.verdict === 'discarded') {
						results.push({ ...result, retried: true });
						result = await run();
						log(`again: ${stepLine(result)}`);
					}
					results.push(result);
					if (result.verdict !== 'pass') active.delete(name);
				}
				lastRoundS = elapsed() - roundStarted;
			}
		} finally {
			for (const target of targets.values()) {
				cleanups.pop();
				await target.drop().catch(() => {});
			}
		}
	}

	const report: CompareReport = {
		benchmark: 'collab-compare',
		version: 1,
		startedAt,
		durationS: round(elapsed(), 0),
		revision: revision(root, ['src', 'server.js', 'tests/bench', 'tests/support']),
		machine: {
			cpus: cpuCount,
			cpuModel: os.cpus()[0]?.model ?? null,
			memoryGiB: round(os.totalmem() / 2 ** 30, 1),
			node: process.version,
			platform: `${os.platform()} ${os.release()}`,
			loadAverage: os.loadavg().map((l) => round(l, 2))
		},
		pinned: pinned ? { loadGenerator: '0', servers: serverCpus } : null,
		versions: versions(root),
		load: LOAD,
		timing,
		quick: args.quick,
		scenarios: plan.map((s) => ({ id: s.id, title: s.title, steps: s.steps.map((x) => x.label) })),
		results,
		skipped
	};
	const json = resolve(root, args.json);
	mkdirSync(dirname(json), { recursive: true });
	writeFileSync(json, `${JSON.stringify(report, null, '\t')}\n`);
	const svg = resolve(root, args.chart);
	write(report, json, svg, args.readme ? resolve(root, 'docs/benchmarks.md') : null);
	log(
		`done in ${round(elapsed() / 60, 1)} min: ${json}, ${svg}${args.readme ? ', docs/benchmarks.md' : ''}`
	);
}

/**
 * The Markdown tables (beside the JSON, and in docs/benchmarks.md when given) and the chart.
 */
function write(report: CompareReport, json: string, svg: string, readme: string | null) {
	const table = markdown(report);
	writeFileSync(json.replace(/\.json$/, '.md'), table);
	mkdirSync(dirname(svg), { recursive: true });
	writeFileSync(svg, chart(report));
	if (readme) updateReadme(readme, table);
	console.log(`\n${table}`);
}

let bigState: { state: Uint8Array; parts: Uint8Array[] } | undefined;

/**
 * Time to keep for the scenarios after `current`.
 */
function reserved(
	plan: import('./scenarios.ts').Scenario[],
	current: import('./scenarios.ts').Scenario
) {
	return plan.slice(plan.indexOf(current) + 1).reduce((s, x) => s + x.reserveS, 0);
}

/** The versions of what is compared. */
function versions(root: string) {
	const version = (name: string) => {
		try {
			return JSON.parse(readFileSync(resolve(root, 'node_modules', name, 'package.json'), 'utf8'))
				.version;
		} catch {
			return null;
		}
	};
	return Object.fromEntries(
		[
			'@hocuspocus/server',
			'@hocuspocus/provider',
			'@y/websocket-server',
			'y-websocket',
			'yjs',
			'ws'
		].map((name) => [name, version(name)])
	);
}

// `npm run drill`: the fault drills of the collaboration server (drills, not timed tests). Each
// starts the production server (`node server.js --demo`) on a fresh database, does something bad
// to it, and prints a one-line verdict, PASS or FAIL with the figures behind it, or SKIP with the
// reason; the exit code is 1 when a drill failed. See docs/drills.md.
//
//   npm run drill
//   npm run drill -- --database-url postgres://postgres@127.0.0.1:5432/postgres
//   npm run drill -- --short --only kill,stampede --seed 7
//
// Plain Node ESM JavaScript like the benchmarks; the drills are the files of this folder, their
// pieces (client, proxy, target server) in lib/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild } from '../support/build.ts';
import { churnDrill } from './churn.ts';
import { fuzzDrill } from './fuzz.ts';
import { killDrill } from './kill.ts';
import { outageDrill } from './outage.ts';
import { stampedeDrill } from './stampede.ts';
import { duration, line } from './lib/verdict.ts';

const root = resolve(import.meta.dirname, '../..');

const USAGE = `Usage: npm run drill -- [options]

  --database-url URL   PostgreSQL server on 127.0.0.1 (or DATABASE_URL): each drill runs on a
                       fresh database, dropped afterwards; without it, PGlite in a temporary
                       folder (the database outage drill then does not apply and is skipped)
  --only LIST          some drills only, comma-separated: kill, outage, churn, fuzz, stampede
  --short              the short version CI runs: 3 kills, a 5 s outage, 1,000 cycles, 15 s of
                       fuzzing, seed 1 unless --seed says otherwise
  --seed S             base seed (default: drawn at random, and printed)
  --kills N            SIGKILLs of the server (default 100 on PostgreSQL, 30 on PGlite, whose
                       restarts and reloads take about three times as long)
  --outage S           seconds the database is unreachable (default 30)
  --outage-mode M      refuse (open connections closed, new ones reset; the default) or
                       blackhole (nothing gets through until the end)
  --cycles N           connect/disconnect cycles (default 10000)
  --fuzz S             seconds of fuzzing (default 60)
  --clients N          clients opening the same unloaded document at once (default 100)
  --json PATH          where to write the verdicts (default bench-results/drill.json)
  --no-build           do not build, even when the build is older than the sources
`;

const { values: args } = parseArgs({
	options: {
		'database-url': { type: 'string' },
		only: { type: 'string' },
		short: { type: 'boolean', default: false },
		seed: { type: 'string' },
		kills: { type: 'string' },
		outage: { type: 'string' },
		'outage-mode': { type: 'string', default: 'refuse' },
		cycles: { type: 'string' },
		fuzz: { type: 'string' },
		clients: { type: 'string', default: '100' },
		json: { type: 'string', default: 'bench-results/drill.json' },
		'no-build': { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}

/** The whole number given for `name`, or `fallback`; at least `min`. */
function whole(name: string, fallback: number, min = 1) {
	const raw = args[name as keyof typeof args];
	const value = raw === undefined ? fallback : Number(raw);
	if (!Number.isInteger(value) || value < min) {
		console.error(`--${name}: ${raw} is not a whole number of at least ${min}\n\n${USAGE}`);
		process.exit(2);
	}
	return value;
}

const DRILLS = ['kill', 'outage', 'churn', 'fuzz', 'stampede'];
const only = args.only ? args.only.split(',').map((s) => s.trim()) : DRILLS;
const unknown = only.filter((name) => !DRILLS.includes(name));
if (unknown.length > 0) {
	console.error(`--only: no drill named ${unknown.join(', ')}\n\n${USAGE}`);
	process.exit(2);
}
const outageMode = args['outage-mode'];
if (outageMode !== 'refuse' && outageMode !== 'blackhole') {
	console.error(`--outage-mode: refuse or blackhole\n\n${USAGE}`);
	process.exit(2);
}
const short = args.short;
const seed = whole('seed', short ? 1 : Math.floor(Math.random() * 1_000_000), 0);
const databaseUrl = args['database-url'] || process.env.DATABASE_URL || null;
const settings = {
	kills: whole('kills', short ? 3 : databaseUrl ? 100 : 30),
	outageSeconds: whole('outage', short ? 5 : 30),
	cycles: whole('cycles', short ? 1000 : 10_000),
	fuzzSeconds: whole('fuzz', short ? 15 : 60),
	clients: whole('clients', 100)
};
const log = (message: string) => console.log(`[drill] ${message}`);

const common = { root, databaseUrl, seed, log };
const runs: Record<string, () => Promise<import('./lib/verdict.ts').Verdict>> = {
	kill: () => killDrill({ ...common, kills: settings.kills, documents: 4, typists: 4 }),
	outage: () => outageDrill({ ...common, outageSeconds: settings.outageSeconds, mode: outageMode }),
	churn: () => churnDrill({ ...common, cycles: settings.cycles }),
	fuzz: () => fuzzDrill({ ...common, seconds: settings.fuzzSeconds }),
	stampede: () => stampedeDrill({ ...common, clients: settings.clients })
};

const startedAt = performance.now();
if (!args['no-build']) ensureBuild(root);
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
log(
	`${only.join(', ')} on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, seed ${seed}` +
		`${short ? ', short version' : ''}; commit ${commit.stdout?.trim() || '?'}, ` +
		`${os.cpus().length} CPUs, Node ${process.versions.node}`
);
log(
	`${settings.kills} kills${args.kills ? '' : ` (the default on ${databaseUrl ? 'PostgreSQL' : 'PGlite; 100 on PostgreSQL'})`}, ` +
		`${settings.outageSeconds} s outage, ${settings.cycles} cycles, ` +
		`${settings.fuzzSeconds} s of fuzzing, ${settings.clients} clients at once`
);
const verdicts = [];
for (const name of only) {
	log(`${name}…`);
	let result;
	try {
		result = await runs[name]();
	} catch (e) {
		const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
		console.error(message);
		result = {
			drill: name,
			status: 'FAIL' as const,
			summary: `the drill itself failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
			seconds: 0,
			figures: {}
		};
	}
	verdicts.push(result);
	console.log(line(result));
}

const took = performance.now() - startedAt;
console.log(`\nFault drills, ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, seed ${seed}:`);
for (const v of verdicts) console.log(line(v));
console.log(`All in ${duration(took)}.`);
const path = resolve(root, args.json);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(
	path,
	JSON.stringify(
		{
			date: new Date().toISOString(),
			commit: commit.stdout?.trim() || null,
			engine: databaseUrl ? 'postgresql' : 'pglite',
			seed,
			settings,
			seconds: Math.round(took / 1000),
			verdicts
		},
		null,
		'\t'
	)
);
process.exit(verdicts.some((v) => v.status === 'FAIL') ? 1 : 0);

// `npm run bench:mixed`: whether live editing is immune to page load (a benchmark, not a test).
// On one production server: documents typed into live by simulated editors (the raw-socket
// clients of bench:collab), and a few connections loading the main pages in turn as the
// coordinator (autocannon, as bench:http). Four windows, in this order: typing alone, pages
// alone, both together, typing alone again (the machine's noise shows in how far apart the two
// typing-alone windows are). It reports propagation p50/p99 (one typist's keystroke to the
// others receiving it) with and without the page load, the pages' p50/p99 and req/s with and
// without the typing, their ratios and the machine's load average; prints a table, writes JSON.
//
//   npm run bench:mixed                          the large seed (npm run seed:large), PGlite
//   npm run bench:mixed -- --demo --duration 10  the demo data, on a fresh data folder
//   npm run bench:mixed -- --database-url postgres://postgres@127.0.0.1:5432/maillage_large
//   npm run bench:mixed -- --demo --database-url postgres://postgres@127.0.0.1:5432/postgres
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild, revision } from '../support/build.ts';
import { createDatabase, loopbackDatabaseUrl } from '../support/database.ts';
import { DEMO_GROUP, DEMO_PASSWORD, DEMO_WRITERS, login, loginEach } from '../support/logins.ts';
import { startServer, type ProductionServer } from '../support/server.ts';
import { cleanups, main } from './lib/cleanup.ts';
import { LOGINS, PASSWORD } from './lib/large/network.ts';
import { SEEDED_OPTIONS, SEEDED_USAGE, seededDatabase } from './lib/large/seeded.ts';
import { round } from './lib/measure.ts';
import { checkPages, loadPages, mainPages } from './lib/mixed-pages.ts';
import { measurePhase, printReport, ratios, type Phase } from './lib/mixed-report.ts';
import { startTypists } from './lib/mixed-typists.ts';
import { sleep } from './lib/pool.ts';

const root = resolve(import.meta.dirname, '../..');

const USAGE = `Usage: npm run bench:mixed -- [options]

  --demo                the demo data on a fresh data folder (or a fresh PostgreSQL database
                        with --database-url), instead of the large seed
${SEEDED_USAGE}
  --duration S          seconds of each of the four windows (default 30)
  --warmup S            typing or page load before a window measures (default 5)
  --documents N         documents typed into (default 10)
  --typists M           simulated editors per document (default 3)
  --connections N       connections loading the pages (default 4)
  --keys-per-second K   keystrokes per typist per second (default 5)
  --query Q             what the search page looks for (default "navette gare")
  --seed S              seed of the random typing (default 1)
  --json PATH           where to write the results (default bench-results/mixed.json)
  --server-cpu-prof DIR have the server write a V8 CPU profile (.cpuprofile) into DIR
`;

const { values: args } = parseArgs({
	options: {
		...SEEDED_OPTIONS,
		demo: { type: 'boolean', default: false },
		duration: { type: 'string', default: '30' },
		warmup: { type: 'string', default: '5' },
		documents: { type: 'string', default: '10' },
		typists: { type: 'string', default: '3' },
		connections: { type: 'string', default: '4' },
		'keys-per-second': { type: 'string', default: '5' },
		query: { type: 'string', default: 'navette gare' },
		seed: { type: 'string', default: '1' },
		json: { type: 'string', default: 'bench-results/mixed.json' },
		'server-cpu-prof': { type: 'string' }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
/** The numeric option `name`, at least `min`. */
function numberOption(name: keyof typeof args, min: number) {
	const value = Number(args[name]);
	if (!Number.isFinite(value) || value < min) {
		console.error(`--${name}: ${args[name]} is out of range\n\n${USAGE}`);
		process.exit(2);
	}
	return value;
}
const options = {
	durationS: numberOption('duration', 1),
	warmupS: numberOption('warmup', 0),
	documents: Math.floor(numberOption('documents', 1)),
	typists: Math.floor(numberOption('typists', 2)),
	connections: Math.floor(numberOption('connections', 1)),
	keysPerSecond: numberOption('keys-per-second', 0.1),
	cursorsPerSecond: 2,
	deleteRatio: 0.05,
	query: args.query,
	seed: Math.floor(numberOption('seed', 0))
};
const cpuProfileDir = args['server-cpu-prof'] ? resolve(args['server-cpu-prof']) : null;

/**
 * The server, the group the pages and documents are in, and who types: on the demo data, the
 * group's writers; on the large seed, its busiest active group (as bench:http) and the
 * coordinator, who may write in every group.
 */
async function serve() {
	if (args.demo) {
		if (!args['no-build']) ensureBuild(root);
		const database = args['database-url']
			? await createDatabase(loopbackDatabaseUrl(args['database-url']).toString())
			: null;
		if (database) cleanups.push(() => database.drop());
		console.log(`Serving the demo data (${database ? 'PostgreSQL' : 'PGlite'}, fresh)`);
		const server = await startServer({
			root,
			databaseUrl: database?.url,
			demo: true,
			cpuProfileDir
		});
		const typists = Array.from({ length: options.typists }, (_, i) => DEMO_WRITERS[i % 6]);
		return {
			server,
			data: 'demo',
			database: database ? 'postgresql' : 'pglite',
			group: DEMO_GROUP,
			typists,
			password: DEMO_PASSWORD,
			network: null
		};
	}
	const seeded = seededDatabase(root, args);
	seeded.ensure();
	const db = await seeded.open();
	const [group] = await db.query<{ slug: string }>(`select g.slug
		from groups g join actions a on a.group_id = g.id
		where g.status = 'active' group by g.id order by count(a.id) desc, g.slug limit 1`);
	const [network] = await db.query<Record<string, number>>(`select
		(select count(*)::int from groups) as groups,
		(select count(*)::int from users) as people,
		(select count(*)::int from actions) as actions,
		(select count(*)::int from documents) as documents,
		(select count(*)::int from thread_messages) as messages`);
	await db.close();
	if (!group) throw new Error('The database is empty: run npm run seed:large first.');
	const server = await seeded.serve(
		`${network.groups} groups, ${network.people} people, ${network.actions} actions, ` +
			`${network.documents} documents, ${network.messages} messages`,
		cpuProfileDir
	);
	return {
		server,
		data: 'large',
		database: seeded.databaseUrl ? 'postgresql' : 'pglite',
		group: group.slug,
		typists: Array.from({ length: options.typists }, () => LOGINS.coordinator),
		password: PASSWORD,
		network
	};
}

await main('bench:mixed', async () => {
	const startedAt = new Date().toISOString();
	const loadBefore = os.loadavg().map((l) => round(l, 2));
	const setup = await serve();
	const server: ProductionServer = setup.server;
	let stopping = false;
	cleanups.push(async () => {
		stopping = true;
		await server.stop();
	});
	const serverDied = server.exited.then(({ code, signal }) => {
		if (!stopping) throw new Error(`the server exited (${code ?? signal}) during the run`);
	});
	serverDied.catch(() => {});
	/** Waits `ms`, or fails as soon as the server dies. */
	const wait = (ms: number) => Promise.race([sleep(ms), serverDied]);

	// The pages first, before the benchmark's documents exist (they would be the first listed).
	const cookie = await login(server.origin, LOGINS.coordinator, setup.password);
	const pages = await checkPages(
		server.origin,
		cookie,
		await mainPages(server.origin, cookie, setup.group, options.query)
	);
	console.log(
		`Pages, each alone once: ${pages.map((p) => `${p.name} ${p.aloneMs} ms`).join(', ')}`
	);
	const load = (seconds: number) =>
		Promise.race([
			loadPages(server.origin, cookie, pages, options.connections, seconds),
			serverDied.then(() => {
				throw new Error('unreachable');
			})
		]);

	const cookies = await loginEach(server.origin, setup.typists, setup.password);
	const typists = await startTypists({
		origin: server.origin,
		wsUrl: server.wsUrl,
		group: setup.group,
		cookies,
		names: setup.typists,
		documents: options.documents,
		load: {
			keysPerSecond: options.keysPerSecond,
			cursorsPerSecond: options.cursorsPerSecond,
			deleteRatio: options.deleteRatio
		},
		seed: options.seed
	});
	cleanups.push(() => typists.close());
	console.log(
		`${typists.editors} typists on ${typists.documentIds.length} documents of ${setup.group}, ` +
			`${options.connections} connections on ${pages.length} pages; ` +
			`windows of ${options.durationS} s after ${options.warmupS} s of warm-up`
	);

	const seconds = options.durationS * 1000;
	const phases: Phase[] = [];
	// 1. Typing alone.
	typists.start();
	await wait(options.warmupS * 1000);
	phases.push(
		await measurePhase('typing alone', server.pid, async () => ({
			typing: await typists.measure(() => wait(seconds))
		}))
	);
	// 2. Pages alone.
	typists.stop();
	await wait(1000);
	if (options.warmupS > 0) await load(options.warmupS);
	phases.push(
		await measurePhase('pages alone', server.pid, async () => ({
			pages: await load(options.durationS)
		}))
	);
	// 3. Both: the typists warm up with the pages' warm-up.
	typists.start();
	if (options.warmupS > 0) await load(options.warmupS);
	else await wait(1000);
	phases.push(
		await measurePhase('typing + pages', server.pid, async () => {
			let pages;
			const typing = await typists.measure(async () => {
				pages = await load(options.durationS);
			});
			return { typing, pages };
		})
	);
	// 4. Typing alone again, once the page load has drained.
	await wait(2000);
	phases.push(
		await measurePhase('typing alone, again', server.pid, async () => ({
			typing: await typists.measure(() => wait(seconds))
		}))
	);
	typists.stop();
	const diverged = await typists.diverged();
	const anomalies = typists.anomalies();
	typists.close();
	cleanups.pop();

	const r = ratios(phases);
	printReport(phases, r);
	const warnings = [];
	const bad = phases.reduce((n, p) => n + (p.pages?.bad ?? 0), 0);
	const lost = phases.reduce((n, p) => n + (p.typing?.undelivered ?? 0), 0);
	if (bad) warnings.push(`${bad} page requests failed`);
	if (lost) warnings.push(`${lost} keystrokes were never delivered to every typist`);
	if (diverged) warnings.push(`${diverged} documents diverged`);
	if (anomalies.unexpectedCloses) warnings.push(`${anomalies.unexpectedCloses} sockets closed`);
	if (server.errors.length) warnings.push(`${server.errors.length} error lines from the server`);
	for (const w of warnings) console.log(`Warning: ${w}: the figures are not to be trusted.`);
	if (warnings.length) process.exitCode = 1;

	const output = resolve(root, args.json);
	mkdirSync(dirname(output), { recursive: true });
	const cpus = os.cpus();
	const report = {
		benchmark: 'mixed',
		startedAt,
		revision: revision(root, ['src', 'server.js']),
		machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? null, node: process.version },
		data: setup.data,
		database: setup.database,
		network: setup.network,
		group: setup.group,
		options,
		pages,
		loadAverageBefore: loadBefore,
		phases,
		ratios: r,
		diverged,
		anomalies,
		warnings
	};
	writeFileSync(
		output,
		`${JSON.stringify(report, (key, value) => (key === 'samples' ? undefined : value), '\t')}\n`
	);
	console.log(`Results written to ${args.json}`);
});

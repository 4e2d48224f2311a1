// `npm run bench:http`: how many pages a second the production server serves, logged in as the
// coordinator, beside two floors served by the same server — a static file, which no page can
// beat, and a page behind login whose own load does nothing (/a-propos: the hooks, the session
// check and the layouts only) — with the HTML each page sends (plain and in br/gzip, as browsers
// ask) and how much JavaScript it ships. On the large seed (`npm run seed:large`, the default)
// or on the demo network (--demo, a fresh database). A benchmark, not a test. autocannon drives
// each page in turn for a fixed time with a few connections; every page is checked first.
//
//   npm run seed:large && npm run bench:http
//   npm run bench:http -- --duration 10 --connections 4
//   npm run bench:http -- --database-url postgres://postgres@127.0.0.1:5432/maillage_large
//   npm run bench:http -- --demo --duration 5 --connections 4
//   npm run bench:http -- --demo --database-url postgres://postgres@127.0.0.1:5432/postgres
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LOGINS } from './lib/large/network.ts';
import { SEEDED_OPTIONS, SEEDED_USAGE } from './lib/large/seeded.ts';
import { login } from '../support/logins.ts';
import { main } from './lib/cleanup.ts';
import { htmlSizes, loadPage } from './lib/http-measure.ts';
import { shippedScripts } from './lib/http-scripts.ts';
import { serve } from './lib/http-setup.ts';
import { formatTable, loadAverage, round, writeResults } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');

const USAGE = `Usage: npm run bench:http -- [options]

${SEEDED_USAGE}
  --demo                the demo network on a fresh database instead: PGlite in a temporary
                        folder, or with --database-url (a server's URL) a scratch database
                        created there and dropped at the end
  --duration S          seconds of load on each page (default 10)
  --warmup S            seconds of load on each page before measuring (default 2)
  --connections N       concurrent connections (default 4)
  --json PATH           where to write the results (default bench-results/http.json)
`;

const { values: args } = parseArgs({
	options: {
		...SEEDED_OPTIONS,
		demo: { type: 'boolean', default: false },
		duration: { type: 'string', default: '10' },
		warmup: { type: 'string', default: '2' },
		connections: { type: 'string', default: '4' },
		json: { type: 'string', default: 'bench-results/http.json' }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
const options = {
	duration: Number(args.duration),
	warmup: Number(args.warmup),
	connections: Number(args.connections)
};

/** The goals (docs/benchmarks.md): of the logged-in floor, p99 and the HTML sent. */
const GOALS = { ofLoggedInFloor: 0.5, p99Ms: 50, sentKiB: 100, plainKiB: 200 };

await main('bench:http', async () => {
	const loadBefore = loadAverage();
	const served = await serve(root, args);
	const { server, pages } = served;
	const n = served.network;
	console.log(
		`${served.data} data on ${served.database}: ${n.groups} groups, ${n.people} people, ` +
			`${n.actions} actions, ${n.documents} documents, ${n.messages} messages`
	);
	const cookie = await login(server.origin, LOGINS.coordinator, served.password);
	const results = [];
	for (const page of pages) {
		const sizes = await htmlSizes(server.origin, page.path, cookie);
		const scripts = page.floor === 'static' ? null : shippedScripts(root, sizes.html);
		const load = await loadPage(server.origin, page.path, cookie, options);
		const { html: _, ...kept } = sizes;
		results.push({ ...page, ...load, ...kept, scripts });
		console.log(
			`  ${page.name}: ${load.rps} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ` +
				`${kept.plainKiB} KiB (${kept.encoding} ${kept.sentKiB} KiB)` +
				(load.bad ? `, ${load.bad} failed` : '')
		);
	}
	const loadAfter = loadAverage();
	const staticFloor = results.find((r) => r.floor === 'static')?.rps ?? NaN;
	const loggedInFloor = results.find((r) => r.floor === 'logged-in')?.rps ?? NaN;
	const rows = results.map((r) => ({
		...r,
		ofStaticFloor: round(r.rps / staticFloor, 3),
		ofLoggedInFloor: round(r.rps / loggedInFloor, 3)
	}));
	console.log(
		'\n' +
			formatTable([
				[
					'page',
					'req/s',
					'× static',
					'× logged-in',
					'p50 ms',
					'p99 ms',
					'HTML KiB',
					'sent KiB',
					'JS gzip KiB',
					'lazy JS',
					'editor'
				],
				...rows.map((r) => [
					r.name,
					r.rps,
					r.ofStaticFloor,
					r.ofLoggedInFloor,
					r.p50,
					r.p99,
					r.plainKiB,
					`${r.sentKiB} ${r.encoding === 'identity' ? '' : r.encoding}`.trim(),
					r.scripts ? round(r.scripts.gzip / 1024, 1) : '',
					r.scripts ? round(r.scripts.lazyGzip / 1024, 1) : '',
					!r.scripts ? '' : r.scripts.editor ? 'at once' : r.scripts.lazyEditor ? 'lazy' : 'no'
				])
			])
	);
	console.log(
		`\nLoad average (1, 5, 15 min) on ${os.cpus().length} CPUs: ` +
			`${loadBefore.join(', ')} before, ${loadAfter.join(', ')} after`
	);

	// The goals, for the main pages (the floors are what they are measured against).
	const mainPages = rows.filter((r) => !r.floor);
	const misses = [
		...mainPages
			.filter((r) => r.ofLoggedInFloor < GOALS.ofLoggedInFloor)
			.map((r) => `${r.name} ${r.ofLoggedInFloor}× the logged-in floor`),
		...mainPages.filter((r) => r.p99 > GOALS.p99Ms).map((r) => `${r.name} p99 ${r.p99} ms`),
		...mainPages
			.filter((r) => r.sentKiB > GOALS.sentKiB || r.plainKiB > GOALS.plainKiB)
			.map((r) => `${r.name} ${r.plainKiB} KiB (${r.sentKiB} KiB sent)`)
	];
	console.log(
		misses.length
			? `Goals missed (≥ ${GOALS.ofLoggedInFloor}× the logged-in floor, p99 ≤ ${GOALS.p99Ms} ms, ` +
					`HTML ≤ ${GOALS.sentKiB} KiB sent and ≤ ${GOALS.plainKiB} KiB plain): ${misses.join('; ')}.`
			: 'Every main page meets the goals.'
	);
	const leaks = rows.filter((r) => (r.scripts?.editor || r.scripts?.lazyEditor) && !r.editor);
	if (leaks.length)
		console.log(`The editor is shipped to: ${leaks.map((r) => r.name).join(', ')}.`);
	if (rows.some((r) => r.bad)) {
		console.log('\nSome requests failed: the figures above are not to be trusted.');
		process.exitCode = 1;
	}
	writeResults(
		resolve(root, args.json),
		{ before: loadBefore, after: loadAfter },
		{
			data: served.data,
			database: served.database,
			network: n,
			options,
			goals: GOALS,
			pages: rows
		}
	);
	console.log(`Results written to ${args.json}`);
});

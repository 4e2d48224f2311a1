// `npm run bench:dashboard`: how fast the production server renders the network dashboard, the
// monthly report and a company's page on the large seed (`npm run seed:large`) — a benchmark,
// not a test. It starts `node server.js` on the seeded database, logs in as the coordinator
// through the login form, and times full HTTP GETs (headers and whole body) after a warm-up,
// the pages taking turns. It prints a table and writes JSON.
//
//   npm run seed:large && npm run bench:dashboard
//   npm run bench:dashboard -- --data-dir /tmp/large --requests 50
//   npm run bench:dashboard -- --database-url postgres://postgres@127.0.0.1:5432/maillage_large
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LOGINS, PASSWORD } from './lib/large/network.ts';
import { SEEDED_OPTIONS, SEEDED_USAGE, seededDatabase } from './lib/large/seeded.ts';
import { login } from '../support/logins.ts';
import { formatTable, round, Samples } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');
/** The median the dashboard must stay under. */
const TARGET_MS = 200;

const USAGE = `Usage: npm run bench:dashboard -- [options]

${SEEDED_USAGE}
  --warmup N            requests of each page before measuring (default 5)
  --requests N          measured requests of each page (default 30)
  --email ADDRESS       who logs in (default ${LOGINS.coordinator})
  --json PATH           where to write the results (default bench-results/dashboard.json)
`;

const { values: args } = parseArgs({
	options: {
		...SEEDED_OPTIONS,
		warmup: { type: 'string', default: '5' },
		requests: { type: 'string', default: '30' },
		email: { type: 'string', default: LOGINS.coordinator },
		json: { type: 'string', default: 'bench-results/dashboard.json' }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
const warmup = Number(args.warmup);
const requests = Number(args.requests);
const seeded = seededDatabase(root, args);
const { databaseUrl } = seeded;

// What is measured on: the seed's size, and the biggest company (its page has the most to count).
seeded.ensure();
const db = await seeded.open();
const [network] = await db.query(`select
	(select count(*)::int from groups) as groups,
	(select count(*)::int from users) as people,
	(select count(*)::int from meetings) as meetings,
	(select count(*)::int from meeting_attendees) as attendees,
	(select count(*)::int from actions) as actions,
	(select count(*)::int from check_ins) as check_ins,
	(select count(*)::int from thread_messages) as messages`);
const [company] = await db.query<{
	id: string;
	name: string;
	people: number;
}>(`select o.id, o.name, count(*)::int as people
	from organisations o join users u on u.organisation_id = o.id
	where o.kind = 'company' group by o.id order by people desc, o.name limit 1`);
await db.close();
if (!network.groups || !company) {
	console.error('The database is empty: run npm run seed:large first.');
	process.exit(1);
}

const pages = [
	{ name: 'dashboard', path: '/tableau-de-bord' },
	{ name: 'dashboard, one organisation', path: `/tableau-de-bord?organisation=${company.id}` },
	{ name: 'monthly report', path: '/tableau-de-bord/rapport' },
	{ name: `company (${company.people} people)`, path: `/annuaire/organisations/${company.id}` }
];

const server = await seeded.serve(
	`${network.groups} groups, ${network.people} people, ${network.meetings} meetings, ${network.actions} actions`
);
try {
	const cookie = await login(server.origin, args.email, PASSWORD);
	/** One full GET: time to the headers (the server has rendered) and to the last byte. */
	const get = async (path: string) => {
		const t0 = performance.now();
		const response = await fetch(server.origin + path, {
			headers: { cookie, accept: 'text/html' },
			redirect: 'manual'
		});
		const headers = performance.now() - t0;
		const body = await response.arrayBuffer();
		const total = performance.now() - t0;
		if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
		return { headers, total, bytes: body.byteLength };
	};
	const results = pages.map((page) => ({
		...page,
		headers: new Samples(),
		total: new Samples(),
		bytes: 0
	}));
	for (let i = 0; i < warmup; i++) for (const page of pages) await get(page.path);
	for (let i = 0; i < requests; i++) {
		for (const r of results) {
			const { headers, total, bytes } = await get(r.path);
			r.headers.add(headers);
			r.total.add(total);
			r.bytes = bytes;
		}
	}
	const summaries = results.map((r) => ({
		name: r.name,
		path: r.path,
		bytes: r.bytes,
		headers: r.headers.summary(),
		total: r.total.summary()
	}));
	console.log(
		'\n' +
			formatTable([
				['page (full GET, ms)', 'median', 'p95', 'p99', 'max', 'to headers', 'KiB'],
				...summaries.map((s) => [
					s.name,
					s.total.p50,
					s.total.p95,
					s.total.p99,
					s.total.max,
					s.headers.p50,
					round(s.bytes / 1024, 0)
				])
			])
	);
	const median = summaries[0].total.p50 as number;
	console.log(
		`\nDashboard median ${median} ms: ${median < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target.`
	);
	const output = resolve(root, args.json);
	mkdirSync(dirname(output), { recursive: true });
	writeFileSync(
		output,
		JSON.stringify(
			{
				date: new Date().toISOString(),
				machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
				database: databaseUrl ? 'postgres' : 'pglite',
				network,
				options: { warmup, requests, email: args.email },
				targetMs: TARGET_MS,
				pages: summaries
			},
			null,
			2
		)
	);
	console.log(`Results written to ${args.json}`);
} finally {
	await server.stop();
}

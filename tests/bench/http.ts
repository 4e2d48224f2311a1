// `npm run bench:http`: how many pages a second the production server serves on the large seed
// (`npm run seed:large`), logged in as the coordinator, beside a floor — a static file served by
// the same server, which no page can beat — and how much JavaScript each page ships to the
// browser. A benchmark, not a test. autocannon drives each page in turn for a fixed time with a
// few connections; every page is checked first (HTTP 200, the page it should be).
//
//   npm run seed:large && npm run bench:http
//   npm run bench:http -- --duration 10 --connections 4
//   npm run bench:http -- --database-url postgres://postgres@127.0.0.1:5432/maillage_large
import autocannon from 'autocannon';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { LOGINS, PASSWORD } from './lib/large/network.ts';
import { SEEDED_OPTIONS, SEEDED_USAGE, seededDatabase } from './lib/large/seeded.ts';
import { ensureBuild } from '../support/build.ts';
import { login } from '../support/logins.ts';
import { startServer } from '../support/server.ts';
import { formatTable, round } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');

const USAGE = `Usage: npm run bench:http -- [options]

${SEEDED_USAGE}
  --duration S          seconds of load on each page (default 10)
  --warmup S            seconds of load on each page before measuring (default 2)
  --connections N       concurrent connections (default 4)
  --json PATH           where to write the results (default bench-results/http.json)
`;

const { values: args } = parseArgs({
	options: {
		...SEEDED_OPTIONS,
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
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const seeded = seededDatabase(root, args);
const { databaseUrl, dataDir } = seeded;

// What the pages are measured on: the busiest active group, and the seed's size.
seeded.ensure();
const db = await seeded.open();
const [group] = await db.query<{
	slug: string;
	name: string;
	actions: number;
}>(`select g.slug, g.name, count(a.id)::int as actions
	from groups g join actions a on a.group_id = g.id
	where g.status = 'active' group by g.id order by actions desc, g.slug limit 1`);
const [network] = await db.query(`select
	(select count(*)::int from groups) as groups,
	(select count(*)::int from users) as people,
	(select count(*)::int from actions) as actions,
	(select count(*)::int from documents) as documents,
	(select count(*)::int from thread_messages) as messages`);
const [notes] = await db.query(
	`select d.id from documents d where d.group_id =
	(select id from groups where slug = $1) and d.archived_at is null
	order by d.last_edited_at desc limit 1`,
	[group?.slug]
);
await db.close();
if (!group) {
	console.error('The database is empty: run npm run seed:large first.');
	process.exit(1);
}

/** The pages, the floor first; `editor` says whether the page may load the editor. */
const pages = [
	{ name: 'floor: static file', path: '/robots.txt', editor: false },
	{
		name: `group page (${group.actions.toLocaleString('en')} actions)`,
		path: `/groupes/${group.slug}`,
		editor: false
	},
	{
		name: 'actions board, filtered',
		path: `/actions?group=${group.slug}&status=open,in_progress,blocked&sort=due`,
		editor: false
	},
	{ name: 'actions board, overdue everywhere', path: '/actions?due=overdue', editor: false },
	{ name: 'dashboard', path: '/tableau-de-bord', editor: false },
	{ name: 'search', path: '/recherche?q=navette%20gare', editor: false },
	{
		name: 'a document (editor)',
		path: `/groupes/${group.slug}/documents/${notes.id}`,
		editor: true
	}
];

if (!args['no-build']) ensureBuild(root);
console.log(
	`Serving ${seeded.label}: ` +
		`${network.groups} groups, ${network.people} people, ${network.actions} actions, ` +
		`${network.documents} documents, ${network.messages} messages`
);

/**
 * The JavaScript a page makes the browser load: SvelteKit's entry files, the page's own nodes
 * (`node_ids` in its HTML: the layouts and the page) and everything they import, gzipped as a
 * server would send them; and, apart, what they import lazily (`import()`, loaded when needed).
 * `editor` says whether Tiptap/ProseMirror is among them.
 */
function shippedScripts(html: string) {
	const client = join(root, 'build', 'client');
	const immutable = join(client, '_app', 'immutable');
	/** A path of the page (./_app/…, ../../_app/…) as a file of the build. */
	const fromPage = (path: string) => join(client, path.replace(/^(\.\.?\/)+/, ''));
	/** Every file reachable from `entries` by static imports, with the dynamic imports met. */
	const walk = (entries: string[], seen: Set<string>) => {
		const queue = [...entries];
		const lazy = [] as string[];
		let gzip = 0;
		let editor = false;
		while (queue.length) {
			const file = queue.shift() as string;
			if (seen.has(file)) continue;
			seen.add(file);
			const code = readFileSync(file);
			gzip += gzipSync(code).byteLength;
			const text = code.toString();
			// ProseMirror's own class names: the editor, whatever its chunk is called.
			if (/ProseMirror-(focused|hideselection|separator)/.test(text)) editor = true;
			for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
				queue.push(join(dirname(file), m[1]));
			}
			for (const m of text.matchAll(/import\(\s*["`](\.{1,2}\/[^"`]+\.js)["`]\s*\)/g)) {
				lazy.push(join(dirname(file), m[1]));
			}
		}
		return { gzip, editor, lazy };
	};
	const entries = [...html.matchAll(/import\("((?:\.\.?\/)+_app\/[^"]+\.js)"\)/g)].map((m) =>
		fromPage(m[1])
	);
	const ids =
		html
			.match(/node_ids:\s*\[([\d,\s]+)\]/)?.[1]
			.split(',')
			.map((n) => n.trim()) ?? [];
	const nodes = readdirSync(join(immutable, 'nodes'));
	for (const id of ids) {
		const node = nodes.find((f) => f.startsWith(`${id}.`) && f.endsWith('.js'));
		if (node) entries.push(join(immutable, 'nodes', node));
	}
	// The entry files list every node as a lazy import: only this page's count.
	const seen = new Set<string>();
	const atOnce = walk(entries, seen);
	const ownLazy = atOnce.lazy.filter((f) => !f.includes(`${join('immutable', 'nodes')}`));
	const later = walk(ownLazy, seen);
	return {
		gzip: atOnce.gzip,
		editor: atOnce.editor,
		lazyGzip: later.gzip,
		lazyEditor: later.editor
	};
}

const server = await startServer({ root, databaseUrl, dataDir, demo: false });
try {
	const cookie = await login(server.origin, LOGINS.coordinator, PASSWORD);
	const results = [];
	for (const page of pages) {
		const response = await fetch(server.origin + page.path, {
			headers: { cookie },
			redirect: 'manual'
		});
		const body = await response.text();
		if (response.status !== 200) throw new Error(`GET ${page.path}: HTTP ${response.status}`);
		const scripts = page.path.endsWith('.txt') ? null : shippedScripts(body);
		const run = (seconds: number) =>
			autocannon({
				url: server.origin + page.path,
				connections,
				duration: seconds,
				headers: { cookie }
			});
		if (warmup > 0) await run(warmup);
		const result = await run(duration);
		const bad = result.non2xx + result.errors + result.timeouts;
		results.push({
			...page,
			requests: result.requests.total,
			bad,
			rps: round(result.requests.average, 1),
			p50: result.latency.p50,
			p99: result.latency.p99,
			kib: round(body.length / 1024, 0),
			scripts
		});
		console.log(
			`  ${page.name}: ${round(result.requests.average, 1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${bad ? `, ${bad} failed` : ''}`
		);
	}
	const floor = results[0].rps;
	console.log(
		'\n' +
			formatTable([
				[
					'page',
					'req/s',
					'× floor',
					'p50 ms',
					'p99 ms',
					'HTML KiB',
					'JS gzip KiB',
					'lazy JS',
					'editor'
				],
				...results.map((r) => [
					r.name,
					r.rps,
					round(r.rps / floor, 3),
					r.p50,
					r.p99,
					r.kib,
					r.scripts ? round(r.scripts.gzip / 1024, 1) : '',
					r.scripts ? round(r.scripts.lazyGzip / 1024, 1) : '',
					!r.scripts ? '' : r.scripts.editor ? 'at once' : r.scripts.lazyEditor ? 'lazy' : 'no'
				])
			])
	);
	const leaks = results.filter((r) => (r.scripts?.editor || r.scripts?.lazyEditor) && !r.editor);
	if (leaks.length)
		console.log(`\nThe editor is shipped to: ${leaks.map((r) => r.name).join(', ')}.`);
	if (results.some((r) => r.bad)) {
		console.log('\nSome requests failed: the figures above are not to be trusted.');
		process.exitCode = 1;
	}
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
				options: { duration, warmup, connections },
				pages: results.map((r) => ({ ...r, ofFloor: round(r.rps / floor, 4) }))
			},
			null,
			2
		)
	);
	console.log(`Results written to ${args.json}`);
} finally {
	await server.stop();
}

// `npm run bench:search`: how fast the production server answers a search on the large seed
// (`npm run seed:large`: 50,000 documents, 300,000 thread messages, 200,000 actions) — a
// benchmark, not a test. It starts `node server.js` on the seeded database, logs in as people of
// each kind (the coordinator reads every group, a member their groups and the open ones, a
// partner only theirs), and times full HTTP GETs of a fixed list of queries: the as-you-type box
// (`/recherche/suggestions`, prefix matching) and the results page (`/recherche`), taking turns.
// It prints a table and writes JSON.
//
//   npm run seed:large && npm run bench:search
//   npm run bench:search -- --data-dir /tmp/large --rounds 5
//   npm run bench:search -- --database-url postgres://postgres@127.0.0.1:5432/maillage_large
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LOGINS, PASSWORD } from './lib/large/network.ts';
import { SEEDED_OPTIONS, SEEDED_USAGE, seededDatabase } from './lib/large/seeded.ts';
import { login } from '../support/logins.ts';
import { formatTable, round, Samples } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');
/** What a search must stay under. */
const TARGET = { p50: 50, p99: 200 };

/**
 * The fixed queries: common and rare words, phrases, words typed without their accents, English,
 * misspelt names, the beginnings of words (as typed in the box), and hostile input.
 */
const QUERIES = [
	// Words most documents and messages have, and words few have.
	'réunion',
	'devis',
	'entreprises',
	'navette',
	'photovoltaïque',
	'cariste',
	'subvention région',
	// What a person looks for: a few words of a sentence they remember.
	'horaires bus Erstein',
	'navette gare Sélestat',
	'achat groupé gants de protection',
	'visite usine collégiens',
	'formation sauveteur secouriste',
	'bilan carbone réseau',
	// Without accents, as typed on a phone.
	'reunion selestat',
	'benne partagee',
	'electricite facture',
	// English.
	'bus schedule',
	'steering committee',
	'apprentices job fair',
	// People and organisations, misspelt.
	'Schaefer',
	'Hofman',
	'Mecanique du Ried',
	'Plastiques Rhin',
	// Stems and stop words.
	'les entreprises du réseau',
	'recrutements soudeurs',
	// Hostile input.
	"navette & (gare | !bus) :* 'x'",
	"'; drop table documents; --",
	'🚌 navette 🚌',
	'x'.repeat(10_000),
	'a'
];
/** What is typed in the header box, one prefix after the other. */
const TYPED = [
	'na',
	'nav',
	'navet',
	'navette',
	'navette ga',
	'navette gare',
	'conv',
	'convention',
	'schaef',
	'selest'
];

const USAGE = `Usage: npm run bench:search -- [options]

${SEEDED_USAGE}
  --rounds N            measured passes over every query for each person (default 3)
  --warmup N            passes before measuring (default 1)
  --json PATH           where to write the results (default bench-results/search.json)
`;

const { values: args } = parseArgs({
	options: {
		...SEEDED_OPTIONS,
		rounds: { type: 'string', default: '3' },
		warmup: { type: 'string', default: '1' },
		json: { type: 'string', default: 'bench-results/search.json' }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
const rounds = Number(args.rounds);
const warmup = Number(args.warmup);
const seeded = seededDatabase(root, args);
const { databaseUrl } = seeded;

seeded.ensure();
const db = await seeded.open();
const [network] = await db.query(`select
	(select count(*)::int from groups) as groups,
	(select count(*)::int from users) as people,
	(select count(*)::int from documents) as documents,
	(select coalesce(sum(length(plain_text)), 0)::bigint::text as chars from documents) as document_chars,
	(select count(*)::int from meetings) as meetings,
	(select count(*)::int from actions) as actions,
	(select count(*)::int from thread_messages) as messages`);
await db.close();
if (!network.groups) {
	console.error('The database is empty: run npm run seed:large first.');
	process.exit(1);
}

const people = [
	{ name: 'coordinator', email: LOGINS.coordinator },
	{ name: 'member', email: LOGINS.member },
	{ name: 'partner', email: LOGINS.partner }
];

const server = await seeded.serve(
	`${network.groups} groups, ${network.documents} documents ` +
		`(${round(Number(network.document_chars) / 2 ** 20, 0)} MiB of text), ` +
		`${network.messages} messages, ${network.actions} actions, ${network.people} people`
);
try {
	/** One full GET, headers and whole body. */
	const get = async (cookie: string, path: string) => {
		const t0 = performance.now();
		const response = await fetch(server.origin + path, {
			headers: { cookie, accept: 'text/html' },
			redirect: 'manual'
		});
		const body = await response.text();
		const ms = performance.now() - t0;
		if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
		return { ms, body };
	};
	const kinds = [
		{
			name: 'as you type',
			queries: [...QUERIES, ...TYPED],
			path: (q: string) => `/recherche/suggestions?q=${encodeURIComponent(q)}`,
			found: (body: string) => JSON.parse(body).results.length
		},
		{
			name: 'results page',
			queries: QUERIES,
			path: (q: string) => `/recherche?q=${encodeURIComponent(q)}`,
			found: (body: string) => (body.match(/class="card result[ "]/g) ?? []).length
		}
	];
	const all = { 'as you type': new Samples(), 'results page': new Samples() };
	const rows: { person: string; kind: string; samples: Samples }[] = [];
	/** The slowest queries, to say where the time goes. */
	const byQuery = new Map();
	for (const person of people) {
		const cookie = await login(server.origin, person.email, PASSWORD);
		for (const kind of kinds) {
			const samples = new Samples();
			for (let i = 0; i < warmup; i++)
				for (const q of kind.queries) await get(cookie, kind.path(q));
			for (let i = 0; i < rounds; i++) {
				for (const q of kind.queries) {
					const { ms, body } = await get(cookie, kind.path(q));
					samples.add(ms);
					all[kind.name as keyof typeof all].add(ms);
					const key = `${kind.name}\t${person.name}\t${q.length > 40 ? q.slice(0, 12) + `… (${q.length} chars)` : q}`;
					const entry = byQuery.get(key) ?? { worst: 0, found: kind.found(body) };
					entry.worst = Math.max(entry.worst, ms);
					byQuery.set(key, entry);
				}
			}
			rows.push({ person: person.name, kind: kind.name, samples });
		}
	}
	const summaries = rows.map((r) => ({ person: r.person, kind: r.kind, ...r.samples.summary() }));
	const overall = Object.entries(all).map(([kind, s]) => ({ kind, ...s.summary() }));
	console.log(
		'\n' +
			formatTable([
				['search (full GET, ms)', 'who', 'n', 'median', 'p95', 'p99', 'max'],
				...summaries.map((s) => [s.kind, s.person, s.count, s.p50, s.p95, s.p99, s.max]),
				...overall.map((s) => [s.kind, 'everyone', s.count, s.p50, s.p95, s.p99, s.max])
			])
	);
	const slowest = [...byQuery.entries()].sort((a, b) => b[1].worst - a[1].worst).slice(0, 8);
	console.log(
		'\nSlowest queries:\n' +
			formatTable([
				['kind', 'who', 'query', 'worst ms', 'results'],
				...slowest.map(([key, v]) => [...key.split('\t'), round(v.worst, 1), v.found])
			])
	);
	const verdicts = overall.map((s) => {
		const ok = Number(s.p50) < TARGET.p50 && Number(s.p99) < TARGET.p99;
		return `${s.kind}: median ${s.p50} ms, p99 ${s.p99} ms — ${ok ? 'within' : 'OVER'} the ${TARGET.p50} / ${TARGET.p99} ms target.`;
	});
	console.log('\n' + verdicts.join('\n'));
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
				options: { rounds, warmup },
				target: TARGET,
				results: summaries,
				overall,
				slowest: slowest.map(([key, v]) => ({ key, ...v }))
			},
			null,
			2
		)
	);
	console.log(`Results written to ${args.json}`);
} finally {
	await server.stop();
}

// `npm run seed:large`: fills a database with a large, realistic network for the benchmarks
// (200 groups, 5,000 people, 20,000 meetings, 200,000 actions; 50,000
// documents, 300,000 thread messages). Deterministic: the same
// --seed and --today give the same network, ids included. Rows are drawn in Node and written a
// few thousand at a time (one JSON parameter per INSERT), so the whole seed takes minutes.
//
//   npm run seed:large                                   # PGlite in ./data-large
//   npm run seed:large -- --data-dir /tmp/large --scale 0.1
//   npm run seed:large -- --database-url postgres://postgres@127.0.0.1:5432/maillage_large
//   npm run seed:large -- --messages 300000              # more of one part
//
// Then `DATA_DIR=data-large MAILLAGE_SKIP_BUILD=1 node server.js` serves it; log in as
// coordination@maillage.test (or admin@, direction@, membre@, partenaire@) with route-industrie.
import { hash } from '@node-rs/argon2';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeActions } from './lib/large/actions.ts';
import { openDatabase, setAside } from './lib/large/database.ts';
import { writeCheckIns } from './lib/large/check-ins.ts';
import { writeDocuments } from './lib/large/documents.ts';
import { drawMeetings, writeMeetings } from './lib/large/meetings.ts';
import { drawNetwork, LOGINS, PASSWORD } from './lib/large/network.ts';
import { writeNetwork } from './lib/large/network-rows.ts';
import { partSeed, Random } from './lib/large/random.ts';
import { SEEDED_MARK } from './lib/large/seeded.ts';
import { writeThreads } from './lib/large/threads.ts';

const root = resolve(import.meta.dirname, '../..');
const PARTS = ['network', 'meetings', 'actions', 'check-ins', 'threads', 'documents'];
/** The tables each part writes to. */
const PART_TABLES = {
	network: ['organisations', 'users', 'groups', 'group_members', 'objectives', 'activity'],
	meetings: ['meetings', 'meeting_attendees', 'activity'],
	actions: ['actions', 'action_events'],
	'check-ins': ['check_ins', 'activity'],
	threads: ['threads', 'thread_messages', 'activity'],
	documents: ['documents', 'document_updates', 'activity', 'meetings']
} as Record<string, string[]>;
/** The tables whose triggers keep group_months and organisation_months (drizzle/0006). */
const FIGURE_TABLES = ['actions', 'meetings', 'meeting_attendees', 'users'];

const USAGE = `Usage: npm run seed:large -- [options]

  --data-dir DIR        PGlite folder, served with DATA_DIR=DIR (default data-large)
  --database-url URL    a PostgreSQL database instead (it must be empty: create it first)
  --reset               delete the PGlite folder first
  --seed N              random seed (default 7)
  --today YYYY-MM-DD    the day the history ends at (default today)
  --scale X             multiply every size below (default 1)
  --organisations N     default 60
  --people N            default 5000
  --groups N            default 200
  --meetings N          default 20000
  --actions N           default 200000
  --threads N           default 2000
  --messages N          thread messages (default 300000)
  --documents N         documents, the meetings' notes first (default 50000)
  --no-action-events    do not write the 'created' / 'updated' history of each action
  --only PARTS          comma-separated among ${PARTS.join(', ')}: add these parts to a network
                        seeded before with the same --seed and sizes
`;

const { values: args } = parseArgs({
	options: {
		'data-dir': { type: 'string', default: 'data-large' },
		'database-url': { type: 'string' },
		reset: { type: 'boolean', default: false },
		seed: { type: 'string', default: '7' },
		today: { type: 'string' },
		scale: { type: 'string', default: '1' },
		organisations: { type: 'string', default: '60' },
		people: { type: 'string', default: '5000' },
		groups: { type: 'string', default: '200' },
		meetings: { type: 'string', default: '20000' },
		actions: { type: 'string', default: '200000' },
		threads: { type: 'string', default: '2000' },
		messages: { type: 'string', default: '300000' },
		documents: { type: 'string', default: '50000' },
		'no-action-events': { type: 'boolean', default: false },
		only: { type: 'string' },
		help: { type: 'boolean', short: 'h', default: false }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}

const scale = Number(args.scale);
const sized = (name: string, min = 0) =>
	Math.max(min, Math.round(Number(args[name as keyof typeof args]) * scale));
const size = {
	organisations: sized('organisations', 8),
	people: sized('people', 200),
	groups: sized('groups', 5),
	meetings: sized('meetings'),
	actions: sized('actions'),
	threads: sized('threads'),
	messages: sized('messages'),
	documents: sized('documents')
};
const seed = Number(args.seed);
const today = args.today ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(seed) || Number.isNaN(scale)) {
	console.error(USAGE);
	process.exit(1);
}
// The history ends at the midnight (UTC) that begins --today: never in the future, and the same
// all day long, so that a part added later (--only) draws the same rows.
const now = Date.parse(`${today}T00:00:00Z`);
const only = args.only ? args.only.split(',').map((p) => p.trim()) : PARTS;
const unknown = only.filter((p) => !PARTS.includes(p));
if (unknown.length) {
	console.error(`Unknown part(s): ${unknown.join(', ')}\n\n${USAGE}`);
	process.exit(1);
}

const dataDir = resolve(root, args['data-dir']);
const url = args['database-url'] ?? null;
if (args.reset && !url) rmSync(dataDir, { recursive: true, force: true });

const started = performance.now();
const db = await openDatabase({ root, dataDir, url: url ?? undefined });
/** part, rows, milliseconds */
const report: [string, number, number][] = [];
const totals: Record<string, number> = {};
try {
	const [{ n: existing }] = await db.query<{ n: number }>('select count(*)::int as n from groups');
	if (only.includes('network') && existing > 0) {
		throw new Error(
			`${url ? 'the database' : dataDir} already holds groups: seed an empty database (--reset for PGlite)`
		);
	}
	if (!only.includes('network') && existing !== size.groups) {
		throw new Error(`--only needs the network seeded first with the same --seed and sizes`);
	}
	console.log(
		`Seeding ${url ? new URL(url).pathname.slice(1) + ' (PostgreSQL)' : dataDir + ' (PGlite)'} — seed ${seed}, history up to ${today}`
	);
	const network = drawNetwork(new Random(partSeed(seed, 'network')), { ...size, now });
	const meetings = drawMeetings(new Random(partSeed(seed, 'meetings')), network.groups, {
		...size,
		now
	});
	/**
	 * Runs one part in a transaction and notes its rows and time. The triggers that keep the
	 * dashboard's monthly figures are off while rows pour in (row by row they would double the
	 * time), and the figures are recomputed once at the end, in the same transaction; so are the
	 * secondary indexes and foreign keys of the tables it writes (setAside), built and checked
	 * again once its rows are in.
	 */
	const part = async (name: string, write: () => Promise<Record<string, number>>) => {
		if (!only.includes(name)) return;
		const t0 = performance.now();
		await db.query('begin');
		// The documents part only links meetings to their notes, which no figure counts (the
		// meetings' triggers watch their group, status and start).
		const figures = name === 'meetings' || name === 'actions';
		if (figures) {
			for (const table of FIGURE_TABLES)
				await db.query(`alter table ${table} disable trigger user`);
		}
		const putBack = await setAside(db, PART_TABLES[name]);
		const counts = await write();
		await putBack();
		if (figures) {
			await db.query('select maillage_rebuild_figures()');
			for (const table of FIGURE_TABLES) await db.query(`alter table ${table} enable trigger user`);
		}
		await db.query('commit');
		const ms = performance.now() - t0;
		const rows = Object.values(counts).reduce((a, b) => a + b, 0);
		for (const [table, n] of Object.entries(counts)) totals[table] = (totals[table] ?? 0) + n;
		report.push([name, rows, ms]);
		const detail = Object.entries(counts)
			.map(([table, n]) => `${n.toLocaleString('en')} ${table}`)
			.join(', ');
		console.log(`  ${name.padEnd(10)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${detail}`);
	};
	await part('network', async () => {
		// One hash for everyone: hashing 5,000 passwords would take minutes and prove nothing.
		const passwordHash = await hash(PASSWORD, {
			memoryCost: 19456,
			timeCost: 2,
			outputLen: 32,
			parallelism: 1
		});
		return writeNetwork(db, new Random(partSeed(seed, 'network-rows')), network, {
			passwordHash,
			now
		});
	});
	await part('meetings', () =>
		writeMeetings(db, new Random(partSeed(seed, 'meeting-rows')), meetings, { now })
	);
	await part('actions', () =>
		writeActions(db, new Random(partSeed(seed, 'actions')), network.groups, meetings, {
			actions: size.actions,
			events: !args['no-action-events'],
			now
		})
	);
	await part('check-ins', () =>
		writeCheckIns(db, new Random(partSeed(seed, 'check-ins')), network.groups, { now })
	);
	await part('threads', () =>
		writeThreads(db, new Random(partSeed(seed, 'threads')), network.groups, {
			...size,
			now,
			companies: network.orgs.filter((o) => o.kind === 'company').map((o) => o.name)
		})
	);
	await part('documents', () =>
		writeDocuments(db, new Random(partSeed(seed, 'documents')), network, meetings, {
			documents: size.documents,
			now
		})
	);
	const t0 = performance.now();
	// What autovacuum would have done by now on a PostgreSQL server: statistics for the planner,
	// and the visibility map that lets index-only scans skip the table.
	await db.query('vacuum analyze');
	console.log(`  vacuum     ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
	const [{ bytes }] = await db.query('select pg_database_size(current_database())::text as bytes');
	console.log(
		`Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
			`${Object.values(totals)
				.reduce((a, b) => a + b, 0)
				.toLocaleString('en')} rows, database ${(Number(bytes) / 2 ** 20).toFixed(0)} MiB.`
	);
	// The benchmarks seed a missing PGlite folder themselves; this says the seed went to its end.
	if (!url) {
		writeFileSync(
			join(dataDir, SEEDED_MARK),
			JSON.stringify({ seed, today, size }, null, '\t') + '\n'
		);
	}
	console.log(
		`Log in as ${LOGINS.coordinator} (coordinator), ${LOGINS.admin} (admin), ` +
			`${LOGINS.director} (director) … with the password ${PASSWORD}.`
	);
} catch (e) {
	await db.query('rollback').catch(() => {});
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
} finally {
	await db.close();
}

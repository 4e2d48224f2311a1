// What bench:http serves and which pages it loads: the large seed (`npm run seed:large`) as it
// is, or the demo network on a fresh database (PGlite in a temporary folder, or a scratch
// PostgreSQL database created and dropped by the run). The pages' ids are read from the
// database: the busiest active group, its last edited document, its last meeting held, its
// busiest thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild } from '../../support/build.ts';
import { createDatabase, loopbackDatabaseUrl } from '../../support/database.ts';
import { DEMO_PASSWORD } from '../../support/logins.ts';
import { startServer, type ProductionServer } from '../../support/server.ts';
import { cleanups } from './cleanup.ts';
import type { SeedDatabase } from './large/database.ts';
import { openDatabase } from './large/database.ts';
import { PASSWORD } from './large/network.ts';
import { seededDatabase } from './large/seeded.ts';

export interface Page {
	name: string;
	path: string;
	/** Whether the page may load the editor. */
	editor: boolean;
	/** The floors, which the others are compared with. */
	floor?: 'static' | 'logged-in';
}

export interface Served {
	server: ProductionServer;
	password: string;
	data: 'demo' | 'large';
	database: 'pglite' | 'postgresql';
	network: Record<string, number>;
	pages: Page[];
}

/** The two floors: a static file, and a page behind login whose own load does nothing. */
const FLOORS: Page[] = [
	{ name: 'floor: static file', path: '/robots.txt', editor: false, floor: 'static' },
	{ name: 'floor: logged-in page', path: '/a-propos', editor: false, floor: 'logged-in' }
];

/** The group the pages are in, what is in it, and the size of the network. */
async function pick(db: SeedDatabase) {
	const [group] = await db.query<{ id: string; slug: string; actions: number }>(
		`select g.id, g.slug, count(a.id)::int as actions
		from groups g join actions a on a.group_id = g.id
		where g.status = 'active' group by g.id order by actions desc, g.slug limit 1`
	);
	if (!group) throw new Error('The database is empty: run npm run seed:large first.');
	const one = async (sql: string) => (await db.query<{ id: string }>(sql, [group.id]))[0]?.id;
	const document = await one(`select id from documents where group_id = $1
		and archived_at is null order by last_edited_at desc limit 1`);
	const meeting = await one(`select id from meetings where group_id = $1
		order by starts_at <= now() desc, abs(extract(epoch from starts_at - now())) limit 1`);
	const thread = await one(`select t.id from threads t left join thread_messages m
		on m.thread_id = t.id where t.group_id = $1 group by t.id
		order by count(m.id) desc, t.id limit 1`);
	if (!document || !meeting || !thread) {
		throw new Error(`the group ${group.slug} lacks a document, a meeting or a thread`);
	}
	const [network] = await db.query<Record<string, number>>(`select
		(select count(*)::int from groups) as groups,
		(select count(*)::int from users) as people,
		(select count(*)::int from actions) as actions,
		(select count(*)::int from documents) as documents,
		(select count(*)::int from thread_messages) as messages`);
	return { group, document, meeting, thread, network };
}

/** The main pages of a group and of the network; `extra` after the group's own. */
function mainPages(found: Awaited<ReturnType<typeof pick>>, query: string, extra: Page[] = []) {
	const { group } = found;
	const base = `/groupes/${group.slug}`;
	return [
		...FLOORS,
		{ name: 'home', path: '/', editor: false },
		{
			name: `group (${group.actions.toLocaleString('en')} actions)`,
			path: base,
			editor: false
		},
		{ name: 'document (editor)', path: `${base}/documents/${found.document}`, editor: true },
		{ name: 'meeting', path: `${base}/reunions/${found.meeting}`, editor: true },
		{ name: 'thread', path: `${base}/discussions/${found.thread}`, editor: true },
		{ name: 'actions board', path: '/actions', editor: false },
		...extra,
		{ name: 'dashboard', path: '/tableau-de-bord', editor: false },
		{ name: 'search', path: `/recherche?q=${encodeURIComponent(query)}`, editor: false }
	];
}

/** The demo network on a fresh database: seeded by a first start, read, then served again. */
async function serveDemo(root: string, serverUrl: string | undefined): Promise<Served> {
	const scratch = serverUrl
		? await createDatabase(loopbackDatabaseUrl(serverUrl).toString(), 'maillage_bench_http')
		: null;
	if (scratch) cleanups.push(() => scratch.drop());
	const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-http-'));
	cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
	const databaseUrl = scratch?.url ?? null;
	console.log(
		`Serving the demo data (${scratch ? `PostgreSQL, ${scratch.name}` : 'PGlite'}, fresh)`
	);
	// PGlite is one process's: the server seeds it and stops before the ids are read.
	const seeding = await startServer({ root, databaseUrl, dataDir, demo: true });
	await seeding.stop();
	const db = await openDatabase({
		root,
		dataDir: scratch ? undefined : dataDir,
		url: databaseUrl ?? undefined,
		migrate: false
	});
	const found = await pick(db).finally(() => db.close());
	const server = await startServer({ root, databaseUrl, dataDir, demo: false });
	return {
		server,
		password: DEMO_PASSWORD,
		data: 'demo',
		database: scratch ? 'postgresql' : 'pglite',
		network: found.network,
		pages: mainPages(found, 'navette')
	};
}

/** The large seed as it is (seeded first when the PGlite folder holds none). */
async function serveLarge(
	root: string,
	args: { 'data-dir'?: string; 'database-url'?: string; 'no-build'?: boolean }
): Promise<Served> {
	const seeded = seededDatabase(root, args);
	seeded.ensure();
	const db = await seeded.open();
	const found = await pick(db).finally(() => db.close());
	const { network } = found;
	const server = await seeded.serve(
		`${network.groups} groups, ${network.people} people, ${network.actions} actions, ` +
			`${network.documents} documents, ${network.messages} messages`
	);
	const pages = mainPages(found, 'navette gare', [
		{
			name: 'actions board, filtered',
			path: `/actions?group=${found.group.slug}&status=open,in_progress,blocked&sort=due`,
			editor: false
		},
		{ name: 'actions board, overdue everywhere', path: '/actions?due=overdue', editor: false }
	]);
	return {
		server,
		password: PASSWORD,
		data: 'large',
		database: seeded.databaseUrl ? 'postgresql' : 'pglite',
		network,
		pages
	};
}

/** Builds when needed, then starts the server on what the options say; it is stopped at the end. */
export async function serve(
	root: string,
	args: { demo?: boolean; 'data-dir'?: string; 'database-url'?: string; 'no-build'?: boolean }
): Promise<Served> {
	if (args.demo && !args['no-build']) ensureBuild(root);
	const served = args.demo
		? await serveDemo(root, args['database-url'])
		: await serveLarge(root, args);
	cleanups.push(() => served.server.stop());
	return served;
}

import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { PGliteThread } from './pglite-client';
import { queryRecorder } from './query-count';
import * as schema from './schema';

export { schema };

/** The one database type of the app, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What a service receives inside `db.transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseOptions {
	/** A PostgreSQL URL; without it the embedded PGlite is used. */
	url?: string;
	/** PGlite's folder; `memory://` keeps it in memory (tests). */
	dataDir?: string;
	migrationsFolder?: string;
	/**
	 * Runs PGlite in a worker thread (the default for a folder), so that its queries never hold
	 * the event loop; `memory://` databases (tests) run in the calling thread unless asked.
	 */
	thread?: boolean;
}

/**
 * The driver under Drizzle, for the few statements that run often enough to be written once,
 * by hand (the sync server's appends): postgres.js prepares them under their text.
 */
export type RawClient =
	| { driver: 'postgres'; sql: postgres.Sql }
	| { driver: 'pglite'; query: (text: string, params: unknown[]) => Promise<unknown> };

export interface OpenDatabase {
	db: Database;
	close: () => Promise<void>;
	driver: 'postgres' | 'pglite';
	raw: RawClient;
}

/**
 * Seconds a pooled connection waits before reconnecting after its `retries`-th failure in a row
 * (counted across the pool). postgres.js's default, 3^retries / 100 s up to 20 s, made a busy
 * pool that lost every connection at once (the database restarting, a network blip) hand queries
 * to connections still waiting out 10 to 20 s, long after the database was back: the fault
 * drills saw edits unacknowledged and documents not loading for 15 s after a 300 ms cut. It
 * reconnects only for a query waiting, and the update writer backs off by itself, so a short
 * delay does not make a storm of attempts.
 */
const reconnectDelay = (retries: number) => Math.min(0.05 * 2 ** retries, 1);

/** Milliseconds a statement may run on PostgreSQL (DATABASE_STATEMENT_TIMEOUT_MS, default 30 s). */
function statementTimeout(): number {
	const asked = Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS);
	return Number.isInteger(asked) && asked > 0 ? asked : 30_000;
}

/** Opens a database and brings its schema up to date with the migrations in `drizzle/`. */
export async function connect(options: DatabaseOptions): Promise<OpenDatabase> {
	const migrationsFolder = options.migrationsFolder ?? resolve(process.cwd(), 'drizzle');
	if (options.url) {
		// Migrations on a connection of their own: they may take longer than any page may.
		const migrator = postgres(options.url, { max: 1, onnotice: () => {} });
		try {
			await migratePostgres(drizzlePostgres(migrator), { migrationsFolder });
		} finally {
			await migrator.end({ timeout: 5 });
		}
		const client = postgres(options.url, {
			max: 10,
			onnotice: () => {},
			backoff: reconnectDelay,
			// No statement holds a connection for everyone else: past this, PostgreSQL cancels it
			// and the page answers 503 (see unavailable.ts).
			connection: { statement_timeout: statementTimeout() }
		});
		const pg = drizzlePostgres(client, { schema, logger: queryRecorder });
		return {
			db: pg as unknown as Database,
			close: () => client.end({ timeout: 5 }),
			driver: 'postgres',
			raw: { driver: 'postgres', sql: client }
		};
	}
	const dataDir = options.dataDir ?? 'memory://';
	if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	// Search needs both (accent-insensitive words, typo-tolerant names); the migrations create them.
	const thread = options.thread ?? !dataDir.startsWith('memory://');
	const client = thread
		? (await PGliteThread.create(dataDir)).asPGlite()
		: await PGlite.create(dataDir, { extensions: { unaccent, pg_trgm } });
	// PGlite reads its pages from memory or the OS's cache, where a random read costs about as
	// much as a sequential one: with the default (4) the planner scans whole tables (every
	// attendance of the network) rather than follow an index to the few rows a page needs.
	await client.exec('SET random_page_cost = 1.1');
	const lite = drizzlePglite({ client, schema, logger: queryRecorder });
	await migratePglite(lite, { migrationsFolder });
	return {
		db: lite as unknown as Database,
		close: () => client.close(),
		driver: 'pglite',
		raw: { driver: 'pglite', query: (text, params) => client.query(text, params) }
	};
}

// One handle per process, kept on globalThis so that dev-server reloads of this module do not
// open a second PGlite on the same folder.
const holder = globalThis as typeof globalThis & { __maillageDb?: OpenDatabase };

/**
 * The app's database. Set by `useDatabase` (at server start, or by a test's `createTestDb`);
 * ES module live binding, so importers always see the current one.
 */
export let db: Database = holder.__maillageDb?.db as Database;

export function useDatabase(open: OpenDatabase): void {
	holder.__maillageDb = open;
	db = open.db;
}

export function currentDatabase(): OpenDatabase | undefined {
	return holder.__maillageDb;
}

/** Opens the database named by the environment (DATABASE_URL, DATA_DIR) once per process. */
export async function openFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<OpenDatabase> {
	if (holder.__maillageDb) return holder.__maillageDb;
	const open = await connect({
		url: env.DATABASE_URL || undefined,
		dataDir: resolve(env.DATA_DIR || 'data', 'pglite')
	});
	useDatabase(open);
	return open;
}

export async function closeDatabase(): Promise<void> {
	const open = holder.__maillageDb;
	holder.__maillageDb = undefined;
	if (open) await open.close();
}

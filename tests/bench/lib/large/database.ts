// The seeded database, PGlite in a folder or a PostgreSQL database, opened and migrated the way
// the app does it (src/lib/server/db/index.ts), behind one small interface: run a statement,
// read rows, insert many rows. PGlite runs in a thread of its own (pglite-worker.mjs), so that
// the rows are drawn while it inserts those drawn before.
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import postgres from 'postgres';

/** What the PGlite thread sends back for a failed statement (pglite-worker.mjs). */
interface WorkerFailure {
	message: string;
	code?: string;
	detail?: string;
	hint?: string;
	where?: string;
}

/** A row as the database returns it, column by column. */
export type Row = Record<string, unknown>;

export interface SeedDatabase {
	driver: 'pglite' | 'postgres';
	/** runs a statement, after those sent before it, and returns its rows (of the shape `R`) */
	query: <R extends Row = Row>(text: string, params?: unknown[]) => Promise<R[]>;
	/**
	 * sends a statement without waiting for its end (at most AHEAD wait their turn); if it fails,
	 * the next `send` or `query` throws its error
	 */
	send: (text: string, params?: unknown[]) => Promise<void>;
	close: () => Promise<void>;
}

/** Statements a `send` leaves waiting their turn: the database always has the next one. */
const AHEAD = 2;
const utf8 = new TextEncoder();

/**
 * Opens PGlite in `<dataDir>/pglite` (where the server looks for it with DATA_DIR=dataDir) or
 * the PostgreSQL database of `url`, and applies the migrations of `drizzle/`.
 */
export async function openDatabase({
	root,
	dataDir,
	url,
	migrate = true
}: {
	root: string;
	dataDir?: string;
	url?: string;
	migrate?: boolean;
}): Promise<SeedDatabase> {
	const migrationsFolder = join(root, 'drizzle');
	if (url) {
		const client = postgres(url, { max: 1, onnotice: () => {} });
		if (migrate) await migratePostgres(drizzlePostgres(client), { migrationsFolder });
		// One connection: postgres.js sends the statements one after the other on it.
		return pipelined(
			'postgres',
			(text, params) =>
				client.unsafe(text, params as postgres.ParameterOrJSON<never>[]).then((rows) => [...rows]),
			() => client.end({ timeout: 5 })
		);
	}
	const folder = join(dataDir as string, 'pglite');
	mkdirSync(folder, { recursive: true });
	const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
		workerData: { folder, migrationsFolder: migrate ? migrationsFolder : undefined }
	});
	const waiting: Map<number, { resolve: (rows: Row[]) => void; reject: (e: Error) => void }> =
		new Map();
	let next = 0;
	let broken: Error | null = null;
	const run = (text: string | undefined, params: unknown[] = []) =>
		new Promise((resolve, reject) => {
			if (broken) return reject(broken);
			waiting.set(++next, { resolve, reject });
			// A batch's JSON goes as UTF-8 bytes, moved to the thread rather than copied; PGlite
			// takes them as they are (pglite-worker.mjs).
			const values = params.map((p) =>
				typeof p === 'string' && p.length > 65536 ? utf8.encode(p) : p
			);
			const moved = values.flatMap((v) =>
				v instanceof Uint8Array ? [v.buffer as ArrayBuffer] : []
			);
			worker.postMessage({ id: next, text, params: values }, moved);
		}) as Promise<Row[]>;
	const ready = new Promise((resolve, reject) => waiting.set(0, { resolve, reject }));
	worker.on('message', (m: { id: number; rows?: Row[]; error?: WorkerFailure }) => {
		const w = waiting.get(m.id);
		waiting.delete(m.id);
		if (m.error) w?.reject(Object.assign(new Error(m.error.message), m.error));
		else w?.resolve(m.rows ?? []);
	});
	// The thread failing (PGlite out of memory, a migration throwing) fails what waits on it.
	const fail = (e: Error) => {
		broken = e;
		for (const w of waiting.values()) w.reject(e);
		waiting.clear();
	};
	worker.on('error', fail);
	worker.on('exit', () => fail(new Error('the PGlite thread has stopped')));
	await ready;
	return pipelined('pglite', run, async () => {
		await run(undefined);
		await worker.terminate();
	});
}

/**
 * The interface over a driver's `run`, which runs statements in the order it is given them.
 */
function pipelined(
	driver: 'pglite' | 'postgres',
	run: (text: string, params: unknown[]) => Promise<Row[]>,
	close: () => Promise<void>
): SeedDatabase {
	const sent: Promise<void>[] = [];
	/** the first statement sent that failed, until thrown */
	let failed: { error: unknown } | null = null;
	/**
	 * Waits for the statements sent, then throws the first failure among them: those after it
	 * failed because of it (the transaction aborted) and say nothing more.
	 */
	const settle = async () => {
		await Promise.all(sent.splice(0));
		if (!failed) return;
		const { error } = failed;
		failed = null;
		throw error;
	};
	return {
		driver,
		async query<R extends Row = Row>(text: string, params: unknown[] = []) {
			if (failed) await settle();
			let outcome: { rows: Row[] } | { error: unknown };
			try {
				outcome = { rows: await run(text, params) };
			} catch (error) {
				outcome = { error };
			}
			// It ran after those sent before it: if one of them failed, its error says why (in a
			// transaction, this one then failed too).
			await settle();
			if ('error' in outcome) throw outcome.error;
			// The statement's columns are the caller's to name.
			return outcome.rows as R[];
		},
		async send(text, params = []) {
			if (failed) await settle();
			sent.push(
				run(text, params).then(
					() => {},
					(error) => void (failed ??= { error })
				)
			);
			while (sent.length > AHEAD) await sent.shift();
		},
		close
	};
}

/** Rows per INSERT: a few thousand, each batch one JSON parameter. */
export const BATCH = 4000;

/**
 * Inserts rows through `json_to_recordset`: one text parameter per batch, the same on both
 * drivers, and the columns typed once (enums included) instead of one parameter per value.
 * Columns left out of `columns` take their defaults. The batches are sent (`db.send`): the next
 * is drawn while the database inserts the one before, and the next `db.query` waits for them.
 * @param columns name → SQL type, in the rows' keys
 * @param [size] rows per INSERT
 * @returns how many rows were sent
 */
export async function insertRows(
	db: SeedDatabase,
	table: string,
	columns: Record<string, string>,
	rows: Iterable<Record<string, unknown>>,
	size: number = BATCH
): Promise<number> {
	const names = Object.keys(columns);
	const list = names.map((n) => `"${n}"`).join(', ');
	const types = names.map((n) => `"${n}" ${columns[n]}`).join(', ');
	const text = `insert into "${table}" (${list}) select ${list} from json_to_recordset($1::text::json) as x(${types})`;
	let batch = [];
	let count = 0;
	for (const row of rows) {
		batch.push(row);
		if (batch.length === size) {
			await db.send(text, [JSON.stringify(batch)]);
			count += batch.length;
			batch = [];
		}
	}
	if (batch.length) {
		await db.send(text, [JSON.stringify(batch)]);
		count += batch.length;
	}
	return count;
}

/**
 * Sets aside the foreign keys of `tables` and their secondary indexes (those no constraint
 * stands on), and returns what puts them back, as pg_restore does: rows poured in do not check
 * each reference and update each index one by one (the GIN indexes of the search words above
 * all); the indexes are then built from the whole table, and each foreign key is checked with one
 * join when it is added again. Put back, they are those the migrations made: same names, same
 * definitions. Run it in the transaction that loads the rows.
 */
export async function setAside(db: SeedDatabase, tables: string[]): Promise<() => Promise<void>> {
	const ids = `(select to_regclass(t) from json_array_elements_text($1::text::json) as t)`;
	const params = [JSON.stringify(tables)];
	const keys = await db.query<{ tbl: string; name: string; def: string }>(
		`select conrelid::regclass::text as tbl, quote_ident(conname) as name,
			pg_get_constraintdef(oid) as def
		 from pg_constraint where contype = 'f' and conrelid in ${ids} order by 1, 2`,
		params
	);
	const indexes = await db.query<{ name: string; def: string }>(
		`select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def
		 from pg_index i where indrelid in ${ids}
		 and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
		 order by 1`,
		params
	);
	for (const k of keys) await db.query(`alter table ${k.tbl} drop constraint ${k.name}`);
	for (const i of indexes) await db.query(`drop index ${i.name}`);
	return async () => {
		for (const i of indexes) await db.query(i.def);
		for (const k of keys) await db.query(`alter table ${k.tbl} add constraint ${k.name} ${k.def}`);
	};
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Columns of the activity log, which every part of the network writes to. */
export const ACTIVITY_COLUMNS = {
	id: 'uuid',
	group_id: 'uuid',
	actor_id: 'uuid',
	subject_type: 'text',
	subject_id: 'uuid',
	verb: 'text',
	label: 'text',
	after: 'jsonb',
	created_at: 'timestamptz'
};

export const writeActivity = (
	db: import('./database.ts').SeedDatabase,
	rows: Iterable<Record<string, unknown>>
) => insertRows(db, 'activity', ACTIVITY_COLUMNS, rows);

// The seeded database, PGlite in a folder or a PostgreSQL database, opened and migrated the way
// the app does it (src/lib/server/db/index.ts), behind one small interface: run a statement,
// read rows, insert many rows.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';

/**
 * @typedef {object} SeedDatabase
 * @property {'pglite' | 'postgres'} driver
 * @property {(text: string, params?: unknown[]) => Promise<Record<string, any>[]>} query
 * @property {() => Promise<void>} close
 */

/**
 * Opens PGlite in `<dataDir>/pglite` (where the server looks for it with DATA_DIR=dataDir) or
 * the PostgreSQL database of `url`, and applies the migrations of `drizzle/`.
 * @param {{ root: string, dataDir?: string, url?: string, migrate?: boolean }} options
 * @returns {Promise<SeedDatabase>}
 */
export async function openDatabase({ root, dataDir, url, migrate = true }) {
	const migrationsFolder = join(root, 'drizzle');
	if (url) {
		const client = postgres(url, { max: 1, onnotice: () => {} });
		if (migrate) await migratePostgres(drizzlePostgres(client), { migrationsFolder });
		return {
			driver: 'postgres',
			query: (text, params = []) =>
				client.unsafe(text, /** @type {any[]} */ (params)).then((rows) => [...rows]),
			close: () => client.end({ timeout: 5 })
		};
	}
	const folder = join(/** @type {string} */ (dataDir), 'pglite');
	mkdirSync(folder, { recursive: true });
	// The extensions the search migrations need, as the app loads them (src/lib/server/db).
	const client = await PGlite.create(folder, { extensions: { unaccent, pg_trgm } });
	if (migrate) await migratePglite(drizzlePglite(client), { migrationsFolder });
	return {
		driver: 'pglite',
		query: async (text, params = []) => (await client.query(text, params)).rows,
		close: () => client.close()
	};
}

/** Rows per INSERT: a few thousand, each batch one JSON parameter. */
export const BATCH = 4000;

/**
 * Inserts rows through `json_to_recordset`: one text parameter per batch, the same on both
 * drivers, and the columns typed once (enums included) instead of one parameter per value.
 * Columns left out of `columns` take their defaults.
 * @param {SeedDatabase} db
 * @param {string} table
 * @param {Record<string, string>} columns name → SQL type, in the rows' keys
 * @param {Iterable<Record<string, unknown>>} rows
 * @param {number} [size] rows per INSERT
 * @returns {Promise<number>} how many rows were inserted
 */
export async function insertRows(db, table, columns, rows, size = BATCH) {
	const names = Object.keys(columns);
	const list = names.map((n) => `"${n}"`).join(', ');
	const types = names.map((n) => `"${n}" ${columns[n]}`).join(', ');
	const text = `insert into "${table}" (${list}) select ${list} from json_to_recordset($1::text::json) as x(${types})`;
	let batch = [];
	let count = 0;
	for (const row of rows) {
		batch.push(row);
		if (batch.length === size) {
			await db.query(text, [JSON.stringify(batch)]);
			count += batch.length;
			batch = [];
		}
	}
	if (batch.length) {
		await db.query(text, [JSON.stringify(batch)]);
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
 * @param {SeedDatabase} db
 * @param {string[]} tables
 * @returns {Promise<() => Promise<void>>}
 */
export async function setAside(db, tables) {
	const ids = `(select to_regclass(t) from json_array_elements_text($1::text::json) as t)`;
	const params = [JSON.stringify(tables)];
	const keys = await db.query(
		`select conrelid::regclass::text as tbl, quote_ident(conname) as name,
			pg_get_constraintdef(oid) as def
		 from pg_constraint where contype = 'f' and conrelid in ${ids} order by 1, 2`,
		params
	);
	const indexes = await db.query(
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

export const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();

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

/**
 * @param {import('./database.mjs').SeedDatabase} db
 * @param {Iterable<Record<string, unknown>>} rows
 */
export const writeActivity = (db, rows) => insertRows(db, 'activity', ACTIVITY_COLUMNS, rows);

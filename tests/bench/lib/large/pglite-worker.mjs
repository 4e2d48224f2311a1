// The seeded database's PGlite in a thread of its own (database.mjs opens it): PGlite runs in the
// thread that calls it, so in the seed's own thread it would wait for the next rows to be drawn
// and the rows would wait for it. Here it computes the search words of one batch while the
// seed draws the next. Statements run one at a time, in the order they arrive.
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { folder, migrationsFolder } = /** @type {{ folder: string, migrationsFolder?: string }} */ (
	workerData
);

// The extensions the search migrations need, as the app loads them (src/lib/server/db).
const client = await PGlite.create(folder, { extensions: { unaccent, pg_trgm } });
if (migrationsFolder) await migrate(drizzle(client), { migrationsFolder });

/**
 * A text parameter that comes as UTF-8 bytes (a batch's JSON, database.mjs) goes to PostgreSQL as
 * they are, in the binary format, which for text is its bytes: PGlite would otherwise measure and
 * encode strings of megabytes in JavaScript, in this thread.
 * @type {Record<number, (value: any) => string>}
 */
const serializers = {
	[types.TEXT]: (value) =>
		ArrayBuffer.isView(value)
			? /** @type {any} */ (value)
			: value instanceof Date
				? value.toISOString()
				: String(value)
};

/** What a failed statement sends back: PostgreSQL's message and the fields that explain it. */
const failure = (/** @type {any} */ e) => ({
	message: e?.message ?? String(e),
	code: e?.code,
	detail: e?.detail,
	hint: e?.hint,
	where: e?.where
});

let turn = Promise.resolve();
port.on('message', (/** @type {{ id: number, text?: string, params?: unknown[] }} */ m) => {
	turn = turn.then(async () => {
		try {
			if (m.text === undefined) {
				await client.close();
				port.postMessage({ id: m.id, rows: [] });
				port.close();
				return;
			}
			const { rows } = await client.query(m.text, m.params ?? [], { serializers });
			port.postMessage({ id: m.id, rows });
		} catch (e) {
			port.postMessage({ id: m.id, error: failure(e) });
		}
	});
});
port.postMessage({ id: 0, rows: [] });

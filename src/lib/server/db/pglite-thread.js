// The embedded database in a thread of its own (see pglite-client.ts, which starts it). PGlite
// runs its WebAssembly and its message handling in the thread that calls it: on the main thread,
// every query of a page held every live document's socket until it ended. Here it answers the
// statements the main thread posts, one at a time, as PGlite itself orders them (a statement
// outside an open transaction waits until that transaction ends).
//
// Plain JavaScript, not bundled: the worker is started from this file as it is, in development,
// in tests and in production alike.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { dataDir } = /** @type {{ dataDir: string }} */ (workerData);

/**
 * @typedef {{ id: number, op: 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close',
 *   tx?: number, text?: string, params?: unknown[], rowMode?: 'array' | 'object',
 *   raw?: number[] }} Request
 * @typedef {{ tx?: import('@electric-sql/pglite').Transaction, commit?: () => void,
 *   rollback?: () => void, ended?: Promise<void> }} OpenTransaction
 */

/** Rejects a transaction's function so that PGlite rolls it back; never reaches the caller. */
const ROLLBACK = Symbol('rollback');

/** The fields of a failed statement (PostgreSQL's code, detail, constraint…), to rebuild it. */
function describe(/** @type {any} */ e) {
	/** @type {Record<string, unknown>} */
	const fields = { message: e?.message ?? String(e), name: e?.name ?? 'Error' };
	if (e && typeof e === 'object') {
		for (const [key, value] of Object.entries(e)) {
			if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
			fields[key] = value;
		}
	}
	return fields;
}

/** The types whose text is kept as it is (Drizzle asks this of dates and intervals). */
function queryOptions(/** @type {Request} */ m) {
	/** @type {Record<number, (value: string) => string>} */
	const parsers = {};
	for (const type of m.raw ?? []) parsers[type] = (value) => value;
	return { rowMode: m.rowMode ?? 'object', parsers };
}

/** @param {import('@electric-sql/pglite').Results} r */
const plain = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });

/** @type {Map<number, OpenTransaction>} */
const transactions = new Map();

/** @param {PGlite} client @param {number} id */
function begin(client, id) {
	/** @type {OpenTransaction} */
	const open = {};
	/** @type {Promise<void>} */
	const started = new Promise((resolve) => {
		open.ended = client.transaction(
			(tx) =>
				new Promise((commit, rollback) => {
					Object.assign(open, { tx, commit, rollback: () => rollback(ROLLBACK) });
					transactions.set(id, open);
					resolve();
				})
		);
	});
	// A BEGIN that failed ends the transaction before it started: the caller hears why.
	const failed = /** @type {Promise<void>} */ (open.ended).then(() => {
		throw new Error('The transaction ended before it began.');
	});
	return Promise.race([started, failed]);
}

/** @param {number} id @param {boolean} commit */
async function end(id, commit) {
	const open = transactions.get(id);
	if (!open) throw new Error(`No open transaction ${id}.`);
	transactions.delete(id);
	if (commit) open.commit?.();
	else open.rollback?.();
	try {
		await open.ended;
	} catch (e) {
		if (e !== ROLLBACK) throw e;
	}
}

/** @param {PGlite} client @param {Request} m */
async function run(client, m) {
	switch (m.op) {
		case 'begin':
			return begin(client, /** @type {number} */ (m.tx));
		case 'commit':
		case 'rollback':
			return end(/** @type {number} */ (m.tx), m.op === 'commit');
		case 'close':
			await client.close();
			return null;
	}
	// A statement runs in the transaction it names, else on its own.
	const target = m.tx === undefined ? client : transactions.get(m.tx)?.tx;
	if (!target) throw new Error(`No open transaction ${m.tx}.`);
	if (m.op === 'exec') return (await target.exec(m.text ?? '')).map(plain);
	return plain(await target.query(m.text ?? '', m.params ?? [], queryOptions(m)));
}

try {
	const client = await PGlite.create(dataDir, { extensions: { unaccent, pg_trgm } });
	port.on('message', (/** @type {Request} */ m) => {
		run(client, m).then(
			(result) => port.postMessage({ id: m.id, result }),
			(e) => port.postMessage({ id: m.id, error: describe(e) })
		);
	});
	port.postMessage({ id: 0, result: 'ready' });
} catch (e) {
	port.postMessage({ id: 0, error: describe(e) });
}

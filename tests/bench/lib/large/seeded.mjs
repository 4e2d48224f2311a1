// What every benchmark of the large seed shares: the options that say where the seeded
// database is, and opening it to read what the benchmark measures on.
import { resolve } from 'node:path';
import { loopbackDatabaseUrl } from '../maillage.mjs';
import { openDatabase } from './database.mjs';

/** parseArgs options: where the database seeded by `npm run seed:large` is. */
export const SEEDED_OPTIONS = /** @type {const} */ ({
	'data-dir': { type: 'string', default: 'data-large' },
	'database-url': { type: 'string' },
	'no-build': { type: 'boolean', default: false },
	help: { type: 'boolean', short: 'h', default: false }
});

/** Their lines of a benchmark's usage. */
export const SEEDED_USAGE = `  --data-dir DIR        the PGlite folder seeded by seed:large (default data-large)
  --database-url URL    a PostgreSQL database seeded by seed:large instead (on 127.0.0.1)
  --no-build            do not build, even when the build is older than the sources`;

/**
 * The seeded database the options name: for startServer, for opening it, and to print.
 * @param {string} root
 * @param {{ 'data-dir'?: string, 'database-url'?: string }} args
 */
export function seededDatabase(root, args) {
	const databaseUrl = args['database-url']
		? loopbackDatabaseUrl(args['database-url']).toString()
		: null;
	const dataDir = databaseUrl ? null : resolve(root, args['data-dir'] ?? 'data-large');
	return {
		databaseUrl,
		dataDir,
		label: databaseUrl
			? `${new URL(databaseUrl).pathname.slice(1)} (PostgreSQL)`
			: `${dataDir} (PGlite)`,
		open: () => openDatabase({ root, dataDir: dataDir ?? undefined, url: databaseUrl ?? undefined })
	};
}

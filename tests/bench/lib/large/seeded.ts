// What every benchmark of the large seed shares: the options that say where the seeded
// database is, and opening it to read what the benchmark measures on.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuild } from '../../../support/build.ts';
import { loopbackDatabaseUrl } from '../../../support/database.ts';
import { startServer } from '../../../support/server.ts';
import { openDatabase } from './database.ts';

/** The file seed:large writes in a PGlite folder once the whole seed is in. */
export const SEEDED_MARK = 'seeded.json';

/** parseArgs options: where the database seeded by `npm run seed:large` is. */
export const SEEDED_OPTIONS = {
	'data-dir': { type: 'string', default: 'data-large' },
	'database-url': { type: 'string' },
	'no-build': { type: 'boolean', default: false },
	help: { type: 'boolean', short: 'h', default: false }
} as const;

/** Their lines of a benchmark's usage. */
export const SEEDED_USAGE = `  --data-dir DIR        the PGlite folder seeded by seed:large (default data-large)
  --database-url URL    a PostgreSQL database seeded by seed:large instead (on 127.0.0.1)
  --no-build            do not build, even when the build is older than the sources`;

/**
 * The seeded database the options name: for startServer, for opening it, and to print.
 */
export function seededDatabase(
	root: string,
	args: { 'data-dir'?: string; 'database-url'?: string; 'no-build'?: boolean }
) {
	const databaseUrl = args['database-url']
		? loopbackDatabaseUrl(args['database-url']).toString()
		: null;
	const dataDir = databaseUrl ? null : resolve(root, args['data-dir'] ?? 'data-large');
	const label = databaseUrl
		? `${new URL(databaseUrl).pathname.slice(1)} (PostgreSQL)`
		: `${dataDir} (PGlite)`;
	return {
		databaseUrl,
		dataDir,
		label,
		open: () =>
			openDatabase({ root, dataDir: dataDir ?? undefined, url: databaseUrl ?? undefined }),
		/**
		 * Builds when the build is older than the sources (unless --no-build), says what is
		 * served (`what`: the seed's size), and starts the production server on the database as
		 * it is, without the demo network (`cpuProfileDir`: see startServer).
		 */
		serve(what: string, cpuProfileDir: string | null = null) {
			if (!args['no-build']) ensureBuild(root);
			console.log(`Serving ${label}: ${what}`);
			return startServer({ root, databaseUrl, dataDir, demo: false, cpuProfileDir });
		},
		/**
		 * Seeds the PGlite folder first when it holds no finished seed (a fresh clone, or a seed
		 * cut short): `npm run seed:large -- --reset` with its defaults, about 3 minutes. A
		 * PostgreSQL database is the caller's to seed.
		 */
		ensure() {
			if (!dataDir || existsSync(join(dataDir, SEEDED_MARK))) return;
			console.log(
				existsSync(dataDir)
					? `${dataDir} holds no finished seed: seeding it again (npm run seed:large -- --reset, about 3 minutes).`
					: `No large seed in ${dataDir}: running npm run seed:large first (about 3 minutes).`
			);
			// The same Node flags as this process: tsx's loader, which runs the seed's TypeScript.
			const seeding = spawnSync(
				process.execPath,
				[
					...process.execArgv,
					join(root, 'tests/bench/seed-large.ts'),
					'--data-dir',
					dataDir,
					'--reset'
				],
				{ stdio: 'inherit' }
			);
			if (seeding.status !== 0) throw new Error('seed:large failed: the benchmark cannot run');
		}
	};
}

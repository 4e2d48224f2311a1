import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * postgres.js 3.4.9 dies when the database closes a connection in the middle of a transaction
 * (porsager/postgres#1208): postgres-guard.js mends it, in the production build and here as a
 * module hook. Each case runs
 * tests/helpers/cut-transaction.mjs in a process of its own, since the bug ends the process.
 * PostgreSQL only.
 */

const serverUrl = process.env.DATABASE_URL;
const root = resolve(import.meta.dirname, '../..');

function run(...flags: string[]) {
	return spawnSync(process.execPath, ['tests/helpers/cut-transaction.mjs', serverUrl!, ...flags], {
		cwd: root,
		encoding: 'utf8',
		timeout: 20_000
	});
}

describe.skipIf(!serverUrl)('a transaction whose connection the database closes', () => {
	it('fails with CONNECTION_CLOSED, and the pool answers again afterwards, once mended', () => {
		const mended = run('--guard');
		expect(mended.stderr).not.toContain('TypeError');
		expect(mended.status).toBe(0);
		expect(mended.stdout).toContain('transaction 0: CONNECTION_CLOSED');
		expect(mended.stdout).toContain('transaction 2: CONNECTION_CLOSED');
		expect(mended.stdout).toContain('after: 1 2 3');
	});

	it('still ends the process without the mend (when this fails, postgres.js fixed it: drop postgres-guard.js)', () => {
		const bare = run();
		expect(bare.status).not.toBe(0);
		expect(bare.stderr).toContain("Cannot read properties of null (reading 'write')");
	});
});

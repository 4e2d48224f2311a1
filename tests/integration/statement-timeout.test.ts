import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '$lib/server/db/unavailable';
import { createTestDb } from '../helpers/db';

// On PostgreSQL, no statement holds a connection of the pool for long: past
// DATABASE_STATEMENT_TIMEOUT_MS it is cancelled, and the page says "try again" (503), not 500.
// PGlite cannot cancel a statement: its pages are bounded instead (docs/deploy.md).

describe.skipIf(!process.env.DATABASE_URL)('the statement timeout on PostgreSQL', () => {
	it('cancels a statement that runs too long, as a database busy for now', async () => {
		process.env.DATABASE_STATEMENT_TIMEOUT_MS = '200';
		let open;
		try {
			open = await createTestDb();
		} finally {
			delete process.env.DATABASE_STATEMENT_TIMEOUT_MS;
		}
		const error = await open.db.execute(sql`select pg_sleep(2)`).then(
			() => null,
			(e: unknown) => e
		);
		expect(error).not.toBeNull();
		expect(isDatabaseUnavailable(error)).toBe(true);
		// The connection serves the next statement.
		await expect(open.db.execute(sql`select 1 as one`)).resolves.toBeDefined();
	});
});

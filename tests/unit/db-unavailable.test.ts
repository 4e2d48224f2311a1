import { sql } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { createServer } from 'node:net';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '$lib/server/db/unavailable';

/** A port on this machine where nothing listens. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (e) {
		return e;
	}
	throw new Error('it did not fail');
}

describe('a database out of reach, told from a query that is wrong', () => {
	it('reads a refused connection through Drizzle as out of reach', async () => {
		const client = postgres(`postgres://nobody@127.0.0.1:${await closedPort()}/none`, {
			max: 1,
			connect_timeout: 2,
			onnotice: () => {}
		});
		try {
			const error = await failureOf(() => drizzlePostgres(client).execute(sql`select 1`));
			expect(isDatabaseUnavailable(error)).toBe(true);
		} finally {
			await client.end({ timeout: 1 });
		}
	});

	it('knows the server states that mean "not now"', () => {
		const state = (code: string) => Object.assign(new Error('pg'), { code });
		expect(isDatabaseUnavailable(state('57P03'))).toBe(true); // starting up
		expect(isDatabaseUnavailable(state('08006'))).toBe(true); // connection failure
		expect(isDatabaseUnavailable(state('53300'))).toBe(true); // too many connections
		expect(isDatabaseUnavailable(state('42P01'))).toBe(false); // no such table
		expect(isDatabaseUnavailable(new Error('x', { cause: state('57P01') }))).toBe(true);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
	});
});

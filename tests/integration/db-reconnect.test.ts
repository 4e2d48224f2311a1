import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase } from '$lib/server/db';
import { startProxy } from '../drill/lib/proxy.mjs';

/*
 * The database drops every connection of a busy pool at once (a restart, a network blip), then is
 * back a moment later: the app must be answered again at once, not after the driver's own
 * reconnection delays (postgres.js waits up to 20 s by default). The app's connections go
 * through a TCP proxy the test cuts. PostgreSQL only: PGlite lives inside the process.
 */

const serverUrl = process.env.DATABASE_URL;

describe.skipIf(!serverUrl)('a PostgreSQL pool that lost every connection at once', () => {
	let proxy: Awaited<ReturnType<typeof startProxy>>;
	let open: OpenDatabase;
	let admin: postgres.Sql;
	const name = `maillage_test_${Date.now()}_${randomBytes(4).toString('hex')}`;

	beforeAll(async () => {
		const server = new URL(serverUrl!);
		admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database "${name}"`);
		proxy = await startProxy({ host: server.hostname, port: Number(server.port || 5432) });
		const url = new URL(server);
		url.host = `127.0.0.1:${proxy.port}`;
		url.pathname = `/${name}`;
		open = await connect({ url: url.toString() });
	});

	afterAll(async () => {
		await open?.close();
		await proxy?.close();
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	});

	it('answers a burst of queries within a second or two of the database coming back', async () => {
		const burst = (size: number, query = sql`select pg_sleep(0.02)`) =>
			Promise.allSettled(Array.from({ length: size }, () => open.db.execute(query)));
		// Every connection of the pool open, as on a busy server.
		await burst(10, sql`select pg_sleep(0.1)`);
		expect(proxy.open).toBe(10);

		proxy.cut('refuse');
		const during = await burst(3, sql`select 1`);
		expect(during.every((r) => r.status === 'rejected')).toBe(true);
		await new Promise((r) => setTimeout(r, 300));
		proxy.heal();

		const started = performance.now();
		const after = await burst(10);
		expect(after.map((r) => r.status)).toEqual(Array(10).fill('fulfilled'));
		expect(performance.now() - started).toBeLessThan(2500);
	});
});

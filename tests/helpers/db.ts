import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { closeDatabase, connect, useDatabase, type OpenDatabase } from '$lib/server/db';

/** Teardowns of the databases this test file opened; run by tests/helpers/setup.ts. */
export const teardowns: (() => Promise<void>)[] = [];

/**
 * A fresh, migrated database for one test file, made the app's database. On PostgreSQL
 * (DATABASE_URL set) it is a new database named after the run, dropped afterwards; otherwise
 * an in-memory PGlite. It is closed (and dropped) after the file's tests, wherever it was
 * created from: the setup file's `afterAll` runs the teardowns.
 */
export async function createTestDb(): Promise<OpenDatabase> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		const open = await connect({ dataDir: 'memory://' });
		useDatabase(open);
		teardowns.push(() => closeDatabase());
		return open;
	}
	const name = `maillage_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const open = await connect({ url: url.toString() });
	useDatabase(open);
	teardowns.push(async () => {
		await closeDatabase();
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	});
	return open;
}

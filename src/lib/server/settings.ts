import { eq, sql } from 'drizzle-orm';
import { db, type Database, type Transaction } from '$lib/server/db';
import { settings } from '$lib/server/db/schema';

export const NETWORK_NAME = 'network.name';

export async function getSetting<T>(key: string): Promise<T | undefined> {
	const [row] = await db.select().from(settings).where(eq(settings.key, key));
	return row?.value as T | undefined;
}

export async function setSetting(
	key: string,
	value: unknown,
	executor: Database | Transaction = db
): Promise<void> {
	await executor
		.insert(settings)
		.values({ key, value })
		.onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

export async function getNetworkName(): Promise<string> {
	return (await getSetting<string>(NETWORK_NAME)) ?? 'Maillage';
}

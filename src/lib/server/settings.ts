import { eq, sql } from 'drizzle-orm';
import { db, type Database, type Transaction } from '$lib/server/db';
import { z } from 'zod';
import { settings } from '$lib/server/db/schema';
import { forbidden } from './errors';
import { can, type Actor } from './policy';

export const NETWORK_NAME = 'network.name';
/** How often groups check in: 'month' (the default) or 'quarter'. */
export const CHECK_IN_PERIOD_KEY = 'check_in.period';

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

/** The settings an admin changes from the admin area. */
export const instanceSettingsSchema = z.object({
	networkName: z.string().trim().min(2, 'validation.too_short').max(120, 'validation.too_long'),
	checkInPeriod: z.enum(['month', 'quarter'], 'validation.choose')
});

export async function updateInstanceSettings(
	actor: Actor,
	input: z.output<typeof instanceSettingsSchema>
): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await db.transaction(async (tx) => {
		await setSetting(NETWORK_NAME, input.networkName, tx);
		await setSetting(CHECK_IN_PERIOD_KEY, input.checkInPeriod, tx);
	});
}

import { eq, sql } from 'drizzle-orm';
import { db, type Database, type Transaction } from '$lib/server/db';
import { z } from 'zod';
import { settings } from '$lib/server/db/schema';
import { forbidden } from './errors';
import { can, type Actor } from './policy';

export const NETWORK_NAME = 'network.name';
/** How often groups check in: 'month' (the default) or 'quarter'. */
export const CHECK_IN_PERIOD_KEY = 'check_in.period';
/** The public address links are written with when ORIGIN is not set (see origin.ts). */
export const PUBLIC_ORIGIN = 'public.origin';
/** Months after an open-house event's last day its visitors' names and addresses are kept. */
export const VISITOR_RETENTION_KEY = 'events.retention_months';
export const DEFAULT_VISITOR_RETENTION = 6;
/** The longest an admin may keep them: three years. */
export const MAX_VISITOR_RETENTION = 36;

export async function visitorRetentionMonths(): Promise<number> {
	return (await getSetting<number>(VISITOR_RETENTION_KEY)) ?? DEFAULT_VISITOR_RETENTION;
}

/** An http(s) address as `scheme://host[:port]`: what a person types in the settings. */
export const publicOriginField = z
	.string()
	.trim()
	.max(200, 'validation.too_long')
	.pipe(z.url({ protocol: /^https?$/, error: 'settings.public_origin_invalid' }))
	.refine((value) => {
		const url = new URL(value);
		return !url.username && !url.password;
	}, 'settings.public_origin_invalid')
	.transform((value) => new URL(value).origin);

const listeners = new Set<() => void>();

/** Calls `forget` whenever a setting changes here (a cache of settings forgets what it kept). */
export function onSettingsChanged(forget: () => void): void {
	listeners.add(forget);
}

/**
 * Settings changed: what was kept of them goes. Called by each write, and again by whoever
 * writes in a transaction, once it is committed (a read in between would keep the old value).
 */
export function settingsChanged(): void {
	for (const forget of listeners) forget();
}

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
	settingsChanged();
}

/** Forgets a setting: reading it gives undefined, as before it was ever set. */
export async function deleteSetting(
	key: string,
	executor: Database | Transaction = db
): Promise<void> {
	await executor.delete(settings).where(eq(settings.key, key));
	settingsChanged();
}

export async function getNetworkName(): Promise<string> {
	return (await getSetting<string>(NETWORK_NAME)) ?? 'Maillage';
}

/** The settings an admin changes from the admin area. */
export const instanceSettingsSchema = z.object({
	networkName: z.string().trim().min(2, 'validation.too_short').max(120, 'validation.too_long'),
	checkInPeriod: z.enum(['month', 'quarter'], 'validation.choose'),
	visitorRetention: z.coerce
		.number('settings.visitor_retention_invalid')
		.int('settings.visitor_retention_invalid')
		.min(1, 'settings.visitor_retention_invalid')
		.max(MAX_VISITOR_RETENTION, 'settings.visitor_retention_invalid')
		.optional(),
	/** Absent when ORIGIN sets the address: the form then shows it without a field. */
	publicOrigin: publicOriginField.optional()
});

export async function updateInstanceSettings(
	actor: Actor,
	input: z.output<typeof instanceSettingsSchema>
): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await db.transaction(async (tx) => {
		await setSetting(NETWORK_NAME, input.networkName, tx);
		await setSetting(CHECK_IN_PERIOD_KEY, input.checkInPeriod, tx);
		if (input.visitorRetention !== undefined)
			await setSetting(VISITOR_RETENTION_KEY, input.visitorRetention, tx);
		if (input.publicOrigin) await setSetting(PUBLIC_ORIGIN, input.publicOrigin, tx);
	});
	settingsChanged();
}

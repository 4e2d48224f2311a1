import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db, type Database, type Transaction } from '$lib/server/db';
import { settings } from '$lib/server/db/schema';

// Links and codes given to visitors, who have no account: a registration's id with a keyed
// signature. Signed rather than stored: a confirmation's QR code can be checked by any host's
// phone against the day's list without a round trip, and nothing needs writing per visitor
// beyond the registration itself. The key is made once per network, in the database, so that
// every instance signs alike; erasing a registration makes its links lead nowhere.

const KEY_SETTING = 'events.signing_key';
let key: Buffer | undefined;

/**
 * The network's signing key, made on first use (two instances racing keep the first one). Read
 * through the caller's transaction when there is one: the embedded database has one connection,
 * which an open transaction holds.
 */
async function signingKey(executor: Database | Transaction = db): Promise<Buffer> {
	if (key) return key;
	const made = randomBytes(32).toString('base64');
	await executor
		.insert(settings)
		.values({ key: KEY_SETTING, value: made })
		.onConflictDoNothing({ target: settings.key });
	const [row] = await executor
		.select({ value: settings.value })
		.from(settings)
		.where(sql`${settings.key} = ${KEY_SETTING}`);
	key = Buffer.from(String(row.value), 'base64');
	return key;
}

/** What a signature is for: a link cannot be used as a code, nor the reverse. */
export type Purpose = 'manage' | 'check_in' | 'form';

function mac(secret: Buffer, purpose: Purpose, value: string): string {
	// 128 bits of HMAC-SHA256: short enough for a QR code, far beyond guessing.
	return createHmac('sha256', secret)
		.update(`${purpose}:${value}`)
		.digest()
		.subarray(0, 16)
		.toString('base64url');
}

/** `value.signature`. */
export async function sign(
	purpose: Purpose,
	value: string,
	executor?: Database | Transaction
): Promise<string> {
	return `${value}.${mac(await signingKey(executor), purpose, value)}`;
}

/** The value a signed text carries, or null when it was not signed here for this purpose. */
export async function verify(purpose: Purpose, signed: string): Promise<string | null> {
	const at = signed.lastIndexOf('.');
	if (at <= 0 || signed.length > 300) return null;
	const value = signed.slice(0, at);
	const given = Buffer.from(signed.slice(at + 1));
	const expected = Buffer.from(mac(await signingKey(), purpose, value));
	return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

/** Forgets the key read (a test that empties the database). */
export function forgetSigningKey(): void {
	key = undefined;
}

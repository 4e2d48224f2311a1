import { and, count, eq, gte, inArray, lt } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { loginFailures } from '$lib/server/db/schema';

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 10;
// Many people of one factory may share an address: the per-IP limit is looser.
export const MAX_FAILURES_PER_IP = 50;

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

async function failuresSince(key: string, since: Date): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(loginFailures)
		.where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)));
	return row?.n ?? 0;
}

/** True when this e-mail or this address failed too often in the last 15 minutes. */
export async function isLoginBlocked(email: string, ip: string): Promise<boolean> {
	const since = new Date(Date.now() - WINDOW_MS);
	const [byEmail, byIp] = await Promise.all([
		failuresSince(emailKey(email), since),
		failuresSince(ipKey(ip), since)
	]);
	return byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP;
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
	await db.insert(loginFailures).values([{ key: emailKey(email) }, { key: ipKey(ip) }]);
	// Keep the table small: what is older than the window no longer counts.
	await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - WINDOW_MS)));
}

export async function clearLoginFailures(email: string): Promise<void> {
	await db.delete(loginFailures).where(inArray(loginFailures.key, [emailKey(email)]));
}

import { and, eq, lt, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { attempts } from '$lib/server/db/schema';

const MINUTE = 60 * 1000;

/** How many attempts of one purpose a key may make in a sliding window. */
export interface Limit {
	purpose: string;
	max: number;
	windowMs: number;
}

export const LOGIN_PER_EMAIL: Limit = { purpose: 'login', max: 10, windowMs: 15 * MINUTE };
// Many people of one factory may share an address: the per-IP limit is looser.
export const LOGIN_PER_IP: Limit = { purpose: 'login', max: 50, windowMs: 15 * MINUTE };
/** Guesses of the current password when changing it from the profile, per account. */
export const PASSWORD_CHECK_PER_USER: Limit = {
	purpose: 'password_check',
	max: 10,
	windowMs: 15 * MINUTE
};
// Each request may e-mail the address's owner: few per address, more per client address.
export const RESET_REQUEST_PER_EMAIL: Limit = {
	purpose: 'reset_request',
	max: 3,
	windowMs: 60 * MINUTE
};
export const RESET_REQUEST_PER_IP: Limit = {
	purpose: 'reset_request',
	max: 20,
	windowMs: 60 * MINUTE
};
/** Invitation links tried that lead to no invitation at all, per client address. */
export const INVITATION_GUESS_PER_IP: Limit = {
	purpose: 'invitation_guess',
	max: 20,
	windowMs: 15 * MINUTE
};

export const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;
export const userKey = (userId: string) => `user:${userId}`;

/** How often attempts past their windows are deleted, at most. */
const SWEEP_MS = 60_000;
let lastSweep = 0;

/** One counted attempt: whether it is within its limit, and where to refund it. */
export interface Ticket {
	allowed: boolean;
	limit: Limit;
	key: string;
	windowStart: Date;
}

/**
 * Counts an attempt, then says whether it is within the limit. The count is one upsert that
 * returns the new value, so attempts arriving together each get a different one and at most
 * `max` of them are allowed, however many there are. The window slides: the previous fixed
 * window counts in proportion to how much of it the sliding window still covers, so a burst
 * at the end of a window is not followed by a fresh allowance at the start of the next.
 */
export async function hit(limit: Limit, key: string): Promise<Ticket> {
	const now = Date.now();
	const start = Math.floor(now / limit.windowMs) * limit.windowMs;
	const windowStart = new Date(start);
	const [row] = await db
		.insert(attempts)
		.values({
			purpose: limit.purpose,
			key,
			windowStart,
			n: 1,
			expiresAt: new Date(start + 2 * limit.windowMs)
		})
		.onConflictDoUpdate({
			target: [attempts.purpose, attempts.key, attempts.windowStart],
			// Capped: a flood of refused attempts weighs no more on the next window than one too many.
			set: { n: sql`least(${attempts.n} + 1, ${limit.max + 1})` }
		})
		.returning({ n: attempts.n });
	// The first attempt of a window for this key: a good moment to drop what no longer counts,
	// once a minute at most (a rush of new addresses would otherwise sweep the table each time).
	if (row.n === 1 && now - lastSweep >= SWEEP_MS) {
		lastSweep = now;
		await db.delete(attempts).where(lt(attempts.expiresAt, new Date(now)));
	}
	const [previous] = await db
		.select({ n: attempts.n })
		.from(attempts)
		.where(inWindow(limit, key, new Date(start - limit.windowMs)));
	const stillCovered = (start + limit.windowMs - now) / limit.windowMs;
	const estimate = row.n + (previous?.n ?? 0) * stillCovered;
	return { allowed: estimate <= limit.max, limit, key, windowStart };
}

/** Counts one attempt against several limits at once. */
export async function hitAll(...limits: [Limit, string][]): Promise<Ticket[]> {
	return Promise.all(limits.map(([limit, key]) => hit(limit, key)));
}

/** Gives back an attempt that turned out not to be what the limit is against (a success). */
export async function refund(ticket: Ticket): Promise<void> {
	await db
		.update(attempts)
		.set({ n: sql`greatest(${attempts.n} - 1, 0)` })
		.where(inWindow(ticket.limit, ticket.key, ticket.windowStart));
}

/** Forgets every attempt of a key for a purpose (a successful login clears its e-mail's). */
export async function forget(limit: Limit, key: string): Promise<void> {
	await db.delete(attempts).where(and(eq(attempts.purpose, limit.purpose), eq(attempts.key, key)));
}

function inWindow(limit: Limit, key: string, windowStart: Date) {
	return and(
		eq(attempts.purpose, limit.purpose),
		eq(attempts.key, key),
		eq(attempts.windowStart, windowStart)
	);
}

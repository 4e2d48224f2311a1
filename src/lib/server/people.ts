import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { networkRoles, organisations, users, type NetworkRole } from '$lib/server/db/schema';
import { invalidateUserSessions } from './auth/session';
import { forbidden, notFound, ServiceError } from './errors';
import { can, type Actor } from './policy';
import { accessChanged } from './events';

export const roleSchema = z.object({
	userId: z.uuid('validation.invalid'),
	role: z.enum(networkRoles, 'validation.choose')
});
export const userIdSchema = z.object({ userId: z.uuid('validation.invalid') });

/** Everyone of the network, for the admin's people page. */
export async function list(actor: Actor) {
	if (!can(actor, 'people.manage')) throw forbidden();
	return db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			role: users.role,
			disabledAt: users.disabledAt,
			createdAt: users.createdAt,
			organisation: organisations.name
		})
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.orderBy(asc(users.name));
}

async function otherActiveAdmins(userId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(users)
		.where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, userId)));
	return row?.n ?? 0;
}

export async function setRole(actor: Actor, userId: string, role: NetworkRole): Promise<void> {
	if (!can(actor, 'people.manage')) throw forbidden();
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user) throw notFound();
	if (user.role === 'admin' && role !== 'admin' && (await otherActiveAdmins(userId)) === 0) {
		throw new ServiceError('invalid', 'people.last_admin', 'role');
	}
	await db.update(users).set({ role }).where(eq(users.id, userId));
	accessChanged({ userId });
}

/** Disables an account: its sessions end at once and it can no longer log in. */
export async function disable(actor: Actor, userId: string): Promise<void> {
	if (!can(actor, 'people.manage') || !actor) throw forbidden();
	if (actor.id === userId) throw new ServiceError('invalid', 'people.cannot_disable_self');
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user) throw notFound();
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
	await invalidateUserSessions(userId);
}

export async function enable(actor: Actor, userId: string): Promise<void> {
	if (!can(actor, 'people.manage')) throw forbidden();
	const updated = await db
		.update(users)
		.set({ disabledAt: null })
		.where(eq(users.id, userId))
		.returning({ id: users.id });
	if (updated.length === 0) throw notFound();
}

import { and, asc, count, eq, isNotNull, isNull, ne, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import { networkRoles, organisations, users, type NetworkRole } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { invalidateUserSessions } from './auth/session';
import { forbidden, notFound, ServiceError } from './errors';
import { can, type Actor } from './policy';
import { accessChanged } from './events';
import { nameSearch } from './name-search';

export const roleSchema = z.object({
	userId: z.uuid('validation.invalid'),
	role: z.enum(networkRoles, 'validation.choose')
});
export const userIdSchema = z.object({ userId: z.uuid('validation.invalid') });

export const accountStatuses = ['active', 'disabled'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

/** What the admin's people page is narrowed to: words of a name or an e-mail, a role, an organisation, a status. */
export interface PeopleFilter {
	q?: string;
	role?: NetworkRole;
	organisation?: string;
	status?: AccountStatus;
}

/**
 * The filters written in a URL. Each one that cannot be read is left out rather than refused:
 * a hand-edited or outdated bookmark still shows a list.
 */
export function parseFilter(params: URLSearchParams): PeopleFilter {
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const role = z.enum(networkRoles).safeParse(params.get('role'));
	const organisation = params.get('organisation');
	const status = z.enum(accountStatuses).safeParse(params.get('status'));
	return {
		...(q && { q }),
		...(role.success && { role: role.data }),
		...(isUuid(organisation) && { organisation }),
		...(status.success && { status: status.data })
	};
}

function filterWhere(filter: PeopleFilter): SQL | undefined {
	const byName = filter.q ? nameSearch(users.name, filter.q) : null;
	const byEmail = filter.q ? nameSearch(users.email, filter.q) : null;
	return and(
		byName && byEmail ? or(byName.matches, byEmail.matches) : undefined,
		filter.role ? eq(users.role, filter.role) : undefined,
		filter.organisation ? eq(users.organisationId, filter.organisation) : undefined,
		filter.status === 'active' ? isNull(users.disabledAt) : undefined,
		filter.status === 'disabled' ? isNotNull(users.disabledAt) : undefined
	);
}

/**
 * The people of the network a filter keeps, for the admin's people page, in French order of
 * their names; one slice of them when `range` is given (the database pages, so a page holds the
 * right names).
 */
export async function list(
	actor: Actor,
	filter: PeopleFilter = {},
	range?: { offset: number; limit: number }
) {
	if (!can(actor, 'people.manage')) throw forbidden();
	const query = db
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
		.where(filterWhere(filter))
		// The id settles ties between namesakes, so that no one falls between two pages.
		.orderBy(frenchOrder(users.name), asc(users.id))
		.$dynamic();
	return range ? query.offset(range.offset).limit(range.limit) : query;
}

/** How many people a filter keeps. */
export async function countMatching(actor: Actor, filter: PeopleFilter = {}): Promise<number> {
	if (!can(actor, 'people.manage')) throw forbidden();
	const [row] = await db.select({ n: count() }).from(users).where(filterWhere(filter));
	return row?.n ?? 0;
}

/** Organisations to filter the people page by: those with someone in them, archived or not. */
export async function organisationChoices(actor: Actor) {
	if (!can(actor, 'people.manage')) throw forbidden();
	return db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.innerJoin(users, eq(users.organisationId, organisations.id))
		.groupBy(organisations.id)
		.orderBy(frenchOrder(organisations.name), asc(organisations.id));
}

/**
 * The name of the person an admin is about to disable, to ask by name before doing it; refused
 * as `disable` would refuse it.
 */
export async function nameToDisable(actor: Actor, userId: string): Promise<string> {
	if (!can(actor, 'people.manage') || !actor) throw forbidden();
	if (actor.id === userId) throw new ServiceError('invalid', 'people.cannot_disable_self');
	const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
	if (!user) throw notFound();
	return user.name;
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

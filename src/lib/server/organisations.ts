import { count, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import { organisationKinds, organisations, users } from '$lib/server/db/schema';
import { forbidden, notFound, ServiceError } from './errors';
import { can, type Actor } from './policy';

export const organisationSchema = z.object({
	name: z.string().trim().min(2, 'validation.too_short').max(160, 'validation.too_long'),
	kind: z.enum(organisationKinds, 'validation.choose'),
	town: z.string().trim().max(120, 'validation.too_long'),
	sector: z.string().trim().max(120, 'validation.too_long')
});
export const organisationIdSchema = z.object({ id: z.uuid('validation.invalid') });

/** Organisations people can be invited into: the ones not archived. */
export async function listActive() {
	return db
		.select()
		.from(organisations)
		.where(isNull(organisations.archivedAt))
		.orderBy(frenchOrder(organisations.name));
}

/** Every organisation with its number of people, for the admin page. */
export async function list(actor: Actor) {
	if (!can(actor, 'organisations.manage')) throw forbidden();
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			kind: organisations.kind,
			town: organisations.town,
			sector: organisations.sector,
			archivedAt: organisations.archivedAt,
			people: count(users.id)
		})
		.from(organisations)
		.leftJoin(users, eq(users.organisationId, organisations.id))
		.groupBy(organisations.id)
		.orderBy(frenchOrder(organisations.name));
}

function isUniqueViolation(e: unknown): boolean {
	const code =
		(e as { code?: string; cause?: { code?: string } })?.code ??
		(e as { cause?: { code?: string } })?.cause?.code;
	return code === '23505';
}

export async function create(actor: Actor, input: z.output<typeof organisationSchema>) {
	if (!can(actor, 'organisations.manage')) throw forbidden();
	try {
		const [row] = await db.insert(organisations).values(input).returning();
		return row;
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('invalid', 'organisation.name_taken', 'name');
		throw e;
	}
}

export async function update(actor: Actor, id: string, input: z.output<typeof organisationSchema>) {
	if (!can(actor, 'organisations.manage')) throw forbidden();
	try {
		const updated = await db
			.update(organisations)
			.set(input)
			.where(eq(organisations.id, id))
			.returning();
		if (updated.length === 0) throw notFound();
		return updated[0];
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('invalid', 'organisation.name_taken', 'name');
		throw e;
	}
}

/** Archiving hides an organisation from new invitations; its people and history stay. */
export async function setArchived(actor: Actor, id: string, archived: boolean) {
	if (!can(actor, 'organisations.manage')) throw forbidden();
	const updated = await db
		.update(organisations)
		.set({ archivedAt: archived ? new Date() : null })
		.where(eq(organisations.id, id))
		.returning({ id: organisations.id });
	if (updated.length === 0) throw notFound();
}

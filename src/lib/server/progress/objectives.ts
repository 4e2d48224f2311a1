import { and, asc, eq, max } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { objectives, objectiveStatuses, type Objective } from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { forbidden, notFound } from '../errors';
import { access } from '../groups';
import { can, type Actor } from '../policy';

/**
 * A day that exists. Date.parse rolls 2026-02-30 over to March 2 and PostgreSQL has no year 0;
 * the database would refuse both with an error instead of a message next to the field.
 */
function isCalendarDate(value: string): boolean {
	const time = Date.parse(`${value}T00:00:00Z`);
	return (
		!isNaN(time) && new Date(time).toISOString().slice(0, 10) === value && !value.startsWith('0000')
	);
}

export const objectiveSchema = z.object({
	title: z.string().trim().min(2, 'validation.too_short').max(160, 'validation.too_long'),
	description: z.string().trim().max(1000, 'validation.too_long'),
	targetDate: z
		.string()
		.trim()
		.refine(
			(v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v)),
			'validation.date'
		)
		.transform((v) => v || null),
	status: z.enum(objectiveStatuses, 'validation.choose')
});
export type ObjectiveInput = z.output<typeof objectiveSchema>;
export const objectiveIdSchema = z.object({ objectiveId: z.uuid('validation.invalid') });

export async function list(groupId: string): Promise<Objective[]> {
	return db
		.select()
		.from(objectives)
		.where(eq(objectives.groupId, groupId))
		.orderBy(asc(objectives.position), asc(objectives.createdAt));
}

export async function create(actor: Actor, groupId: string, input: ObjectiveInput) {
	const { context } = await access(actor, groupId);
	if (!can(actor, 'group.edit', context)) throw forbidden();
	return db.transaction(async (tx) => {
		const [last] = await tx
			.select({ position: max(objectives.position) })
			.from(objectives)
			.where(eq(objectives.groupId, groupId));
		const [objective] = await tx
			.insert(objectives)
			.values({ ...input, groupId, position: (last?.position ?? -1) + 1 })
			.returning();
		await activityLog.record(tx, {
			groupId,
			actorId: actor!.id,
			subjectType: 'objective',
			subjectId: objective.id,
			verb: 'created',
			label: objective.title,
			after: { status: objective.status, targetDate: objective.targetDate }
		});
		return objective;
	});
}

export async function update(
	actor: Actor,
	groupId: string,
	objectiveId: string,
	input: ObjectiveInput
) {
	const { context } = await access(actor, groupId);
	if (!can(actor, 'group.edit', context)) throw forbidden();
	const [current] = await db
		.select()
		.from(objectives)
		.where(and(eq(objectives.id, objectiveId), eq(objectives.groupId, groupId)));
	if (!current) throw notFound();
	const before: Record<string, unknown> = {};
	const after: Record<string, unknown> = {};
	for (const key of ['title', 'description', 'targetDate', 'status'] as const) {
		if (current[key] !== input[key]) {
			before[key] = current[key];
			after[key] = input[key];
		}
	}
	if (Object.keys(after).length === 0) return current;
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(objectives)
			.set({ ...input, updatedAt: new Date() })
			.where(eq(objectives.id, objectiveId))
			.returning();
		await activityLog.record(tx, {
			groupId,
			actorId: actor!.id,
			subjectType: 'objective',
			subjectId: objectiveId,
			verb: 'status' in after && Object.keys(after).length === 1 ? 'status_changed' : 'updated',
			label: updated.title,
			before,
			after
		});
		return updated;
	});
}

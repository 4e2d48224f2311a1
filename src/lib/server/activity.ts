import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Database, type Transaction } from '$lib/server/db';
import { activity, groups, users, type NewActivityEntry } from '$lib/server/db/schema';

/** Writes one entry of the activity log, inside the caller's transaction when there is one. */
export async function record(executor: Database | Transaction, entry: NewActivityEntry) {
	await executor.insert(activity).values(entry);
}

/** The group's most recent entries with the name of who did them. */
export async function recentForGroup(groupId: string, limit = 20) {
	return db
		.select({
			id: activity.id,
			subjectType: activity.subjectType,
			verb: activity.verb,
			label: activity.label,
			before: activity.before,
			after: activity.after,
			createdAt: activity.createdAt,
			actor: users.name
		})
		.from(activity)
		.leftJoin(users, eq(users.id, activity.actorId))
		.where(eq(activity.groupId, groupId))
		.orderBy(desc(activity.createdAt))
		.limit(limit);
}

/** Per group, how many entries are newer than `since` and not the person's own doing. */
export async function countNewByGroup(
	entries: { groupId: string; since: Date }[],
	personId: string
): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	if (entries.length === 0) return counts;
	const rows = await db
		.select({ groupId: activity.groupId, n: sql<number>`count(*)::int` })
		.from(activity)
		.where(
			and(
				inArray(
					activity.groupId,
					entries.map((e) => e.groupId)
				),
				sql`(${activity.actorId} is null or ${activity.actorId} <> ${personId})`,
				sql`${activity.createdAt} > case ${sql.join(
					entries.map(
						(e) =>
							sql`when ${activity.groupId} = ${e.groupId} then ${e.since.toISOString()}::timestamptz`
					),
					sql` `
				)} end`
			)
		)
		.groupBy(activity.groupId);
	for (const row of rows) if (row.groupId) counts.set(row.groupId, row.n);
	return counts;
}

/** The date of the latest entry of each group. */
export async function lastActivityByGroup(): Promise<Map<string, Date>> {
	// One look-up per group in activity_group_created_idx, not a pass over all the activity.
	const rows = await db
		.select({
			groupId: groups.id,
			// Qualified by hand: Drizzle leaves the columns of a one-table query unqualified.
			at: sql<string | null>`(select max(${activity.createdAt}) from ${activity}
				where ${activity.groupId} = ${groups}.${sql.identifier(groups.id.name)})`
		})
		.from(groups);
	const map = new Map<string, Date>();
	for (const row of rows) if (row.groupId && row.at) map.set(row.groupId, new Date(row.at));
	return map;
}

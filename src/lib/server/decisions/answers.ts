import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '$lib/server/db';
import {
	groupMembers,
	pollAnswers,
	polls,
	pollTallies,
	pollVoters,
	users,
	type Stance
} from '$lib/server/db/schema';
import { ServiceError } from '../errors';

// How every kind of poll writes an answer, inside the transaction of that answer: the poll's row
// locked and its closing checked by the database, then either the person's new current answer or,
// in an anonymous poll, that they took part and one more in each count.

/**
 * Locks the poll's row for the rest of the transaction and refuses the answer if the poll has
 * closed, by the database's clock: an answer a millisecond late is refused whatever the page said.
 */
export async function lockOpen(tx: Transaction, pollId: string, field: string): Promise<void> {
	const [locked] = await tx
		.select({
			open: sql<boolean>`${polls.closedAt} is null and ${polls.closesAt} > statement_timestamp()`
		})
		.from(polls)
		.where(eq(polls.id, pollId))
		.for('update');
	if (!locked?.open) throw new ServiceError('conflict', 'poll.closed', field);
}

/**
 * An anonymous answer: records that the person took part (refused if they already have: an
 * anonymous answer cannot be changed) and adds one to each count named, never both together.
 */
export async function countAnonymously(
	tx: Transaction,
	pollId: string,
	userId: string,
	keys: string[],
	field: string
): Promise<void> {
	const [voter] = await tx
		.insert(pollVoters)
		.values({ pollId, userId })
		.onConflictDoNothing()
		.returning({ userId: pollVoters.userId });
	if (!voter) throw new ServiceError('conflict', 'poll.already_answered_anonymous', field);
	for (const key of keys) {
		await tx
			.insert(pollTallies)
			.values({ pollId, key, count: 1 })
			.onConflictDoUpdate({
				target: [pollTallies.pollId, pollTallies.key],
				set: { count: sql`${pollTallies.count} + 1` }
			});
	}
}

/**
 * A named answer: the person's earlier answer stops being current (kept as history), the new one
 * is written, and when they answered is recorded. Returns the new answer's id.
 */
export async function replaceAnswer(
	tx: Transaction,
	pollId: string,
	userId: string,
	answer: { stance?: Stance; reason?: string } = {}
): Promise<string> {
	await tx
		.update(pollAnswers)
		.set({ current: false })
		.where(
			and(
				eq(pollAnswers.pollId, pollId),
				eq(pollAnswers.userId, userId),
				eq(pollAnswers.current, true)
			)
		);
	const [row] = await tx
		.insert(pollAnswers)
		.values({ pollId, userId, ...answer })
		.returning({ id: pollAnswers.id });
	await tx
		.insert(pollVoters)
		.values({ pollId, userId })
		.onConflictDoUpdate({
			target: [pollVoters.pollId, pollVoters.userId],
			set: { answeredAt: sql`now()` }
		});
	return row.id;
}

/** Who answers the group's polls (its members and leads), by name, and who of them has. */
export async function takingPart(groupId: string, pollId: string) {
	const [participants, voters] = await Promise.all([
		db
			.select({ id: users.id, name: users.name })
			.from(groupMembers)
			.innerJoin(users, eq(users.id, groupMembers.userId))
			.where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.role, ['member', 'lead'])))
			.orderBy(asc(users.name)),
		db.select({ userId: pollVoters.userId }).from(pollVoters).where(eq(pollVoters.pollId, pollId))
	]);
	const answered = new Set(voters.map((v) => v.userId));
	return {
		answered,
		waiting: participants.filter((p) => !answered.has(p.id)).map((p) => p.name)
	};
}

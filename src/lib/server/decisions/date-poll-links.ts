import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { groupMembers, groups, meetings, polls, pollTokens, users } from '$lib/server/db/schema';
import { hashToken } from '../auth/tokens';
import { ServiceError } from '../errors';
import { publish } from '../live';
import { isOpen } from './access';
import { recordSlots, slotsOf } from './date-polls';
import { slotAnswers, type SlotAnswer } from './schema';

/**
 * The date poll and the person behind an e-mailed answer link, with the slots and the person's
 * answers; null for a token unknown (or altered), or whose person may no longer answer the
 * group's polls (left the group, observer now, account closed). A closed poll is returned with
 * `open` false: its page says so and takes no answer.
 */
export async function byToken(token: string) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const [row] = await db
		.select({ poll: polls, userId: pollTokens.userId, locale: users.locale, group: groups.name })
		.from(pollTokens)
		.innerJoin(polls, eq(polls.id, pollTokens.pollId))
		.innerJoin(groups, eq(groups.id, polls.groupId))
		.innerJoin(users, eq(users.id, pollTokens.userId))
		.innerJoin(
			groupMembers,
			and(eq(groupMembers.groupId, polls.groupId), eq(groupMembers.userId, pollTokens.userId))
		)
		.where(
			and(
				eq(pollTokens.tokenHash, hashToken(token)),
				eq(polls.kind, 'dates'),
				inArray(groupMembers.role, ['member', 'lead']),
				ne(groups.status, 'archived'),
				isNull(users.disabledAt)
			)
		);
	if (!row) return null;
	const [{ slots, people }, meeting] = await Promise.all([
		slotsOf(row.poll.id),
		row.poll.meetingId
			? db
					.select({ title: meetings.title, startsAt: meetings.startsAt, endsAt: meetings.endsAt })
					.from(meetings)
					.where(eq(meetings.id, row.poll.meetingId))
			: Promise.resolve([])
	]);
	return {
		poll: row.poll,
		group: row.group,
		userId: row.userId,
		locale: row.locale,
		open: isOpen(row.poll),
		slots,
		mine: people.get(row.userId)?.values ?? {},
		meeting: meeting[0] ?? null
	};
}

/**
 * Records the answer a link carries for one slot (by its number, 1 first). False when the link
 * is not valid, the slot unknown or the poll closed: nothing is written then. The poll's own
 * lock and the database's clock decide, as for an answer from the app.
 */
export async function answerByToken(
	token: string,
	slotNumber: number,
	answer: SlotAnswer
): Promise<boolean> {
	const found = await byToken(token);
	if (!found || !found.open) return false;
	const slot = found.slots.find((s) => s.position === slotNumber - 1);
	if (!slot) return false;
	try {
		await recordSlots(found.poll.id, found.userId, new Map([[slot.id, slotAnswers[answer]]]));
	} catch (e) {
		if (e instanceof ServiceError && e.messageKey === 'poll.closed') return false;
		throw e;
	}
	publish({ type: 'decisions', groupId: found.poll.groupId });
	return true;
}

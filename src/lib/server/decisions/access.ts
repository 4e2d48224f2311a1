import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { polls, type Poll } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { notFound } from '../errors';
import { access as groupAccess, type GroupAccess } from '../groups';
import { can, type Actor } from '../policy';

export interface PollAccess extends GroupAccess {
	poll: Poll;
	/** Whether the person may answer it (while it is open). */
	participant: boolean;
	/** Whether the person may close it early, extend it and write its outcome. */
	manager: boolean;
}

/**
 * A proposal or poll, if the person may read its group (else "not found", as for a group they
 * may not see), with what they may do with it.
 */
export async function pollAccess(actor: Actor, pollId: string): Promise<PollAccess> {
	if (!isUuid(pollId)) throw notFound();
	const [poll] = await db.select().from(polls).where(eq(polls.id, pollId.toLowerCase()));
	if (!poll) throw notFound();
	const group = await groupAccess(actor, poll.groupId);
	return {
		...group,
		poll,
		participant: can(actor, 'poll.answer', group.context),
		manager: can(actor, 'poll.manage', {
			...group.context,
			author: poll.authorId !== null && poll.authorId === actor?.id
		})
	};
}

/** Whether a poll still takes answers at `now`: not closed early, its closing time to come. */
export const isOpen = (poll: Pick<Poll, 'closedAt' | 'closesAt'>, now = new Date()) =>
	poll.closedAt === null && poll.closesAt.getTime() > now.getTime();

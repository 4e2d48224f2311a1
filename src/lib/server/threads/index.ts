import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	groupMembers,
	threadMessages,
	threadReads,
	threads,
	threadSubscriptions,
	users
} from '$lib/server/db/schema';
import { forbidden } from '../errors';
import { access as groupAccess } from '../groups';
import { can, type Actor, type GroupContext } from '../policy';
import { access, findForSubject, type Subject } from './access';

// The service's one namespace (`import * as threads from '$lib/server/threads'`): the form
// schemas, who may read a thread, writing messages and moderating live beside this file.
export * from './schema';
export * from './access';
export * from './messages';
export * from './moderation';

/** Follow, mute, or go back to the default (follow once one writes or is mentioned). */
export async function setSubscription(
	actor: Actor,
	threadId: string,
	state: 'following' | 'muted' | 'none'
) {
	await access(actor, threadId);
	if (state === 'none') {
		await db
			.delete(threadSubscriptions)
			.where(
				and(eq(threadSubscriptions.userId, actor!.id), eq(threadSubscriptions.threadId, threadId))
			);
		return;
	}
	await db
		.insert(threadSubscriptions)
		.values({ userId: actor!.id, threadId, state })
		.onConflictDoUpdate({
			target: [threadSubscriptions.userId, threadSubscriptions.threadId],
			set: { state }
		});
}

/**
 * The moment from which a thread's messages count as new for a person: when they last read it,
 * else when they joined the group (a newcomer is not flooded with old threads), else never.
 */
export const readSince = (userId: string) =>
	sql`coalesce(${threadReads.readAt}, (select ${groupMembers.joinedAt} from ${groupMembers} where ${groupMembers.groupId} = ${threads.groupId} and ${groupMembers.userId} = ${userId}), '-infinity'::timestamptz)`;

/** The group's threads, pinned first then by last message, with counts for the person. */
export async function listForGroup(actor: Actor, groupId: string) {
	if (!actor) throw forbidden();
	await groupAccess(actor, groupId);
	return db
		.select({
			id: threads.id,
			title: threads.title,
			pinned: threads.pinned,
			locked: threads.locked,
			subjectType: threads.subjectType,
			createdAt: threads.createdAt,
			lastMessageAt: threads.lastMessageAt,
			author: users.name,
			messages: sql<number>`(select count(*)::int from ${threadMessages} m where m.thread_id = ${threads.id} and m.deleted_at is null)`,
			unread: sql<number>`(select count(*)::int from ${threadMessages} m where m.thread_id = ${threads.id} and m.deleted_at is null and m.author_id is distinct from ${actor.id} and m.created_at > ${readSince(actor.id)})`
		})
		.from(threads)
		.leftJoin(users, eq(users.id, threads.authorId))
		.leftJoin(
			threadReads,
			and(eq(threadReads.threadId, threads.id), eq(threadReads.userId, actor.id))
		)
		.where(eq(threads.groupId, groupId))
		.orderBy(desc(threads.pinned), desc(threads.lastMessageAt));
}

/** Records that the person has read the thread up to `at`. */
export async function markRead(userId: string, threadId: string, at: Date) {
	await db
		.insert(threadReads)
		.values({ userId, threadId, readAt: at })
		.onConflictDoUpdate({
			target: [threadReads.userId, threadReads.threadId],
			set: { readAt: sql`greatest(${threadReads.readAt}, excluded.read_at)` }
		});
}

/** The thread about a subject with its number of messages, for the subject's page. */
export async function discussionOf(subject: Subject) {
	const thread = await findForSubject(subject);
	if (!thread) return null;
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(threadMessages)
		.where(and(eq(threadMessages.threadId, thread.id), isNull(threadMessages.deletedAt)));
	return { id: thread.id, messages: row?.n ?? 0 };
}

/**
 * What the "Discuss" button of a meeting, an action or a document shows the person: the thread
 * about it if they may read it, or whether they may open one.
 */
export async function discussionFor(actor: Actor, subject: Subject, groupId: string) {
	let context: GroupContext;
	try {
		({ context } = await groupAccess(actor, groupId));
	} catch {
		// An action's owner from outside its group sees the action, not the group's threads.
		return { discussion: null, canStart: false };
	}
	return {
		discussion: await discussionOf(subject),
		canStart: can(actor, 'group.contribute', context)
	};
}

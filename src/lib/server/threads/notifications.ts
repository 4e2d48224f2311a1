import { and, desc, eq, inArray, isNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	decisions,
	groups,
	notifications,
	polls,
	threadMessages,
	threads,
	threadSubscriptions,
	users,
	type Thread
} from '$lib/server/db/schema';
import { readers } from '../groups';
import * as live from '../live';
import * as mail from '../mail';
import * as preferences from '../preferences';

/** A person hears about a thread by e-mail at most once in this window; the app shows the rest. */
export const EMAIL_WINDOW_MINUTES = 15;

export interface NewMessage {
	thread: Pick<Thread, 'id' | 'groupId' | 'title'>;
	messageId: string;
	authorId: string;
	text: string;
	/** People the message mentions (newly, for an edit). */
	mentioned: string[];
	/** False for an edit: only the newly mentioned hear about it. */
	notifyFollowers: boolean;
	origin: string;
}

/** Makes people follow a thread, unless they already follow or muted it. */
export async function autoFollow(threadId: string, userIds: string[]): Promise<void> {
	if (userIds.length === 0) return;
	await db
		.insert(threadSubscriptions)
		.values(userIds.map((userId) => ({ userId, threadId, state: 'following' as const })))
		.onConflictDoNothing();
}

/**
 * Tells the people concerned about a new message: those it mentions (even if they muted the
 * thread: a mention is addressed to them) and the thread's followers. Only people who may read
 * the group hear anything, so a mention never leaks a closed group's message. Each gets an entry
 * in their notification list and, at most once per thread per window, an e-mail.
 */
export async function notifyMessage(message: NewMessage): Promise<number> {
	const { thread, authorId } = message;
	const audience = new Map((await readers(thread.groupId)).map((r) => [r.id, r]));
	const mentioned = message.mentioned.filter((id) => id !== authorId && audience.has(id));
	await autoFollow(thread.id, [authorId, ...mentioned]);
	const followers = message.notifyFollowers
		? (
				await db
					.select({ userId: threadSubscriptions.userId })
					.from(threadSubscriptions)
					.where(
						and(
							eq(threadSubscriptions.threadId, thread.id),
							eq(threadSubscriptions.state, 'following')
						)
					)
			)
				.map((r) => r.userId)
				.filter((id) => id !== authorId && audience.has(id) && !mentioned.includes(id))
		: [];
	const recipients = [
		...mentioned.map((userId) => ({ userId, kind: 'mention' as const })),
		...followers.map((userId) => ({ userId, kind: 'reply' as const }))
	];
	if (recipients.length === 0) return 0;
	await db.insert(notifications).values(
		recipients.map((r) => ({
			userId: r.userId,
			kind: r.kind,
			actorId: authorId,
			threadId: thread.id,
			messageId: message.messageId
		}))
	);
	await emailRecipients(message, recipients);
	for (const r of recipients) live.publish({ type: 'notification', userId: r.userId });
	return recipients.length;
}

async function emailRecipients(
	message: NewMessage,
	recipients: { userId: string; kind: 'mention' | 'reply' }[]
) {
	const [group] = await db
		.select({ slug: groups.slug, name: groups.name })
		.from(groups)
		.where(eq(groups.id, message.thread.groupId));
	const people = await db
		.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
		.from(users)
		.where(
			inArray(
				users.id,
				recipients.map((r) => r.userId)
			)
		);
	const byId = new Map(people.map((p) => [p.id, p]));
	const [author] = await db
		.select({ name: users.name })
		.from(users)
		.where(eq(users.id, message.authorId));
	// Whoever chose a digest (or nothing) for this kind of message is not e-mailed now; the
	// notification list still shows it.
	const choices = await preferences.preferencesOf(recipients.map((r) => r.userId));
	const link = `${message.origin}/groupes/${group.slug}/discussions/${message.thread.id}#message-${message.messageId}`;
	const excerpt =
		message.text.length > 600 ? `${message.text.slice(0, 600).trimEnd()}…` : message.text;
	for (const recipient of recipients) {
		const person = byId.get(recipient.userId);
		if (!person || choices.get(person.id)?.[recipient.kind] !== 'immediate') continue;
		// Claiming the window and sending are one step per person: two messages posted at the
		// same moment cannot both win it.
		const claimed = await db
			.update(threadSubscriptions)
			.set({ lastEmailedAt: new Date() })
			.where(
				and(
					eq(threadSubscriptions.userId, person.id),
					eq(threadSubscriptions.threadId, message.thread.id),
					or(
						isNull(threadSubscriptions.lastEmailedAt),
						lt(
							threadSubscriptions.lastEmailedAt,
							sql`now() - make_interval(mins => ${EMAIL_WINDOW_MINUTES})`
						)
					)
				)
			)
			.returning({ userId: threadSubscriptions.userId });
		if (claimed.length === 0) continue;
		const locale: Locale = person.locale ?? 'fr';
		const values = {
			name: person.name,
			author: author?.name ?? '',
			thread: message.thread.title,
			group: group.name,
			excerpt,
			link,
			minutes: EMAIL_WINDOW_MINUTES
		};
		await mail.send({
			to: person.email,
			kind: `thread_${recipient.kind}`,
			subject: translate(locale, `mail.thread_${recipient.kind}.subject`, values),
			text: translate(locale, `mail.thread_${recipient.kind}.body`, values)
		});
	}
}

/**
 * The person's notifications, newest first, with what each is about: a thread's message, a
 * proposal or poll, or a decision, and the group it belongs to.
 */
export async function listFor(userId: string, limit = 50) {
	return db
		.select({
			id: notifications.id,
			kind: notifications.kind,
			createdAt: notifications.createdAt,
			readAt: notifications.readAt,
			actor: users.name,
			threadId: threads.id,
			threadTitle: threads.title,
			messageId: notifications.messageId,
			messageDeleted: sql<boolean>`${threadMessages.deletedAt} is not null`,
			pollId: polls.id,
			pollKind: polls.kind,
			pollTitle: polls.title,
			decisionId: decisions.id,
			decisionTitle: decisions.title,
			groupSlug: groups.slug,
			groupName: groups.name
		})
		.from(notifications)
		.leftJoin(threads, eq(threads.id, notifications.threadId))
		.leftJoin(polls, eq(polls.id, notifications.pollId))
		.leftJoin(decisions, eq(decisions.id, notifications.decisionId))
		.innerJoin(
			groups,
			eq(groups.id, sql`coalesce(${threads.groupId}, ${polls.groupId}, ${decisions.groupId})`)
		)
		.leftJoin(threadMessages, eq(threadMessages.id, notifications.messageId))
		.leftJoin(users, eq(users.id, notifications.actorId))
		.where(eq(notifications.userId, userId))
		.orderBy(desc(notifications.createdAt))
		.limit(limit);
}
export type NotificationEntry = Awaited<ReturnType<typeof listFor>>[number];

export async function unreadCount(userId: string): Promise<number> {
	const [row] = await db
		.select({ n: unreadCountOf(sql`${userId}::uuid`) })
		.from(sql`(select 1) as one`);
	return row?.n ?? 0;
}

/** A column for a query's select: how many unread notifications the person `userId` has. */
export function unreadCountOf(userId: SQL | AnyColumn): SQL<number> {
	return sql<number>`(select count(*)::int from ${notifications}
		where ${notifications.userId} = ${userId} and ${notifications.readAt} is null)`;
}

/** What a notification is about, for marking it read: a thread, a proposal or poll, a decision. */
export type NotificationSubject =
	{ threadId: string } | { pollId: string } | { decisionId: string };

/**
 * Marks the person's notifications read: all of them, or those about one thread, poll or
 * decision (a thread's id alone, as its page gives it, names the thread).
 */
export async function markRead(
	userId: string,
	about?: string | NotificationSubject
): Promise<boolean> {
	const subject = typeof about === 'string' ? { threadId: about } : about;
	const changed = await db
		.update(notifications)
		.set({ readAt: new Date() })
		.where(
			and(
				eq(notifications.userId, userId),
				isNull(notifications.readAt),
				subject && 'threadId' in subject ? eq(notifications.threadId, subject.threadId) : undefined,
				subject && 'pollId' in subject ? eq(notifications.pollId, subject.pollId) : undefined,
				subject && 'decisionId' in subject
					? eq(notifications.decisionId, subject.decisionId)
					: undefined
			)
		)
		.returning({ id: notifications.id });
	if (changed.length) live.publish({ type: 'notification', userId });
	return changed.length > 0;
}

import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { toPlainText, mentionedIds } from '$lib/richtext/render';
import type { RichDoc } from '$lib/richtext/types';
import { richTextOf } from '$lib/richtext/validate';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	groupMembers,
	meetings,
	threadMessageRevisions,
	threadMessages,
	threadReads,
	threads,
	threadSubjects,
	threadSubscriptions,
	users,
	type Thread,
	type ThreadSubject
} from '$lib/server/db/schema';
import * as activityLog from './activity';
import { forbidden, notFound, ServiceError } from './errors';
import { access as groupAccess } from './groups';
import * as live from './live';
import { vouchMentions } from './mentions';
import { notifyMessage } from './notifications';
import { can, type Actor, type GroupContext } from './policy';

/** A message may hold this many characters of text (the editor's JSON may be ten times more). */
export const MESSAGE_MAX_CHARS = 50_000;

const messageBody = richTextOf(MESSAGE_MAX_CHARS, 'thread.message_too_long').refine(
	(doc) => doc !== null,
	{
		message: 'thread.message_empty'
	}
);

export const threadSchema = z.object({
	title: z.string().trim().min(3, 'validation.too_short').max(200, 'validation.too_long'),
	body: messageBody,
	subject: z.string().trim().max(100).optional().default('')
});
export type ThreadInput = z.output<typeof threadSchema>;

export const messageSchema = z.object({
	body: messageBody,
	parentId: z.string().trim().max(100).optional().default('')
});
export const editSchema = z.object({ body: messageBody });
export const titleSchema = z.object({
	title: z.string().trim().min(3, 'validation.too_short').max(200, 'validation.too_long')
});

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export interface Subject {
	type: ThreadSubject;
	id: string;
}

/** "action:<id>", "meeting:<id>" or "document:<id>", as links and forms carry it. */
export function parseSubject(raw: string | null | undefined): Subject | null {
	const [type, id] = (raw ?? '').split(':');
	if (!(threadSubjects as readonly string[]).includes(type) || !id || !isUuid(id)) return null;
	return { type: type as ThreadSubject, id: id.toLowerCase() };
}

/** The meeting, action or document a thread is about: its group and title, if it exists. */
export async function subjectInfo(
	subject: Subject
): Promise<{ groupId: string; title: string } | null> {
	const table = { meeting: meetings, action: actions, document: documents }[subject.type];
	const [row] = await db
		.select({ groupId: table.groupId, title: table.title })
		.from(table)
		.where(eq(table.id, subject.id));
	return row ?? null;
}

export interface ThreadRights {
	/** Post a message (the thread is not locked and the person may write in the group). */
	reply: boolean;
	/** Write in the group at all (edit and delete one's own messages). */
	contribute: boolean;
	moderate: boolean;
}

function rightsOf(actor: NonNullable<Actor>, thread: Thread, context: GroupContext): ThreadRights {
	const contribute = can(actor, 'group.contribute', context);
	return {
		reply: contribute && !thread.locked,
		contribute,
		moderate: can(actor, 'thread.moderate', context)
	};
}

/** The thread with the person's rights, if they may read its group; not found otherwise. */
export async function access(actor: Actor, threadId: string) {
	if (!actor || !isUuid(threadId)) throw notFound();
	const [thread] = await db.select().from(threads).where(eq(threads.id, threadId));
	if (!thread) throw notFound();
	const group = await groupAccess(actor, thread.groupId);
	return { thread, ...group, rights: rightsOf(actor, thread, group.context) };
}

/** The thread about a meeting, an action or a document, if there is one. */
export async function findForSubject(subject: Subject): Promise<Thread | undefined> {
	const [thread] = await db
		.select()
		.from(threads)
		.where(and(eq(threads.subjectType, subject.type), eq(threads.subjectId, subject.id)));
	return thread;
}

interface Placement {
	parentId: string | null;
	displayParentId: string | null;
	level: number;
	rootId: string | null;
}

/**
 * Where a reply goes: under its parent up to the third level; deeper, beside the third-level
 * message it answers (it then says whom it answers).
 */
async function placeReply(threadId: string, parentId: string): Promise<Placement> {
	const [parent] = isUuid(parentId)
		? await db
				.select()
				.from(threadMessages)
				.where(and(eq(threadMessages.id, parentId), eq(threadMessages.threadId, threadId)))
		: [];
	if (!parent || parent.deletedAt) throw new ServiceError('invalid', 'thread.parent_gone', 'body');
	return parent.level < 3
		? {
				parentId: parent.id,
				displayParentId: parent.id,
				level: parent.level + 1,
				rootId: parent.rootId
			}
		: {
				parentId: parent.id,
				displayParentId: parent.displayParentId,
				level: 3,
				rootId: parent.rootId
			};
}

/**
 * Opens a thread in a group with its first message. With a subject (a meeting, an action or a
 * document of the same group) the thread is about it; if that subject already has a thread,
 * the message is posted there instead, so nothing typed is lost.
 */
export async function create(
	actor: Actor,
	groupId: string,
	input: ThreadInput,
	origin: string
): Promise<{ thread: Thread; messageId: string }> {
	if (!actor) throw forbidden();
	const group = await groupAccess(actor, groupId);
	if (!can(actor, 'group.contribute', group.context)) throw forbidden();
	let subject: Subject | null = null;
	if (input.subject) {
		subject = parseSubject(input.subject);
		const info = subject ? await subjectInfo(subject) : null;
		if (!subject || !info || info.groupId !== groupId) {
			throw new ServiceError('invalid', 'thread.subject_invalid', 'subject');
		}
		const existing = await findForSubject(subject);
		if (existing) {
			const messageId = await post(actor, existing.id, { body: input.body, parentId: '' }, origin);
			return { thread: existing, messageId };
		}
	}
	const body = await vouchMentions(groupId, input.body as RichDoc);
	const threadId = crypto.randomUUID();
	const messageId = crypto.randomUUID();
	const now = new Date();
	const thread = await db.transaction(async (tx) => {
		const [created] = await tx
			.insert(threads)
			.values({
				id: threadId,
				groupId,
				title: input.title,
				authorId: actor.id,
				subjectType: subject?.type ?? null,
				subjectId: subject?.id ?? null,
				createdAt: now,
				lastMessageAt: now
			})
			.returning();
		await tx.insert(threadMessages).values({
			id: messageId,
			threadId,
			authorId: actor.id,
			level: 1,
			rootId: messageId,
			body,
			bodyText: toPlainText(body),
			createdAt: now
		});
		await activityLog.record(tx, {
			groupId,
			actorId: actor.id,
			subjectType: 'thread',
			subjectId: threadId,
			verb: 'created',
			label: input.title
		});
		return created;
	});
	await notifyMessage({
		thread,
		messageId,
		authorId: actor.id,
		text: toPlainText(body),
		mentioned: mentionedIds(body),
		notifyFollowers: true,
		origin
	});
	live.publish({ type: 'thread', threadId, groupId });
	return { thread, messageId };
}

/** Posts a message in a thread, to the thread itself or in reply to one of its messages. */
export async function post(
	actor: Actor,
	threadId: string,
	input: { body: RichDoc | null; parentId: string },
	origin: string
): Promise<string> {
	const { thread, rights } = await access(actor, threadId);
	if (!rights.contribute) throw forbidden();
	// The text comes back to the person with the refusal: nothing typed is lost.
	if (thread.locked) throw new ServiceError('conflict', 'thread.locked_refused', 'body');
	if (!input.body) throw new ServiceError('invalid', 'thread.message_empty', 'body');
	const body = await vouchMentions(thread.groupId, input.body);
	const id = crypto.randomUUID();
	const placement: Placement = input.parentId
		? await placeReply(thread.id, input.parentId)
		: { parentId: null, displayParentId: null, level: 1, rootId: id };
	const now = new Date();
	await db.transaction(async (tx) => {
		await tx.insert(threadMessages).values({
			id,
			threadId: thread.id,
			authorId: actor!.id,
			...placement,
			body,
			bodyText: toPlainText(body),
			createdAt: now
		});
		await tx.update(threads).set({ lastMessageAt: now }).where(eq(threads.id, thread.id));
	});
	await notifyMessage({
		thread,
		messageId: id,
		authorId: actor!.id,
		text: toPlainText(body),
		mentioned: mentionedIds(body),
		notifyFollowers: true,
		origin
	});
	live.publish({ type: 'thread', threadId: thread.id, groupId: thread.groupId });
	return id;
}

async function messageAccess(actor: Actor, messageId: string) {
	if (!actor || !isUuid(messageId)) throw notFound();
	const [message] = await db.select().from(threadMessages).where(eq(threadMessages.id, messageId));
	if (!message) throw notFound();
	const found = await access(actor, message.threadId);
	const author = message.authorId === actor.id;
	return { message, ...found, author };
}

/** The author changes their message; the wording it had goes to the history. */
export async function edit(
	actor: Actor,
	messageId: string,
	edited: RichDoc | null,
	origin: string
) {
	const { message, thread, rights, author } = await messageAccess(actor, messageId);
	if (!author || !rights.contribute) throw forbidden();
	if (message.deletedAt || !message.body) throw new ServiceError('conflict', 'thread.message_gone');
	if (!edited) throw new ServiceError('invalid', 'thread.message_empty', 'body');
	const body = await vouchMentions(thread.groupId, edited);
	const before = new Set(mentionedIds(message.body));
	const now = new Date();
	await db.transaction(async (tx) => {
		await tx.insert(threadMessageRevisions).values({
			messageId,
			body: message.body!,
			replacedBy: actor!.id,
			replacedAt: now,
			writtenAt: message.editedAt ?? message.createdAt
		});
		await tx
			.update(threadMessages)
			.set({ body, bodyText: toPlainText(body), editedAt: now })
			.where(eq(threadMessages.id, messageId));
	});
	const added = mentionedIds(body).filter((id) => !before.has(id));
	if (added.length) {
		await notifyMessage({
			thread,
			messageId,
			authorId: actor!.id,
			text: toPlainText(body),
			mentioned: added,
			notifyFollowers: false,
			origin
		});
	}
	live.publish({ type: 'thread', threadId: thread.id, groupId: thread.groupId });
}

/**
 * Deletes a message: it then reads "message deleted" and its replies stay in place. Its author
 * may, and so may the group's leads and the coordination (moderation); the wording is kept in
 * the history they can read.
 */
export async function remove(actor: Actor, messageId: string) {
	const { message, thread, rights, author } = await messageAccess(actor, messageId);
	if (!((author && rights.contribute) || rights.moderate)) throw forbidden();
	if (message.deletedAt) return;
	const now = new Date();
	await db.transaction(async (tx) => {
		if (message.body) {
			await tx.insert(threadMessageRevisions).values({
				messageId,
				body: message.body,
				replacedBy: actor!.id,
				replacedAt: now,
				writtenAt: message.editedAt ?? message.createdAt
			});
		}
		await tx
			.update(threadMessages)
			.set({ body: null, bodyText: '', deletedAt: now })
			.where(eq(threadMessages.id, messageId));
	});
	live.publish({ type: 'thread', threadId: thread.id, groupId: thread.groupId });
}

/** A thread's pin, lock and title, changed by a lead or the coordination. */
export async function moderate(
	actor: Actor,
	threadId: string,
	change: Partial<Pick<Thread, 'pinned' | 'locked' | 'title'>>
) {
	const { thread, rights } = await access(actor, threadId);
	if (!rights.moderate) throw forbidden();
	await db.update(threads).set(change).where(eq(threads.id, threadId));
	const verb =
		change.pinned !== undefined
			? change.pinned
				? 'pinned'
				: 'unpinned'
			: change.locked !== undefined
				? change.locked
					? 'locked'
					: 'unlocked'
				: 'renamed';
	await activityLog.record(db, {
		groupId: thread.groupId,
		actorId: actor!.id,
		subjectType: 'thread',
		subjectId: thread.id,
		verb,
		label: change.title ?? thread.title,
		before: change.title ? { title: thread.title } : null,
		after: change.title ? { title: change.title } : null
	});
	live.publish({ type: 'thread', threadId, groupId: thread.groupId });
}

/**
 * Moves a thread to another group the person also moderates. A thread about a meeting, an
 * action or a document stays with the group of its subject.
 */
export async function move(actor: Actor, threadId: string, targetGroupId: string) {
	const { thread, rights, group } = await access(actor, threadId);
	if (!rights.moderate) throw forbidden();
	if (thread.subjectType) throw new ServiceError('invalid', 'thread.move_linked', 'groupId');
	if (!isUuid(targetGroupId) || targetGroupId === thread.groupId) {
		throw new ServiceError('invalid', 'validation.choose', 'groupId');
	}
	let target;
	try {
		target = await groupAccess(actor, targetGroupId);
	} catch {
		throw new ServiceError('invalid', 'validation.choose', 'groupId');
	}
	if (!can(actor, 'thread.moderate', target.context)) {
		throw new ServiceError('invalid', 'thread.move_forbidden', 'groupId');
	}
	await db.update(threads).set({ groupId: target.group.id }).where(eq(threads.id, threadId));
	for (const [groupId, verb] of [
		[group.id, 'moved_out'],
		[target.group.id, 'moved_in']
	] as const) {
		await activityLog.record(db, {
			groupId,
			actorId: actor!.id,
			subjectType: 'thread',
			subjectId: thread.id,
			verb,
			label: thread.title,
			before: { group: group.name },
			after: { group: target.group.name }
		});
	}
	live.publish({ type: 'thread', threadId, groupId: group.id });
	live.publish({ type: 'thread', threadId, groupId: target.group.id });
	return target.group;
}

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

import { and, eq } from 'drizzle-orm';
import { toPlainText, mentionedIds } from '$lib/richtext/render';
import { attach, checkAttachable } from '$lib/server/files/attachments';
import type { RichDoc } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import {
	threadMessageRevisions,
	threadMessages,
	threads,
	type Thread
} from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import * as activityLog from '../activity';
import { forbidden, notFound, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import * as live from '../live';
import { can, type Actor } from '../policy';
import { access, findForSubject, parseSubject, subjectInfo, type Subject } from './access';
import { vouchMentions } from './mentions';
import { notifyMessage } from './notifications';
import type { ThreadInput } from './schema';

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
	input: { body: RichDoc | null; parentId: string; attachments?: string[] },
	origin: string
): Promise<string> {
	const { thread, rights } = await access(actor, threadId);
	if (!rights.contribute) throw forbidden();
	// The text comes back to the person with the refusal: nothing typed is lost.
	if (thread.locked) throw new ServiceError('conflict', 'thread.locked_refused', 'body');
	if (!input.body) throw new ServiceError('invalid', 'thread.message_empty', 'body');
	const attached = input.attachments ?? [];
	await checkAttachable(thread.groupId, attached);
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
		await attach(tx, { type: 'message', id }, attached, actor!.id);
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

import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { renderHtml } from '$lib/richtext/render';
import type { RichDoc } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import {
	groupMembers,
	groups,
	organisations,
	threadMessageRevisions,
	threadMessages,
	threadReads,
	threads,
	threadSubscriptions,
	users
} from '$lib/server/db/schema';
import { avatarOf } from '../avatars';
import { forbidden } from '../errors';
import * as notifications from './notifications';
import type { Actor } from '../policy';
import { attachmentsOf, type Attachment } from '$lib/server/files/attachments';
import { access, subjectInfo } from './access';
import { markRead, readSince } from '.';

/** Level-1 messages shown at first; "show more" raises the number, and unread ones are shown. */
export const PAGE_SIZE = 30;

export interface MessageView {
	id: string;
	level: number;
	/** `avatar`: the author's photo (avatarPath), or null. */
	author: { id: string | null; name: string; organisation: string; avatar: string | null };
	/** Rendered on the server from the stored JSON: never HTML a person typed. */
	html: string;
	/** The stored JSON, only for the person who may edit the message (to start from). */
	body: RichDoc | null;
	createdAt: Date;
	editedAt: Date | null;
	deleted: boolean;
	unread: boolean;
	/** Whom a flattened reply (beyond the third level) answers. */
	inReplyTo: { id: string; name: string } | null;
	canEdit: boolean;
	canDelete: boolean;
	hasHistory: boolean;
	/** Files of the group's library attached to it (none once it is deleted). */
	attachments: Attachment[];
}

/**
 * A thread as the person reads it: its messages in reading order (each level-1 message followed
 * by its replies, oldest first), the first unread one, and what the person may do. Reading the
 * thread marks it read, and its notifications with it. `focus` (a message a search result
 * points to) is always among the messages shown, however far down it is.
 */
export async function read(
	actor: Actor,
	threadId: string,
	requested = PAGE_SIZE,
	focus: string | null = null
) {
	const found = await access(actor, threadId);
	const { thread, rights } = found;
	const me = actor!;
	const [readRow] = await db
		.select({ since: readSince(me.id) })
		.from(threads)
		.leftJoin(threadReads, and(eq(threadReads.threadId, threads.id), eq(threadReads.userId, me.id)))
		.where(eq(threads.id, threadId));
	const since = readRow?.since ? new Date(readRow.since as unknown as string) : null;
	const rows = await db
		.select({
			// Not the plain text kept for search: a long thread would carry every message twice.
			message: {
				id: threadMessages.id,
				authorId: threadMessages.authorId,
				parentId: threadMessages.parentId,
				displayParentId: threadMessages.displayParentId,
				level: threadMessages.level,
				rootId: threadMessages.rootId,
				body: threadMessages.body,
				createdAt: threadMessages.createdAt,
				editedAt: threadMessages.editedAt,
				deletedAt: threadMessages.deletedAt
			},
			authorName: users.name,
			authorAvatar: avatarOf(users.id),
			organisation: organisations.name,
			revisions: sql<number>`(select count(*)::int from ${threadMessageRevisions} r where r.message_id = ${threadMessages.id})`
		})
		.from(threadMessages)
		.leftJoin(users, eq(users.id, threadMessages.authorId))
		.leftJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(threadMessages.threadId, threadId))
		.orderBy(asc(threadMessages.createdAt), asc(threadMessages.id));

	const children = new Map<string | null, typeof rows>();
	for (const row of rows) {
		const key = row.message.level === 1 ? null : row.message.displayParentId;
		const siblings = children.get(key);
		if (siblings) siblings.push(row);
		else children.set(key, [row]);
	}
	const byId = new Map(rows.map((r) => [r.message.id, r]));
	const isUnread = (r: (typeof rows)[number]) =>
		!r.message.deletedAt &&
		r.message.authorId !== me.id &&
		(since === null || r.message.createdAt > since);

	const roots = children.get(null) ?? [];
	const firstUnread = rows.find(isUnread);
	// The page always reaches the first unread message, however far down it is.
	const unreadRoot = firstUnread
		? roots.findIndex((r) => r.message.id === firstUnread.message.rootId)
		: -1;
	const focused = focus ? byId.get(focus) : undefined;
	const focusRoot = focused ? roots.findIndex((r) => r.message.id === focused.message.rootId) : -1;
	const shownRoots = Math.min(
		roots.length,
		Math.max(requested, unreadRoot >= 0 ? unreadRoot + 5 : 0, focusRoot + 1)
	);

	const ordered: MessageView[] = [];
	const visit = (row: (typeof rows)[number], depth: number) => {
		if (depth > 3) return;
		const m = row.message;
		const parent = m.parentId ? byId.get(m.parentId) : undefined;
		ordered.push({
			id: m.id,
			level: m.level,
			author: {
				id: m.authorId,
				name: row.authorName ?? '',
				organisation: row.organisation ?? '',
				avatar: row.authorAvatar
			},
			html: m.body ? renderHtml(m.body) : '',
			body: !m.deletedAt && m.authorId === me.id && rights.contribute ? m.body : null,
			createdAt: m.createdAt,
			editedAt: m.editedAt,
			deleted: m.deletedAt !== null,
			unread: isUnread(row),
			inReplyTo:
				parent && m.parentId !== m.displayParentId
					? { id: parent.message.id, name: parent.authorName ?? '' }
					: null,
			canEdit: !m.deletedAt && m.authorId === me.id && rights.contribute,
			canDelete: !m.deletedAt && ((m.authorId === me.id && rights.contribute) || rights.moderate),
			hasHistory: row.revisions > 0 && (rights.moderate || m.authorId === me.id),
			attachments: []
		});
		for (const child of children.get(m.id) ?? []) visit(child, depth + 1);
	};
	for (const root of roots.slice(0, shownRoots)) visit(root, 1);
	const attached = await attachmentsOf(
		'message',
		ordered.filter((m) => !m.deleted).map((m) => m.id),
		thread.groupId
	);
	for (const message of ordered) message.attachments = attached.get(message.id) ?? [];

	const [subscription] = await db
		.select({ state: threadSubscriptions.state })
		.from(threadSubscriptions)
		.where(and(eq(threadSubscriptions.threadId, threadId), eq(threadSubscriptions.userId, me.id)));
	const subject =
		thread.subjectType && thread.subjectId
			? {
					type: thread.subjectType,
					id: thread.subjectId,
					...(await subjectInfo({ type: thread.subjectType, id: thread.subjectId }))
				}
			: null;

	const latest = rows.at(-1)?.message.createdAt;
	if (latest) await markRead(me.id, threadId, latest);
	const notified = await notifications.markRead(me.id, threadId);

	return {
		...found,
		messages: ordered,
		firstUnreadId: firstUnread?.message.id ?? null,
		/** Reading changed the unread counts the layouts show. */
		readNow: firstUnread !== undefined || notified,
		totalRoots: roots.length,
		shownRoots,
		subscription: subscription?.state ?? null,
		subject
	};
}

/** A message's earlier wordings, newest first, for its author, the leads and the coordination. */
export async function history(actor: Actor, messageId: string) {
	const [message] = await db
		.select({ threadId: threadMessages.threadId, authorId: threadMessages.authorId })
		.from(threadMessages)
		.where(eq(threadMessages.id, messageId));
	if (!message || !actor) throw forbidden();
	const { rights } = await access(actor, message.threadId);
	if (!rights.moderate && message.authorId !== actor.id) throw forbidden();
	const rows = await db
		.select({
			id: threadMessageRevisions.id,
			body: threadMessageRevisions.body,
			writtenAt: threadMessageRevisions.writtenAt,
			replacedAt: threadMessageRevisions.replacedAt,
			replacedBy: users.name
		})
		.from(threadMessageRevisions)
		.leftJoin(users, eq(users.id, threadMessageRevisions.replacedBy))
		.where(eq(threadMessageRevisions.messageId, messageId))
		.orderBy(desc(threadMessageRevisions.replacedAt));
	return rows.map(({ body, ...r }) => ({ ...r, html: renderHtml(body) }));
}

/**
 * The threads with messages the person has not read, in the groups they belong to, newest
 * first: the home page lists them and the group tabs count them.
 */
export async function unreadFor(userId: string) {
	const rows = await db
		.select({
			id: threads.id,
			title: threads.title,
			lastMessageAt: threads.lastMessageAt,
			groupId: groups.id,
			groupSlug: groups.slug,
			groupName: groups.name,
			unread: sql<number>`(select count(*)::int from ${threadMessages} m where m.thread_id = ${threads.id} and m.deleted_at is null and m.author_id is distinct from ${userId} and m.created_at > ${readSince(userId)})`
		})
		.from(threads)
		.innerJoin(groups, eq(groups.id, threads.groupId))
		.innerJoin(
			groupMembers,
			and(eq(groupMembers.groupId, threads.groupId), eq(groupMembers.userId, userId))
		)
		.leftJoin(
			threadReads,
			and(eq(threadReads.threadId, threads.id), eq(threadReads.userId, userId))
		)
		.orderBy(desc(threads.lastMessageAt));
	return rows.filter((r) => r.unread > 0);
}

/** For each of the given groups, how many of its threads have unread messages for the person. */
export async function unreadThreadsByGroup(userId: string, groupIds: string[]) {
	const counts = new Map<string, number>();
	if (groupIds.length === 0) return counts;
	for (const row of await unreadFor(userId)) {
		if (groupIds.includes(row.groupId)) counts.set(row.groupId, (counts.get(row.groupId) ?? 0) + 1);
	}
	return counts;
}

import {
	and,
	asc,
	desc,
	eq,
	gte,
	inArray,
	isNotNull,
	isNull,
	lt,
	lte,
	ne,
	or,
	sql
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '$lib/server/db';
import {
	actionEvents,
	actions,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	notifications,
	threadMessages,
	threads,
	users
} from '$lib/server/db/schema';
import { addDays } from '../dates';
import type { AssignedItem, DueItem, MentionItem, MinutesItem, ReplyItem } from './compose';

// What a digest says about the reader's own work, for many readers at once: one query per kind
// of item, whatever the number of people, grouped by reader afterwards.

const OPEN = ['open', 'in_progress', 'blocked'] as const;
const giver = alias(users, 'giver');

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
	return map;
}

/** Open actions of each owner overdue or due within `horizonDays` of `today`. */
export async function dueActions(
	ownerIds: string[],
	today: string,
	horizonDays: number
): Promise<Map<string, DueItem[]>> {
	if (ownerIds.length === 0) return new Map();
	const rows = await db
		.select({
			id: actions.id,
			title: actions.title,
			group: groups.name,
			dueDate: sql<string>`${actions.dueDate}`,
			ownerId: sql<string>`${actions.ownerId}`
		})
		.from(actions)
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.where(
			and(
				inArray(actions.ownerId, ownerIds),
				inArray(actions.status, [...OPEN]),
				isNotNull(actions.dueDate),
				lte(actions.dueDate, addDays(today, horizonDays))
			)
		)
		.orderBy(asc(actions.dueDate), asc(actions.title));
	return groupBy(rows, (r) => r.ownerId);
}

/**
 * Open actions given to each person during [from, to) by someone else: the last change of owner
 * before `to` (or the creation, when the owner has not changed since) falls in the window.
 */
export async function assignedActions(
	ownerIds: string[],
	from: Date,
	to: Date
): Promise<Map<string, AssignedItem[]>> {
	if (ownerIds.length === 0) return new Map();
	const latest = await db
		.selectDistinctOn([actionEvents.actionId], {
			id: actions.id,
			title: actions.title,
			group: groups.name,
			dueDate: actions.dueDate,
			ownerId: sql<string>`${actions.ownerId}`,
			actorId: actionEvents.actorId,
			by: giver.name,
			at: actionEvents.createdAt
		})
		.from(actionEvents)
		.innerJoin(actions, eq(actions.id, actionEvents.actionId))
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.leftJoin(giver, eq(giver.id, actionEvents.actorId))
		.where(
			and(
				inArray(actions.ownerId, ownerIds),
				inArray(actions.status, [...OPEN]),
				lt(actionEvents.createdAt, to),
				or(eq(actionEvents.kind, 'created'), sql`${actionEvents.changes} -> 'ownerId' is not null`)
			)
		)
		.orderBy(actionEvents.actionId, desc(actionEvents.createdAt));
	const given = latest
		.filter((r) => r.at >= from && r.actorId !== r.ownerId)
		.sort((a, b) => a.at.getTime() - b.at.getTime());
	const map = new Map<string, AssignedItem[]>();
	for (const r of given) {
		const item = { id: r.id, title: r.title, group: r.group, dueDate: r.dueDate, by: r.by };
		map.set(r.ownerId, [...(map.get(r.ownerId) ?? []), item]);
	}
	return map;
}

/**
 * Minutes published during [from, to) in the reader's groups, and of meetings they were invited
 * to elsewhere.
 */
export async function publishedMinutes(
	userIds: string[],
	from: Date,
	to: Date
): Promise<Map<string, MinutesItem[]>> {
	if (userIds.length === 0) return new Map();
	const fields = {
		meetingId: meetings.id,
		title: meetings.title,
		group: groups.name,
		groupSlug: groups.slug,
		publishedAt: sql<Date>`${meetings.publishedAt}`
	};
	const published = and(
		eq(meetings.status, 'published'),
		gte(meetings.publishedAt, from),
		lt(meetings.publishedAt, to)
	);
	const [asMembers, asInvitees] = await Promise.all([
		db
			.select({ ...fields, userId: groupMembers.userId })
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.innerJoin(groupMembers, eq(groupMembers.groupId, meetings.groupId))
			.where(and(published, inArray(groupMembers.userId, userIds))),
		db
			.select({ ...fields, userId: meetingAttendees.userId })
			.from(meetings)
			.innerJoin(groups, eq(groups.id, meetings.groupId))
			.innerJoin(meetingAttendees, eq(meetingAttendees.meetingId, meetings.id))
			.where(
				and(
					published,
					inArray(meetingAttendees.userId, userIds),
					ne(meetingAttendees.response, 'not_attending')
				)
			)
	]);
	const seen = new Set<string>();
	const rows = [...asMembers, ...asInvitees]
		.sort((a, b) => new Date(a.publishedAt).getTime() - new Date(b.publishedAt).getTime())
		.filter((r) => {
			const key = `${r.userId} ${r.meetingId}`;
			return !seen.has(key) && seen.add(key);
		});
	const map = new Map<string, MinutesItem[]>();
	for (const { userId, publishedAt: _, ...item } of rows) {
		map.set(userId, [...(map.get(userId) ?? []), item]);
	}
	return map;
}

/**
 * The mentions and replies of [from, to) that the reader has not read in the app yet: each
 * mention on its own, replies counted per thread. Deleted messages are left out.
 */
export async function threadNews(
	mentionReaders: string[],
	replyReaders: string[],
	from: Date,
	to: Date
): Promise<{ mentions: Map<string, MentionItem[]>; replies: Map<string, ReplyItem[]> }> {
	const readers = [...new Set([...mentionReaders, ...replyReaders])];
	const mentions = new Map<string, MentionItem[]>();
	const replies = new Map<string, ReplyItem[]>();
	if (readers.length === 0) return { mentions, replies };
	const rows = await db
		.select({
			userId: notifications.userId,
			kind: notifications.kind,
			threadId: threads.id,
			thread: threads.title,
			group: groups.name,
			groupSlug: groups.slug,
			messageId: sql<string>`${notifications.messageId}`,
			author: users.name
		})
		.from(notifications)
		.innerJoin(threads, eq(threads.id, notifications.threadId))
		.innerJoin(groups, eq(groups.id, threads.groupId))
		.innerJoin(threadMessages, eq(threadMessages.id, notifications.messageId))
		.leftJoin(users, eq(users.id, notifications.actorId))
		.where(
			and(
				inArray(notifications.userId, readers),
				gte(notifications.createdAt, from),
				lt(notifications.createdAt, to),
				isNull(notifications.readAt),
				isNull(threadMessages.deletedAt)
			)
		)
		.orderBy(asc(notifications.createdAt));
	const wantsMentions = new Set(mentionReaders);
	const wantsReplies = new Set(replyReaders);
	for (const { userId, kind, ...r } of rows) {
		if (kind === 'mention' && wantsMentions.has(userId)) {
			mentions.set(userId, [...(mentions.get(userId) ?? []), r]);
		} else if (kind === 'reply' && wantsReplies.has(userId)) {
			const list = replies.get(userId) ?? [];
			const same = list.find((x) => x.threadId === r.threadId);
			if (same) same.count++;
			else
				list.push({
					threadId: r.threadId,
					thread: r.thread,
					group: r.group,
					groupSlug: r.groupSlug,
					count: 1
				});
			replies.set(userId, list);
		}
	}
	return { mentions, replies };
}

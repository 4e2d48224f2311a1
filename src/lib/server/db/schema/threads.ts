import {
	boolean,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import type { RichDoc } from '$lib/richtext/types';
import { groups } from './groups';
import { users } from './users';

/** What a thread can be about: "Discuss" on a meeting, an action or a document opens it. */
export const threadSubjects = ['meeting', 'action', 'document'] as const;
export const threadSubject = pgEnum('thread_subject', threadSubjects);

export const subscriptionStates = ['following', 'muted'] as const;
export const subscriptionState = pgEnum('thread_subscription_state', subscriptionStates);

export const threads = pgTable(
	'threads',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		subjectType: threadSubject('subject_type'),
		subjectId: uuid('subject_id'),
		pinned: boolean('pinned').notNull().default(false),
		locked: boolean('locked').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** When the last message was posted: threads are listed by it. */
		lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('threads_group_last_idx').on(t.groupId, t.lastMessageAt),
		// One thread per meeting, action or document.
		uniqueIndex('threads_subject_idx').on(t.subjectType, t.subjectId)
	]
);

export const threadMessages = pgTable(
	'thread_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		threadId: uuid('thread_id')
			.notNull()
			.references(() => threads.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		/** The message answered; null for a message posted to the thread itself. */
		parentId: uuid('parent_id').references((): AnyPgColumn => threadMessages.id, {
			onDelete: 'set null'
		}),
		/**
		 * Where the message is shown: under its parent up to the third level; a reply to a
		 * third-level message is shown beside it, under the same second-level message.
		 */
		displayParentId: uuid('display_parent_id').references((): AnyPgColumn => threadMessages.id, {
			onDelete: 'set null'
		}),
		/** 1 for a message to the thread, 2 and 3 for nested replies (never more). */
		level: integer('level').notNull().default(1),
		/** The level-1 message this one hangs under (itself for a level-1 message). */
		rootId: uuid('root_id'),
		/** The editor's JSON, cleaned on the way in; null once deleted. */
		body: jsonb('body').$type<RichDoc>(),
		/** The words of the body, for previews, e-mails and search. */
		bodyText: text('body_text').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		editedAt: timestamp('edited_at', { withTimezone: true }),
		deletedAt: timestamp('deleted_at', { withTimezone: true })
	},
	(t) => [
		index('thread_messages_thread_created_idx').on(t.threadId, t.createdAt),
		index('thread_messages_root_idx').on(t.rootId),
		// Search reads its matches period by period, the most recent first.
		index('thread_messages_created_idx').on(t.createdAt)
	]
);

/** Every earlier wording of an edited or deleted message, for leads and the coordination. */
export const threadMessageRevisions = pgTable(
	'thread_message_revisions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		messageId: uuid('message_id')
			.notNull()
			.references(() => threadMessages.id, { onDelete: 'cascade' }),
		body: jsonb('body').$type<RichDoc>().notNull(),
		/** Who replaced this wording, and when. */
		replacedBy: uuid('replaced_by').references(() => users.id, { onDelete: 'set null' }),
		replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
		/** When this wording was first shown. */
		writtenAt: timestamp('written_at', { withTimezone: true }).notNull()
	},
	(t) => [index('thread_message_revisions_message_idx').on(t.messageId)]
);

/** How far each person has read each thread. */
export const threadReads = pgTable(
	'thread_reads',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		threadId: uuid('thread_id')
			.notNull()
			.references(() => threads.id, { onDelete: 'cascade' }),
		readAt: timestamp('read_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.threadId] })]
);

/** Who follows or muted a thread; also when they were last e-mailed about it. */
export const threadSubscriptions = pgTable(
	'thread_subscriptions',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		threadId: uuid('thread_id')
			.notNull()
			.references(() => threads.id, { onDelete: 'cascade' }),
		state: subscriptionState('state').notNull(),
		lastEmailedAt: timestamp('last_emailed_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.threadId] }),
		index('thread_subscriptions_thread_idx').on(t.threadId)
	]
);

export type Thread = typeof threads.$inferSelect;
export type ThreadMessage = typeof threadMessages.$inferSelect;
export type ThreadSubject = (typeof threadSubjects)[number];

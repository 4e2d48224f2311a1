import { index, pgEnum, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { decisions, polls } from './decisions';
import { threadMessages, threads } from './threads';
import { users } from './users';

/**
 * What a notification is about: a mention or a reply in a thread; a proposal or poll opened in
 * one's group, its last day to answer, or a decision taken.
 */
export const notificationKinds = ['mention', 'reply', 'poll', 'poll_reminder', 'decision'] as const;
export const notificationKind = pgEnum('notification_kind', notificationKinds);

/** What the notification list in the header shows. */
export const notifications = pgTable(
	'notifications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: notificationKind('kind').notNull(),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		threadId: uuid('thread_id').references(() => threads.id, { onDelete: 'cascade' }),
		messageId: uuid('message_id').references(() => threadMessages.id, { onDelete: 'cascade' }),
		pollId: uuid('poll_id').references(() => polls.id, { onDelete: 'cascade' }),
		decisionId: uuid('decision_id').references(() => decisions.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp('read_at', { withTimezone: true })
	},
	(t) => [
		index('notifications_user_created_idx').on(t.userId, t.createdAt),
		// Deleting a poll or decision finds its notifications by these.
		index('notifications_poll_idx').on(t.pollId),
		index('notifications_decision_idx').on(t.decisionId)
	]
);

export type Notification = typeof notifications.$inferSelect;

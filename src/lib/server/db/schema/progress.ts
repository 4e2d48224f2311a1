import {
	index,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { groups } from './groups';
import { users } from './users';

/** A group's weather in a check-in. */
export const weathers = ['on_track', 'at_risk', 'off_track'] as const;
export const weather = pgEnum('check_in_weather', weathers);

/**
 * A group's periodic check-in, answered by one of its leads: the weather, what moved, what
 * blocks, what help is needed. One per group and period ('2026-11' for a month, '2026-Q4' for a
 * quarter); answering again the same period corrects it.
 */
export const checkIns = pgTable(
	'check_ins',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		period: text('period').notNull(),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		weather: weather('weather').notNull(),
		moved: text('moved').notNull().default(''),
		blocks: text('blocks').notNull().default(''),
		help: text('help').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('check_ins_group_period_idx').on(t.groupId, t.period),
		index('check_ins_period_idx').on(t.period)
	]
);

/** The kinds of events a person can choose how to hear about. */
export const notificationTopics = [
	'mention',
	'assignment',
	'due',
	'minutes',
	'reply',
	'check_in',
	'invitations',
	'decisions'
] as const;
export const notificationTopic = pgEnum('notification_topic', notificationTopics);

/** How: at once by e-mail, in the daily or the weekly digest, or not at all. */
export const deliveries = ['immediate', 'daily', 'weekly', 'off'] as const;
export const delivery = pgEnum('notification_delivery', deliveries);

/** A person's choice for one kind of event; without a row, the default of that kind applies. */
export const notificationPreferences = pgTable(
	'notification_preferences',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		topic: notificationTopic('topic').notNull(),
		delivery: delivery('delivery').notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.topic] })]
);

export type CheckIn = typeof checkIns.$inferSelect;
export type Weather = (typeof weathers)[number];
export type NotificationTopic = (typeof notificationTopics)[number];
export type Delivery = (typeof deliveries)[number];

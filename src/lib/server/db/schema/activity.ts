import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { groups } from './groups';
import { users } from './users';

/**
 * What happened, to what, by whom: every change to a group, a membership or an objective (and,
 * in later features, to actions, documents and threads) is written here with its before and
 * after, so pages can tell it in plain words and nothing is lost.
 */
export const activity = pgTable(
	'activity',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** The kind of thing changed: 'group', 'membership', 'objective', 'join_request', … */
		subjectType: text('subject_type').notNull(),
		subjectId: uuid('subject_id'),
		/** What was done: 'created', 'updated', 'status_changed', 'joined', 'left', … */
		verb: text('verb').notNull(),
		/** A short label of the subject at the time (an objective's title, a person's name). */
		label: text('label').notNull().default(''),
		before: jsonb('before'),
		after: jsonb('after'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('activity_group_created_idx').on(t.groupId, t.createdAt),
		index('activity_subject_idx').on(t.subjectType, t.subjectId)
	]
);

export type ActivityEntry = typeof activity.$inferSelect;
export type NewActivityEntry = typeof activity.$inferInsert;

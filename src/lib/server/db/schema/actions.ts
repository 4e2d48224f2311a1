import { sql } from 'drizzle-orm';
import {
	date,
	index,
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
import { decisions } from './decisions';
import { documents } from './documents';
import { groups } from './groups';
import { meetings } from './meetings';
import { organisations } from './organisations';
import { users } from './users';

export const actionStatuses = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export const actionStatus = pgEnum('action_status', actionStatuses);

/** An action item: something someone does for a group, by a date. */
export const actions = pgTable(
	'actions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
		/** The owner's organisation when the action was given, kept if they move or leave. */
		ownerOrganisationId: uuid('owner_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		dueDate: date('due_date', { mode: 'string' }),
		status: actionStatus('status').notNull().default('open'),
		meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
		/** The stable id of the task item it was written as, in `documentId`. */
		taskId: text('task_id'),
		/** Set when its task item was removed from the notes: the action lives on. */
		detachedAt: timestamp('detached_at', { withTimezone: true }),
		/** The decision it carries out, when created from one. */
		decisionId: uuid('decision_id').references((): AnyPgColumn => decisions.id, {
			onDelete: 'set null'
		}),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		closedAt: timestamp('closed_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('actions_task_idx')
			.on(t.documentId, t.taskId)
			.where(sql`${t.taskId} is not null`),
		index('actions_group_idx').on(t.groupId, t.status),
		index('actions_owner_idx').on(t.ownerId, t.status),
		index('actions_due_idx').on(t.dueDate),
		index('actions_group_closed_idx').on(t.groupId, t.closedAt),
		// The monthly report (actions closed in a month, every group) and the company pages.
		index('actions_closed_idx').on(t.closedAt),
		index('actions_owner_organisation_idx').on(t.ownerOrganisationId, t.status),
		// The dashboard: each group's open and overdue actions, and when it last touched one.
		index('actions_open_idx')
			.on(t.groupId, t.dueDate)
			.where(sql`${t.status} in ('open', 'in_progress', 'blocked')`),
		// The board's default view (actions still to do, by due date) counted and paged from the
		// index alone, without reading each open action's row.
		index('actions_open_board_idx')
			.on(t.dueDate, t.createdAt, t.id, t.status)
			.where(sql`${t.status} in ('open', 'in_progress', 'blocked')`),
		index('actions_group_updated_idx').on(t.groupId, t.updatedAt),
		index('actions_decision_idx').on(t.decisionId),
		// Search reads its matches period by period, the most recent first.
		index('actions_updated_idx').on(t.updatedAt)
	]
);

/** Every change to an action (who, when, before, after), and its comments. */
export const actionEvents = pgTable(
	'action_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		actionId: uuid('action_id')
			.notNull()
			.references(() => actions.id, { onDelete: 'cascade' }),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** 'created', 'updated', 'comment', 'detached', 'reattached'. */
		kind: text('kind').notNull(),
		/** Field → [before, after]. */
		changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>(),
		body: text('body').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('action_events_action_idx').on(t.actionId, t.createdAt)]
);

export const calendarFeedScopes = ['personal', 'network'] as const;

/**
 * A person's private calendar feeds, one per scope: 'personal' (their meetings and due dates) and
 * 'network' (every meeting of the network, for those who may see the network calendar). Only the
 * SHA-256 of each secret token is looked up.
 */
export const calendarFeeds = pgTable(
	'calendar_feeds',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		scope: text('scope', { enum: calendarFeedScopes }).notNull().default('personal'),
		tokenHash: text('token_hash').notNull().unique(),
		/**
		 * The address's secret, so that its owner can read it again: it opens only what its owner
		 * may read anyway. Null for addresses made before it was kept.
		 */
		token: text('token'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.scope] })]
);

/** Reminders already sent, one row per person and day: running the job twice sends nothing twice. */
export const reminderLog = pgTable(
	'reminder_log',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		day: date('day', { mode: 'string' }).notNull(),
		kind: text('kind').notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.day, t.kind] })]
);

export type Action = typeof actions.$inferSelect;
export type ActionStatus = (typeof actionStatuses)[number];
export type ActionEvent = typeof actionEvents.$inferSelect;
export type CalendarFeedScope = (typeof calendarFeedScopes)[number];

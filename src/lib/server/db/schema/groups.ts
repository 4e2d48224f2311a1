import {
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { RichDoc } from '../../../richtext/types';
import { users } from './users';

export const groupStatuses = ['active', 'paused', 'archived'] as const;
export const groupStatus = pgEnum('group_status', groupStatuses);

export const groupRoles = ['lead', 'member', 'observer'] as const;
export const groupRole = pgEnum('group_role', groupRoles);

export const joinPolicies = ['open', 'closed'] as const;
export const joinPolicy = pgEnum('join_policy', joinPolicies);

export const objectiveStatuses = ['not_started', 'in_progress', 'achieved', 'dropped'] as const;
export const objectiveStatus = pgEnum('objective_status', objectiveStatuses);

export const joinRequestStatuses = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export const joinRequestStatus = pgEnum('join_request_status', joinRequestStatuses);

export const groups = pgTable(
	'groups',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull().unique(),
		name: text('name').notNull(),
		/** The `key` of one of the network's themes (see themes.ts for its foreign key). */
		theme: text('theme').notNull(),
		description: text('description').notNull().default(''),
		/** Rich text (the editor's JSON), rendered to HTML on the server. */
		purpose: jsonb('purpose').$type<RichDoc>(),
		color: text('color').notNull().default('#2f6f8f'),
		status: groupStatus('status').notNull().default('active'),
		joinPolicy: joinPolicy('join_policy').notNull().default('closed'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('groups_theme_idx').on(t.theme)]
);

/** Slugs a group answered on before a rename, so old links keep working. */
export const groupSlugHistory = pgTable('group_slug_history', {
	slug: text('slug').primaryKey(),
	groupId: uuid('group_id')
		.notNull()
		.references(() => groups.id, { onDelete: 'cascade' })
});

export const groupMembers = pgTable(
	'group_members',
	{
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: groupRole('role').notNull(),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
		/** When this person last opened the group's page: what is newer is "new" for them. */
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.groupId, t.userId] }),
		index('group_members_user_idx').on(t.userId)
	]
);

/** What a group aims at, with a target date and where it stands. */
export const objectives = pgTable(
	'objectives',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		targetDate: date('target_date', { mode: 'string' }),
		status: objectiveStatus('status').notNull().default('not_started'),
		position: integer('position').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('objectives_group_idx').on(t.groupId, t.position)]
);

/** A request to join a closed group, which a lead accepts or declines. */
export const joinRequests = pgTable(
	'join_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		message: text('message').notNull().default(''),
		status: joinRequestStatus('status').notNull().default('pending'),
		decidedById: uuid('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// One pending request per person and group at a time.
		uniqueIndex('join_requests_pending_idx')
			.on(t.groupId, t.userId)
			.where(sql`${t.status} = 'pending'`)
	]
);

export type Group = typeof groups.$inferSelect;
export type NewGroup = typeof groups.$inferInsert;
export type GroupMember = typeof groupMembers.$inferSelect;
export type GroupRole = (typeof groupRoles)[number];
export type GroupStatus = (typeof groupStatuses)[number];
export type Objective = typeof objectives.$inferSelect;
export type ObjectiveStatus = (typeof objectiveStatuses)[number];
export type JoinRequest = typeof joinRequests.$inferSelect;

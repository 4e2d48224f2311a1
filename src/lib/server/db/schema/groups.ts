import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const groupStatuses = ['active', 'paused', 'archived'] as const;
export const groupStatus = pgEnum('group_status', groupStatuses);

export const groupRoles = ['lead', 'member', 'observer'] as const;
export const groupRole = pgEnum('group_role', groupRoles);

export const joinPolicies = ['open', 'closed'] as const;
export const joinPolicy = pgEnum('join_policy', joinPolicies);

export const groups = pgTable('groups', {
	id: uuid('id').primaryKey().defaultRandom(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	/** One of the known themes, or free text. */
	theme: text('theme').notNull(),
	description: text('description').notNull().default(''),
	purpose: text('purpose').notNull().default(''),
	color: text('color').notNull().default('#2f6f8f'),
	status: groupStatus('status').notNull().default('active'),
	joinPolicy: joinPolicy('join_policy').notNull().default('closed'),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

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
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.groupId, t.userId] }),
		index('group_members_user_idx').on(t.userId)
	]
);

export type Group = typeof groups.$inferSelect;
export type NewGroup = typeof groups.$inferInsert;
export type GroupMember = typeof groupMembers.$inferSelect;
export type GroupRole = (typeof groupRoles)[number];
export type GroupStatus = (typeof groupStatuses)[number];

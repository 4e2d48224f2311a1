import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { invitations } from './auth';
import { groupRole, groups } from './groups';

/**
 * The groups a newcomer joins when they accept their invitation, with their role in each. The
 * group's name is kept as it was when inviting: a group deleted meanwhile leaves the row (its
 * `groupId` set to null) so that the newcomer can be told which group they could not join.
 */
export const invitationGroups = pgTable(
	'invitation_groups',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		invitationId: uuid('invitation_id')
			.notNull()
			.references(() => invitations.id, { onDelete: 'cascade' }),
		groupId: uuid('group_id').references(() => groups.id, { onDelete: 'set null' }),
		groupName: text('group_name').notNull(),
		role: groupRole('role').notNull()
	},
	(t) => [uniqueIndex('invitation_groups_invitation_group_idx').on(t.invitationId, t.groupId)]
);

export type InvitationGroup = typeof invitationGroups.$inferSelect;

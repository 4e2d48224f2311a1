import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './bytes';
import { users } from './users';

/**
 * A person's photo, already cropped to a square and resized (WebP, no metadata): one row per
 * person, both sizes in it. `hash` names this very image in its address, so that browsers may
 * keep it for good and a new photo gets a new address.
 */
export const avatars = pgTable('avatars', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	hash: text('hash').notNull(),
	small: bytea('small').notNull(),
	large: bytea('large').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export type Avatar = typeof avatars.$inferSelect;

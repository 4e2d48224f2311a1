import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './bytes';

/**
 * The network's logo as served: already checked, resized and re-encoded on upload. `hash` (of
 * the bytes) names it in its address, so a new logo has a new address and the old one may be
 * cached for ever. Only the current logo is kept; the setting `network.logo` points at it.
 */
export const logos = pgTable('logos', {
	hash: text('hash').primaryKey(),
	contentType: text('content_type').notNull(),
	data: bytea('data').notNull(),
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export type Logo = typeof logos.$inferSelect;

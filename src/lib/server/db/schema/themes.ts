import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The themes a working group is filed under, a list the admin edits. `key` never changes once
 * given (groups and dashboard links name a theme by it); the labels do. A theme some group still
 * uses is archived, never deleted: `groups.theme` references `themes.key` with ON DELETE
 * RESTRICT (the constraint is written by hand at the end of its migration, after the existing
 * themes were copied in).
 */
export const themes = pgTable(
	'themes',
	{
		key: text('key').primaryKey(),
		labelFr: text('label_fr').notNull(),
		labelEn: text('label_en').notNull(),
		position: integer('position').notNull(),
		/** Archived themes are not offered for new groups; groups filed under one keep it. */
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('themes_position_idx').on(t.position)]
);

export type Theme = typeof themes.$inferSelect;

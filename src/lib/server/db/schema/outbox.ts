import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A file sent with a message, kept whole: calendar invitations (.ics) are small text. */
export interface MailAttachment {
	filename: string;
	contentType: string;
	content: string;
	/** `base64` for binary content (an image); text otherwise. */
	encoding?: 'base64';
}

/**
 * Every e-mail the app sends is written here first. With SMTP_URL set it is then delivered and
 * `sentAt` is filled; without it, admins read the messages in the app.
 */
export const outbox = pgTable(
	'outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		kind: text('kind').notNull(),
		attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([]),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		error: text('error')
	},
	(t) => [index('outbox_created_idx').on(t.createdAt)]
);

export type OutboxMessage = typeof outbox.$inferSelect;

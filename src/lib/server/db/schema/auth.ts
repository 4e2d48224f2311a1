import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { networkRole, users } from './users';

/** Sessions the Lucia way: the id is the SHA-256 of the cookie token, never the token. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const invitations = pgTable(
	'invitations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** SHA-256 of the token sent by e-mail. */
		tokenHash: text('token_hash').notNull().unique(),
		email: text('email').notNull(),
		/** The name the inviter gave (a list of people brings one), offered on the account form. */
		name: text('name'),
		role: networkRole('role').notNull(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		invitedById: uuid('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('invitations_email_idx').on(t.email)]
);

export const passwordResets = pgTable('password_resets', {
	tokenHash: text('token_hash').primaryKey(),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	usedAt: timestamp('used_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * Attempts counted for rate limits (see auth/rate-limit.ts): one row per purpose ("login",
 * "reset_request"…), key ("email:<address>", "ip:<address>", "user:<id>") and fixed window,
 * whose `n` one upsert increments, so that simultaneous attempts each see a different count.
 */
export const attempts = pgTable(
	'attempts',
	{
		purpose: text('purpose').notNull(),
		key: text('key').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		n: integer('n').notNull(),
		/** Once the row no longer counts, even as the previous window; then it is deleted. */
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.purpose, t.key, t.windowStart] }),
		index('attempts_expires_at_idx').on(t.expiresAt)
	]
);

export type Session = typeof sessions.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;

import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from './organisations';

export const networkRoles = ['admin', 'coordinator', 'director', 'member', 'partner'] as const;
export const networkRole = pgEnum('network_role', networkRoles);

export const locales = ['fr', 'en'] as const;
export const localeEnum = pgEnum('locale', locales);

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Always stored lower-cased and trimmed, so the unique index is case-insensitive. */
		email: text('email').notNull().unique(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: networkRole('role').notNull(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** Null means "follow the browser". */
		locale: localeEnum('locale'),
		/** What the person does, in their own words ("Responsable RH"). */
		jobTitle: text('job_title'),
		/** As the person typed it; links are made from it by `telHref` ($lib/phone). */
		phone: text('phone'),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('users_organisation_idx').on(t.organisationId),
		// Search finds names typed with a typo ("Dupond" for "Dupont") by trigram similarity.
		index('users_name_trgm_idx').using('gin', sql`public.f_unaccent(lower(${t.name})) gin_trgm_ops`)
	]
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type NetworkRole = (typeof networkRoles)[number];
export type Locale = (typeof locales)[number];

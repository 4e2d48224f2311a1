import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisationKinds = [
	'company',
	'local_authority',
	'training_centre',
	'association',
	'other'
] as const;
export const organisationKind = pgEnum('organisation_kind', organisationKinds);

/** A member company or a partner body of the network. */
export const organisations = pgTable(
	'organisations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull().unique(),
		kind: organisationKind('kind').notNull(),
		town: text('town').notNull().default(''),
		sector: text('sector').notNull().default(''),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	// Search finds names typed with a typo by trigram similarity.
	(t) => [
		index('organisations_name_trgm_idx').using(
			'gin',
			sql`public.f_unaccent(lower(${t.name})) gin_trgm_ops`
		)
	]
);

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
export type OrganisationKind = (typeof organisationKinds)[number];

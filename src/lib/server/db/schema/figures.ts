import { integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { groups } from './groups';
import { organisations } from './organisations';

/*
 * The dashboard's figures per group and month (Paris time, 'YYYY-MM'), kept up to date by
 * triggers on actions, meetings, meeting_attendees and users (drizzle/0006_figures_triggers.sql),
 * so that the dashboard reads a few thousand rows instead of every action and attendance of the
 * network. The SQL function maillage_rebuild_figures() recomputes them from scratch.
 */

/** One group's month: actions opened and done, meetings held, and their attendance. */
export const groupMonths = pgTable(
	'group_months',
	{
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		/** 'YYYY-MM'; '' for actions done without a closing date. */
		month: text('month').notNull(),
		/** Actions created in the month. */
		opened: integer('opened').notNull().default(0),
		/** Actions done (status 'done') closed in the month. */
		done: integer('done').notNull().default(0),
		/** Meetings held or published that started in the month. */
		held: integer('held').notNull().default(0),
		/** Attendance recorded at those meetings, and how much of it was 'present'. */
		present: integer('present').notNull().default(0),
		recorded: integer('recorded').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.groupId, t.month] })]
);

/** One organisation's part in a group's month: actions its people were given, meetings attended. */
export const organisationMonths = pgTable(
	'organisation_months',
	{
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		month: text('month').notNull(),
		/** Actions created in the month whose owner worked for the organisation. */
		owned: integer('owned').notNull().default(0),
		/** Its people's 'present' at the group's meetings held in the month. */
		present: integer('present').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.groupId, t.organisationId, t.month] })]
);

import {
	index,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { documents, documentVersions } from './documents';
import { groups } from './groups';
import { organisations } from './organisations';
import { users } from './users';

export const meetingStatuses = ['planned', 'held', 'published', 'cancelled'] as const;
export const meetingStatus = pgEnum('meeting_status', meetingStatuses);

export const placeKinds = ['organisation', 'address', 'online'] as const;
export const placeKind = pgEnum('place_kind', placeKinds);

export const responses = ['pending', 'attending', 'not_attending', 'maybe'] as const;
export const response = pgEnum('meeting_response', responses);

export const attendances = ['present', 'excused', 'absent'] as const;
export const attendance = pgEnum('meeting_attendance', attendances);

/** One item of a meeting's agenda, in order. */
export interface AgendaItem {
	title: string;
	ownerId: string | null;
	minutes: number | null;
}

export const meetings = pgTable(
	'meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		placeKind: placeKind('place_kind').notNull().default('address'),
		/** The member company hosting the meeting, when it is one. */
		placeOrganisationId: uuid('place_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		placeText: text('place_text').notNull().default(''),
		onlineUrl: text('online_url').notNull().default(''),
		agenda: jsonb('agenda').$type<AgendaItem[]>().notNull().default([]),
		status: meetingStatus('status').notNull().default('planned'),
		notesDocumentId: uuid('notes_document_id').references(() => documents.id, {
			onDelete: 'set null'
		}),
		/** The version of the notes frozen as the minutes when they were published. */
		minutesVersionId: uuid('minutes_version_id').references(() => documentVersions.id, {
			onDelete: 'set null'
		}),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [
		index('meetings_group_start_idx').on(t.groupId, t.startsAt),
		// The monthly report reads the meetings of a month across every group.
		index('meetings_start_idx').on(t.startsAt)
	]
);

/** Who is invited to a meeting, what they answered, and whether they came. */
export const meetingAttendees = pgTable(
	'meeting_attendees',
	{
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		response: response('response').notNull().default('pending'),
		attendance: attendance('attendance'),
		respondedAt: timestamp('responded_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.meetingId, t.userId] }),
		index('meeting_attendees_user_idx').on(t.userId)
	]
);

export type Meeting = typeof meetings.$inferSelect;
export type MeetingStatus = (typeof meetingStatuses)[number];
export type MeetingResponse = (typeof responses)[number];
export type MeetingAttendance = (typeof attendances)[number];

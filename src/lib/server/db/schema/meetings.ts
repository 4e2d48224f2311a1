import {
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { repeatRules } from '../../../recurrence';
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

/**
 * Meetings that repeat ("every month, second Tuesday"): each date is a meeting of its own, which
 * names its series and its place in it. The rule is read from the series' first meeting, its
 * `anchor`: its date and its start as the clock in Paris reads it.
 */
export const meetingSeries = pgTable('meeting_series', {
	id: uuid('id').primaryKey().defaultRandom(),
	groupId: uuid('group_id')
		.notNull()
		.references(() => groups.id, { onDelete: 'cascade' }),
	rule: text('rule', { enum: repeatRules }).notNull(),
	/** The wall-clock start of the series' meeting number 0 in Paris: "2026-03-10T14:00". */
	anchor: text('anchor').notNull(),
	createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

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
		/**
		 * The iCalendar SEQUENCE of the invitations: raised when the date, time or place changes and
		 * when the meeting is cancelled or restored, so calendar apps take the newer message.
		 */
		sequence: integer('sequence').notNull().default(0),
		notesDocumentId: uuid('notes_document_id').references(() => documents.id, {
			onDelete: 'set null'
		}),
		/** The version of the notes frozen as the minutes when they were published. */
		minutesVersionId: uuid('minutes_version_id').references(() => documentVersions.id, {
			onDelete: 'set null'
		}),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		/** The series the meeting belongs to, if it repeats, and its number there (0 is the first). */
		seriesId: uuid('series_id').references(() => meetingSeries.id, { onDelete: 'set null' }),
		seriesIndex: integer('series_index'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [
		index('meetings_group_start_idx').on(t.groupId, t.startsAt),
		// The monthly report reads the meetings of a month across every group.
		index('meetings_start_idx').on(t.startsAt),
		index('meetings_series_idx').on(t.seriesId, t.seriesIndex)
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

/**
 * The answer links mailed to invitees: only the SHA-256 of each token, with its purpose, the
 * meeting and the person it answers for. A link works until the meeting ends, and only while the
 * person is still invited.
 */
export const meetingTokens = pgTable(
	'meeting_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		purpose: text('purpose').notNull(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('meeting_tokens_meeting_user_idx').on(t.meetingId, t.userId)]
);

export const invitationMethods = ['REQUEST', 'CANCEL'] as const;

/**
 * The last calendar message each person was mailed about a meeting: its method and SEQUENCE. A
 * message is claimed by changing this row in the transaction that queues it, so each is sent once
 * however many requests or jobs reconcile the meeting at the same time.
 */
export const meetingInvitationMails = pgTable(
	'meeting_invitation_mails',
	{
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		method: text('method', { enum: invitationMethods }).notNull(),
		sequence: integer('sequence').notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.meetingId, t.userId] })]
);

export type Meeting = typeof meetings.$inferSelect;
export type MeetingSeries = typeof meetingSeries.$inferSelect;
export type MeetingStatus = (typeof meetingStatuses)[number];
export type MeetingResponse = (typeof responses)[number];
export type MeetingAttendance = (typeof attendances)[number];

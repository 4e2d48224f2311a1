import { sql } from 'drizzle-orm';
import {
	boolean,
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import type { RichDoc } from '$lib/richtext/types';
import { groups } from './groups';
import { meetings } from './meetings';
import { threads } from './threads';
import { users } from './users';

/**
 * What a poll asks. One table holds them all, as their answers differ only in what an answer
 * carries: a proposal's stance, a quick poll's chosen options, a ranking's ranks, a date poll's
 * yes / if need be / no for each slot.
 */
export const pollKinds = ['proposal', 'choice', 'ranking', 'dates'] as const;
export const pollKind = pgEnum('poll_kind', pollKinds);

/** A proposal's answers. A block is a strong no: the author weighs it when writing the outcome. */
export const stances = ['agree', 'abstain', 'disagree', 'block'] as const;
export const stance = pgEnum('poll_stance', stances);

export const polls = pgTable(
	'polls',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		kind: pollKind('kind').notNull(),
		title: text('title').notNull(),
		/** The proposal's text or the poll's question, from the small editor. */
		body: jsonb('body').$type<RichDoc>(),
		bodyText: text('body_text').notNull().default(''),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		/**
		 * Set when it opens and never changed: answers are then stored without who gave them
		 * (`poll_voters` says who took part, `poll_answers` what was answered).
		 */
		anonymous: boolean('anonymous').notNull().default(false),
		/** A quick poll: whether several options may be chosen. */
		multiple: boolean('multiple').notNull().default(false),
		/** Where it was opened from, if anywhere. */
		threadId: uuid('thread_id').references(() => threads.id, { onDelete: 'set null' }),
		meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
		/** When it was closed early, or when its closing was recorded; null while it runs. */
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** When those who had not answered were reminded it closes soon. */
		remindedAt: timestamp('reminded_at', { withTimezone: true }),
		/**
		 * A date poll: the slot its organiser picked. Set once, in the statement that claims it, so
		 * that two clicks on "schedule" make one meeting; `meetingId` then names that meeting.
		 */
		chosenOptionId: uuid('chosen_option_id').references((): AnyPgColumn => pollOptions.id, {
			onDelete: 'set null'
		})
	},
	(t) => [
		index('polls_group_idx').on(t.groupId, t.createdAt),
		index('polls_meeting_idx').on(t.meetingId),
		index('polls_open_idx')
			.on(t.closesAt)
			.where(sql`${t.closedAt} is null`)
	]
);

/** A quick poll's options, a ranking's items, a date poll's slots. */
export const pollOptions = pgTable(
	'poll_options',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		pollId: uuid('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		label: text('label').notNull().default(''),
		/** A date poll's slot: when, and where. */
		startsAt: timestamp('starts_at', { withTimezone: true }),
		endsAt: timestamp('ends_at', { withTimezone: true }),
		place: text('place')
	},
	(t) => [uniqueIndex('poll_options_poll_position_idx').on(t.pollId, t.position)]
);

/**
 * The one-click answer links of a date poll's invitation e-mails: one random token per invitee,
 * stored hashed as the meeting answer links' are. A token altered by one character matches
 * nothing; a link keeps working only while the poll is open and its person may answer it.
 */
export const pollTokens = pgTable(
	'poll_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		pollId: uuid('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('poll_tokens_poll_user_idx').on(t.pollId, t.userId)]
);

/**
 * Every answer given to a poll that is not anonymous, its changes kept: a new answer of the same
 * person is a new row, and the one before it stops being `current`. The database keeps one
 * current answer per person and poll. An anonymous proposal keeps here only the reasons given,
 * without who gave them or when (`userId` null, the poll's own creation time).
 */
export const pollAnswers = pgTable(
	'poll_answers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		pollId: uuid('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		/** A proposal's answer; null for the other kinds, whose answer is in `poll_choices`. */
		stance: stance('stance'),
		reason: text('reason').notNull().default(''),
		current: boolean('current').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('poll_answers_current_idx')
			.on(t.pollId, t.userId)
			.where(sql`${t.current} and ${t.userId} is not null`),
		index('poll_answers_poll_idx').on(t.pollId, t.current)
	]
);

/**
 * What an answer says of each option: 1 for a chosen option, the rank (1 first) in a ranking,
 * 2 (yes), 1 (if need be) or 0 (no) for a date poll's slot.
 */
export const pollChoices = pgTable(
	'poll_choices',
	{
		answerId: uuid('answer_id')
			.notNull()
			.references(() => pollAnswers.id, { onDelete: 'cascade' }),
		optionId: uuid('option_id')
			.notNull()
			.references(() => pollOptions.id, { onDelete: 'cascade' }),
		value: integer('value').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.answerId, t.optionId] }),
		index('poll_choices_option_idx').on(t.optionId)
	]
);

/**
 * An anonymous poll's results, counted as answers come: how many chose each stance, option, rank
 * or slot answer (`key`: a stance, `<option id>`, `<option id>:<rank>` or `<option id>:<0|1|2>`).
 * Nothing ties a count to a person, so an anonymous answer cannot be changed.
 */
export const pollTallies = pgTable(
	'poll_tallies',
	{
		pollId: uuid('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		count: integer('count').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.pollId, t.key] })]
);

/**
 * Who has taken part in each poll, and when: one row per person, whatever the poll. For an
 * anonymous poll this is what prevents answering twice.
 */
export const pollVoters = pgTable(
	'poll_voters',
	{
		pollId: uuid('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.pollId, t.userId] })]
);

/** How a decision stands to the one it refers to. */
export const decisionChanges = ['revises', 'revokes'] as const;
export const decisionChange = pgEnum('decision_change', decisionChanges);

/**
 * What a group decided: the outcome of a closed proposal, or recorded by a lead ("decided in
 * the meeting of 12 March"). A later decision may revise or revoke it; the earlier one stays in
 * the register, marked by the later.
 */
export const decisions = pgTable(
	'decisions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** The outcome as written: what was decided, and why. */
		body: jsonb('body').$type<RichDoc>(),
		bodyText: text('body_text').notNull().default(''),
		/** The day it was decided (Paris time). */
		decidedOn: date('decided_on', { mode: 'string' }).notNull(),
		/** The proposal it closed, if it came from one (one decision per proposal). */
		pollId: uuid('poll_id').references(() => polls.id, { onDelete: 'set null' }),
		/** The meeting it was decided in, if any: its minutes list it. */
		meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		/** The earlier decision this one revises or revokes. */
		refersToId: uuid('refers_to_id').references((): AnyPgColumn => decisions.id, {
			onDelete: 'set null'
		}),
		change: decisionChange('change'),
		recordedById: uuid('recorded_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('decisions_group_idx').on(t.groupId, t.decidedOn),
		index('decisions_decided_idx').on(t.decidedOn),
		uniqueIndex('decisions_poll_idx').on(t.pollId),
		index('decisions_meeting_idx').on(t.meetingId),
		// One later decision per earlier one: a revised decision is revised again through the
		// decision that revised it, so the chain stays a line.
		uniqueIndex('decisions_refers_to_idx').on(t.refersToId)
	]
);

export type Poll = typeof polls.$inferSelect;
export type PollKind = (typeof pollKinds)[number];
export type Stance = (typeof stances)[number];
export type Decision = typeof decisions.$inferSelect;
export type DecisionChange = (typeof decisionChanges)[number];

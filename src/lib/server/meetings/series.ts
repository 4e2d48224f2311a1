import { and, asc, eq, gt } from 'drizzle-orm';
import type { Locale, MessageKey } from '$lib/i18n';
import {
	addMonths,
	MAX_OCCURRENCES,
	MAX_SPAN_MONTHS,
	normaliseRule,
	occurrenceDate,
	ruleFits,
	seriesDates,
	wallMinutes,
	type RepeatRule,
	type SeriesEnd
} from '$lib/recurrence';
import { db } from '$lib/server/db';
import { meetings, meetingSeries, type Meeting } from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { dateToParisLocal, parisLocalToDate } from '../dates';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import * as invitations from './invitations';
import * as meetingService from '.';
import { can, type Actor } from '../policy';

/** How a meeting repeats, as the schedule form asks it. */
export interface Repeat {
	rule: RepeatRule;
	end: SeriesEnd;
}

/** The field a refusal of the repetition belongs to on the form. */
type RepeatField = 'repeat' | 'repeatCount' | 'repeatUntil';

export type Plan =
	| {
			ok: true;
			rule: RepeatRule;
			/** The first meeting's start on the wall clock in Paris. */
			anchor: string;
			occurrences: { startsAt: Date; endsAt: Date }[];
	  }
	| { ok: false; field: RepeatField; message: MessageKey };

/** A wall-clock time in Paris as an instant; its input was checked, so it is one. */
const instant = (local: string) => parisLocalToDate(local)!;
const after = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000);

/**
 * The dates and times of the meetings of a series whose first one is `first`. Each starts at the
 * first one's time on the clock in Paris (14:00 stays 14:00 across a change of summer time) and
 * lasts as long as it did on the clock; a start that the clock skips (02:30 on the night summer
 * time begins) is an hour later, as the clock reads it once it has jumped. Refused: a rule the first date does not fit,
 * an end before the start or more than MAX_SPAN_MONTHS after it, a count out of 2–52, more than
 * MAX_OCCURRENCES meetings, and an end that leaves a single one.
 */
export function plan(first: { startsAt: Date; endsAt: Date }, repeat: Repeat): Plan {
	const start = dateToParisLocal(first.startsAt);
	const duration = wallMinutes(start, dateToParisLocal(first.endsAt));
	const day = start.slice(0, 10);
	const rule = normaliseRule(repeat.rule, day);
	const field: RepeatField = 'count' in repeat.end ? 'repeatCount' : 'repeatUntil';
	const refuse = (message: MessageKey, at: RepeatField = field): Plan => ({
		ok: false,
		field: at,
		message
	});
	if (!ruleFits(rule, day)) return refuse('repeat.not_last', 'repeat');
	if ('count' in repeat.end) {
		const { count } = repeat.end;
		if (!Number.isInteger(count) || count < 2 || count > MAX_OCCURRENCES)
			return refuse('repeat.count_invalid');
	} else {
		if (repeat.end.until < day) return refuse('repeat.until_before_start');
		if (repeat.end.until > addMonths(day, MAX_SPAN_MONTHS)) return refuse('repeat.until_too_far');
	}
	const dates = seriesDates(rule, day, repeat.end);
	if (dates.length > MAX_OCCURRENCES) return refuse('repeat.too_many');
	if (dates.length < 2) return refuse('repeat.too_few');
	const time = start.slice(11);
	return {
		ok: true,
		rule,
		anchor: start,
		occurrences: dates.map((date) => {
			const startsAt = instant(`${date}T${time}`);
			return { startsAt, endsAt: after(startsAt, duration) };
		})
	};
}

/**
 * Schedules a series: one meeting per date, each with its own notes and invitees (the group's
 * members and anyone else named, as for one meeting), logged once. Invitations go as for any
 * meeting, the later ones as they come near (meeting-invitations). Returns the meetings, the
 * first one first.
 */
export async function create(
	actor: Actor,
	groupId: string,
	input: meetingService.MeetingInput,
	repeat: Repeat,
	extraInvitees: string[],
	locale: Locale,
	{ inviteSelf = true }: { inviteSelf?: boolean } = {}
): Promise<Meeting[]> {
	const { context } = await groupAccess(actor, groupId);
	if (!can(actor, 'meeting.manage', context)) throw forbidden();
	const planned = plan(input, repeat);
	if (!planned.ok) throw new ServiceError('invalid', planned.message, planned.field);
	await meetingService.checkAgendaOwners(input.agenda);
	const invitees = await meetingService.newInvitees(actor!, groupId, extraInvitees, inviteSelf);
	const [series] = await db
		.insert(meetingSeries)
		.values({ groupId, rule: planned.rule, anchor: planned.anchor, createdById: actor!.id })
		.returning();
	const created: Meeting[] = [];
	for (const [index, when] of planned.occurrences.entries()) {
		created.push(
			await meetingService.insert(actor!, groupId, { ...input, ...when }, invitees, locale, {
				series: { id: series.id, index },
				log: false
			})
		);
	}
	await activityLog.record(db, {
		groupId,
		actorId: actor!.id,
		subjectType: 'meeting',
		subjectId: created[0].id,
		verb: 'series_created',
		label: input.title,
		after: { count: created.length, rule: planned.rule }
	});
	for (const meeting of created) await invitations.sync(meeting.id);
	return created;
}

/**
 * The meetings of the series that come after this one and that a series edit may still change:
 * planned and not begun. Held, published, cancelled and past ones are the record, never changed.
 */
export async function following(meeting: Meeting, now = new Date()): Promise<Meeting[]> {
	if (!meeting.seriesId || meeting.seriesIndex === null) return [];
	return db
		.select()
		.from(meetings)
		.where(
			and(
				eq(meetings.seriesId, meeting.seriesId),
				gt(meetings.seriesIndex, meeting.seriesIndex),
				eq(meetings.status, 'planned'),
				gt(meetings.startsAt, now)
			)
		)
		.orderBy(asc(meetings.seriesIndex));
}

/** What a meeting page says of its series: its rule, its place in it, its neighbours. */
export async function summary(meeting: Meeting) {
	if (!meeting.seriesId) return null;
	const [[series], siblings, later] = await Promise.all([
		db.select().from(meetingSeries).where(eq(meetingSeries.id, meeting.seriesId)),
		db
			.select({ id: meetings.id })
			.from(meetings)
			.where(eq(meetings.seriesId, meeting.seriesId))
			.orderBy(asc(meetings.startsAt), asc(meetings.seriesIndex)),
		following(meeting)
	]);
	if (!series) return null;
	const position = siblings.findIndex((s) => s.id === meeting.id);
	return {
		rule: series.rule,
		anchor: series.anchor,
		position: position + 1,
		total: siblings.length,
		previous: siblings[position - 1]?.id ?? null,
		next: siblings[position + 1]?.id ?? null,
		following: later.length
	};
}

/**
 * Changes a meeting and the following ones of its series (see `following`): its title, place and
 * agenda become theirs. A new date or time moves them too: their dates are counted again from
 * this meeting's new start by the series' rule (its weekday, its place in the month), keeping
 * their order, with its new hours and duration; earlier meetings keep theirs, in a series of
 * their own. Each changed meeting's invitees are told as for one meeting.
 */
export async function updateFollowing(
	actor: Actor,
	meetingId: string,
	input: meetingService.MeetingInput,
	now = new Date()
) {
	const { canManage, meeting } = await meetingService.access(actor, meetingId);
	if (!canManage) throw forbidden();
	const later = await following(meeting, now);
	const timed =
		input.startsAt.getTime() !== meeting.startsAt.getTime() ||
		input.endsAt.getTime() !== meeting.endsAt.getTime();
	let moved: { rule: RepeatRule; anchor: string; duration: number } | null = null;
	if (timed && later.length > 0) {
		const [series] = await db
			.select()
			.from(meetingSeries)
			.where(eq(meetingSeries.id, meeting.seriesId!));
		if (!series) throw new ServiceError('conflict', 'meeting.status_stale');
		const anchor = dateToParisLocal(input.startsAt);
		const rule = normaliseRule(series.rule, anchor.slice(0, 10));
		if (!ruleFits(rule, anchor.slice(0, 10)))
			throw new ServiceError('invalid', 'series.not_last', 'startsAt');
		moved = { rule, anchor, duration: wallMinutes(anchor, dateToParisLocal(input.endsAt)) };
	}
	await meetingService.update(actor, meetingId, input);
	if (later.length === 0) return;

	let seriesId = meeting.seriesId!;
	const base = meeting.seriesIndex!;
	if (moved) {
		// From here on the series follows another date: the meetings before keep the old one.
		if (base === 0) {
			await db
				.update(meetingSeries)
				.set({ rule: moved.rule, anchor: moved.anchor })
				.where(eq(meetingSeries.id, seriesId));
		} else {
			const [split] = await db
				.insert(meetingSeries)
				.values({
					groupId: meeting.groupId,
					rule: moved.rule,
					anchor: moved.anchor,
					createdById: actor!.id
				})
				.returning();
			seriesId = split.id;
			await db.update(meetings).set({ seriesId, seriesIndex: 0 }).where(eq(meetings.id, meetingId));
		}
	}
	const { title, placeKind, placeOrganisationId, placeText, onlineUrl, agenda } = input;
	for (const next of later) {
		const index = next.seriesIndex! - base;
		let when = { startsAt: next.startsAt, endsAt: next.endsAt };
		if (moved) {
			const date = occurrenceDate(moved.rule, moved.anchor.slice(0, 10), index);
			const startsAt = instant(`${date}T${moved.anchor.slice(11)}`);
			when = { startsAt, endsAt: after(startsAt, moved.duration) };
		}
		const patch = { title, placeKind, placeOrganisationId, placeText, onlineUrl, agenda, ...when };
		const news = meetingService.movesInvitees(next, patch);
		// Only while it is still as read: a meeting held or cancelled meanwhile is left alone.
		const changed = await db
			.update(meetings)
			.set({
				...patch,
				...(moved && { seriesId, seriesIndex: base === 0 ? next.seriesIndex : index }),
				...(news && { sequence: next.sequence + 1 }),
				updatedAt: new Date()
			})
			.where(
				and(
					eq(meetings.id, next.id),
					eq(meetings.status, 'planned'),
					eq(meetings.sequence, next.sequence)
				)
			)
			.returning({ id: meetings.id });
		if (changed.length && news) await invitations.sync(next.id);
	}
}

/**
 * Cancels a meeting and the following ones of its series (see `following`); the invitees who had
 * their invitations are mailed the cancellation, as for one meeting. Returns how many were
 * cancelled besides this one.
 */
export async function cancelFollowing(actor: Actor, meetingId: string, now = new Date()) {
	const { canManage, meeting } = await meetingService.access(actor, meetingId);
	if (!canManage) throw forbidden();
	const later = await following(meeting, now);
	await meetingService.setStatus(actor, meetingId, 'cancelled');
	for (const next of later) await meetingService.setStatus(actor, next.id, 'cancelled');
	return later.length;
}

import { and, eq, exists, gt, inArray, isNotNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { dateTimeFormat, translate, type Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import {
	meetingAttendees,
	meetingInvitationMails,
	meetings,
	reminderLog,
	users,
	type Meeting,
	type MeetingResponse
} from '$lib/server/db/schema';
import { calendar, meetingEvent, placeOf, type PartStat } from './calendar';
import { addDays, todayInParis } from '../dates';
import * as mail from '../mail';
import { answerToken, type LinkAnswer } from './answers';
import { agendaLine, meetingForMail } from './agenda';
import { publicOrigin } from '../origin';
import * as preferences from '../preferences';

const PARTSTAT: Record<MeetingResponse, PartStat> = {
	pending: 'NEEDS-ACTION',
	attending: 'ACCEPTED',
	not_attending: 'DECLINED',
	maybe: 'TENTATIVE'
};

type Method = 'REQUEST' | 'CANCEL';

interface Recipient {
	id: string;
	email: string;
	name: string;
	locale: Locale | null;
	response: MeetingResponse | null;
}

type MailMeeting = NonNullable<Awaited<ReturnType<typeof meetingForMail>>>;

const when = (locale: Locale, date: Date) =>
	dateTimeFormat(locale, {
		dateStyle: 'full',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(date);
const time = (locale: Locale, date: Date) =>
	dateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date);

/** The .ics a calendar app reads: the meeting as this person's copy, for this method. */
function icsFor(m: MailMeeting, person: Recipient, method: Method, origin: string) {
	const event = meetingEvent(m.meeting, m.group, m.organisation, origin, m.owners);
	const content = calendar(
		event.summary,
		[
			{
				...event,
				status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
				sequence: m.meeting.sequence,
				organizer: m.organizer ?? { name: 'Maillage', email: 'no-reply@maillage.local' },
				// Only the recipient: nobody learns the others' addresses from the file.
				attendees: [
					{
						name: person.name,
						email: person.email,
						partstat: PARTSTAT[person.response ?? 'pending']
					}
				]
			}
		],
		method
	);
	return {
		filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
		contentType: `text/calendar; method=${method}; charset=UTF-8`,
		content
	};
}

/**
 * The e-mail of one calendar message to one person, in their language: an invitation, an update
 * or a reminder carry the agenda and three answer links; a cancellation says so. Answer links get
 * a new token, written in the caller's transaction.
 */
async function compose(
	tx: Transaction,
	m: MailMeeting,
	person: Recipient,
	kind: 'invitation' | 'update' | 'reminder' | 'cancel',
	origin: string
): Promise<mail.Mail> {
	const locale = person.locale ?? 'fr';
	const { meeting, group } = m;
	const place = placeOf(meeting, m.organisation) || translate(locale, 'mail.meeting.no_place');
	const params = {
		name: person.name,
		title: meeting.title,
		group: group.name,
		date: when(locale, meeting.startsAt),
		place
	};
	const subject = translate(locale, `mail.meeting.${kind}.subject`, params);
	const method: Method = kind === 'cancel' ? 'CANCEL' : 'REQUEST';
	const attachments = kind === 'reminder' ? [] : [icsFor(m, person, method, origin)];
	if (kind === 'cancel') {
		const text = translate(locale, 'mail.meeting.cancel.body', params);
		return { to: person.email, kind: 'meeting_cancel', subject, text, attachments };
	}
	const token = await answerToken(tx, meeting.id, person.id);
	const answer = (r: LinkAnswer) => `${origin}/reponse/${token}?r=${r}`;
	const agenda = meeting.agenda.length
		? meeting.agenda.map((item) => `• ${agendaLine(item, m.owners)}`).join('\n')
		: translate(locale, 'mail.meeting.no_agenda');
	const text = translate(locale, 'mail.meeting.body', {
		...params,
		intro: translate(locale, `mail.meeting.${kind}.intro`, params),
		when: `${params.date} – ${time(locale, meeting.endsAt)}`,
		agenda,
		yes: answer('yes'),
		no: answer('no'),
		maybe: answer('maybe'),
		link: `${origin}/groupes/${group.slug}/reunions/${meeting.id}`
	});
	return { to: person.email, kind: `meeting_${kind}`, subject, text, attachments };
}

/**
 * Claims the calendar message (method, sequence) for the person, in the caller's transaction:
 * true when it was not sent yet. The row only moves forward, so a reconciliation that read the
 * meeting before a change cannot send an older message after a newer one.
 */
async function claim(
	tx: Transaction,
	meetingId: string,
	userId: string,
	method: Method,
	sequence: number
) {
	const t = meetingInvitationMails;
	const claimed = await tx
		.insert(t)
		.values({ meetingId, userId, method, sequence })
		.onConflictDoUpdate({
			target: [t.meetingId, t.userId],
			set: { method, sequence, sentAt: new Date() },
			setWhere: and(lte(t.sequence, sequence), or(lt(t.sequence, sequence), ne(t.method, method)))
		})
		.returning({ userId: t.userId });
	return claimed.length > 0;
}

/**
 * How far ahead the meetings of a series are invited to. A weekly series would otherwise mail
 * each invitee fifty-two invitations on the day it is scheduled: its first meeting is invited at
 * once, the others once they are this close (by the hourly job), as a calendar that books a
 * recurring meeting shows each date well ahead without mailing them all.
 */
export const SERIES_INVITATIONS_AHEAD_DAYS = 30;
const seriesHorizon = (now: Date) =>
	new Date(now.getTime() + SERIES_INVITATIONS_AHEAD_DAYS * 86_400_000);

/** A later meeting of a series, too far ahead to be invited to yet. */
const notYetInvited = (meeting: Meeting, now: Date) =>
	meeting.seriesId !== null &&
	(meeting.seriesIndex ?? 0) > 0 &&
	meeting.startsAt > seriesHorizon(now);

/**
 * Brings what each person was mailed about a meeting in line with the meeting as it is: every
 * invitee of a coming meeting has its invitation (or, after a change of date, time or place, the
 * update) with the current SEQUENCE; a cancelled meeting, or a person no longer invited, gets a
 * cancellation if they had an invitation. Each message is sent once, whoever calls this and how
 * often. People who turned meeting invitations off are sent nothing. Returns how many were sent.
 */
export async function sync(meetingId: string, now = new Date()): Promise<number> {
	const m = await meetingForMail(meetingId);
	// A meeting that has ended, was held or has its minutes needs no more calendar messages.
	if (!m || m.meeting.endsAt <= now) return 0;
	const { meeting } = m;
	if (meeting.status !== 'planned' && meeting.status !== 'cancelled') return 0;
	const coming = meeting.status === 'planned' && meeting.startsAt > now;
	const [invitees, mailed] = await Promise.all([
		db
			.select({
				id: users.id,
				email: users.email,
				name: users.name,
				locale: users.locale,
				disabledAt: users.disabledAt,
				response: meetingAttendees.response
			})
			.from(meetingAttendees)
			.innerJoin(users, eq(users.id, meetingAttendees.userId))
			.where(eq(meetingAttendees.meetingId, meetingId)),
		db.select().from(meetingInvitationMails).where(eq(meetingInvitationMails.meetingId, meetingId))
	]);
	// Once anyone has its invitation, its changes go out as for any meeting.
	if (mailed.length === 0 && notYetInvited(meeting, now)) return 0;
	const last = new Map(mailed.map((row) => [row.userId, row]));
	const invited = new Set(invitees.map((p) => p.id));
	const removedIds = mailed
		.filter((row) => row.method === 'REQUEST' && !invited.has(row.userId))
		.map((row) => row.userId);
	const removed = removedIds.length
		? await db
				.select({
					id: users.id,
					email: users.email,
					name: users.name,
					locale: users.locale,
					disabledAt: users.disabledAt
				})
				.from(users)
				.where(inArray(users.id, removedIds))
		: [];
	const wanted: { person: Recipient; method: Method }[] = [];
	for (const person of invitees) {
		if (person.disabledAt) continue;
		if (coming) wanted.push({ person, method: 'REQUEST' });
		else if (meeting.status === 'cancelled' && last.get(person.id)?.method === 'REQUEST')
			wanted.push({ person, method: 'CANCEL' });
	}
	for (const person of removed) {
		if (!person.disabledAt)
			wanted.push({ person: { ...person, response: null }, method: 'CANCEL' });
	}
	const pending = wanted.filter(({ person, method }) => {
		const before = last.get(person.id);
		return !before || before.sequence !== meeting.sequence || before.method !== method;
	});
	if (pending.length === 0) return 0;
	const allowed = await preferences.immediateAmong(
		pending.map((w) => w.person.id),
		'invitations'
	);
	const origin = await publicOrigin();
	let sent = 0;
	for (const { person, method } of pending) {
		if (!allowed.has(person.id)) continue;
		const before = last.get(person.id);
		const kind =
			method === 'CANCEL' ? 'cancel' : before?.method === 'REQUEST' ? 'update' : 'invitation';
		// Claimed in the transaction that writes the message: never one without the other.
		const queued = await db.transaction(async (tx) => {
			if (!(await claim(tx, meetingId, person.id, method, meeting.sequence))) return null;
			return mail.queue(tx, await compose(tx, m, person, kind, origin));
		});
		if (!queued) continue;
		await mail.deliver(queued);
		sent++;
	}
	return sent;
}

/**
 * After a meeting's status changed: cancelling it, or restoring a cancelled one, is news for
 * calendar apps (a higher SEQUENCE), sent to its invitees.
 */
export async function statusChanged(meetingId: string, before: string, after: string) {
	if (after === 'cancelled' || (before === 'cancelled' && after === 'planned')) {
		await db
			.update(meetings)
			.set({ sequence: sql`${meetings.sequence} + 1` })
			.where(eq(meetings.id, meetingId));
	}
	await sync(meetingId);
}

/**
 * The hourly catch-up: coming meetings whose invitations went out are reconciled again, so people
 * invited by another way (joining the group) get theirs too; and the meetings of a series that
 * have come close enough get their first invitations.
 */
export async function syncComing(now = new Date()): Promise<number> {
	const rows = await db
		.select({ id: meetings.id })
		.from(meetings)
		.where(
			and(
				eq(meetings.status, 'planned'),
				gt(meetings.startsAt, now),
				or(
					exists(
						db
							.select({ one: sql`1` })
							.from(meetingInvitationMails)
							.where(eq(meetingInvitationMails.meetingId, meetings.id))
					),
					and(isNotNull(meetings.seriesId), lte(meetings.startsAt, seriesHorizon(now)))
				)
			)
		);
	let sent = 0;
	for (const { id } of rows) sent += await sync(id, now);
	return sent;
}

/**
 * The reminder of the day before: invitees of tomorrow's meetings (in Paris) who said they come
 * or have not answered are reminded once, with the answer links again. Claimed in the reminder
 * log under the meeting's day, so a meeting moved to another day is reminded again before it.
 */
export async function remindTomorrow(now = new Date()): Promise<number> {
	const tomorrow = addDays(todayInParis(now), 1);
	const soon = await db
		.select({ id: meetings.id, startsAt: meetings.startsAt })
		.from(meetings)
		.where(
			and(
				eq(meetings.status, 'planned'),
				gt(meetings.startsAt, now),
				lt(meetings.startsAt, new Date(now.getTime() + 50 * 3600 * 1000))
			)
		);
	const origin = await publicOrigin();
	let sent = 0;
	for (const { id, startsAt } of soon) {
		if (todayInParis(startsAt) !== tomorrow) continue;
		const m = await meetingForMail(id);
		if (!m) continue;
		const people = await db
			.select({
				id: users.id,
				email: users.email,
				name: users.name,
				locale: users.locale,
				response: meetingAttendees.response
			})
			.from(meetingAttendees)
			.innerJoin(users, eq(users.id, meetingAttendees.userId))
			.where(
				and(
					eq(meetingAttendees.meetingId, id),
					inArray(meetingAttendees.response, ['attending', 'pending']),
					sql`${users.disabledAt} is null`
				)
			);
		const allowed = await preferences.immediateAmong(
			people.map((p) => p.id),
			'invitations'
		);
		for (const person of people) {
			if (!allowed.has(person.id)) continue;
			const queued = await db.transaction(async (tx) => {
				const claimed = await tx
					.insert(reminderLog)
					.values({ userId: person.id, day: tomorrow, kind: `meeting:${id}` })
					.onConflictDoNothing()
					.returning({ userId: reminderLog.userId });
				if (!claimed.length) return null;
				return mail.queue(tx, await compose(tx, m, person, 'reminder', origin));
			});
			if (!queued) continue;
			await mail.deliver(queued);
			sent++;
		}
	}
	return sent;
}

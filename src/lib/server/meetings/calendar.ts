import { and, asc, eq, gte, inArray, isNotNull, or } from 'drizzle-orm';
import { formatDay, translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	actions,
	calendarFeeds,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	organisations,
	users,
	type CalendarFeedScope,
	type Meeting
} from '$lib/server/db/schema';
import type { SessionUser } from '../auth/session';
import { generateToken, hashToken } from '../auth/tokens';
import { addDays, dateToParisLocal } from '../dates';
import { agendaLine, agendaOwners } from './agenda';

/** RFC 5545 text: backslash, semicolon, comma and new lines escaped. */
function escapeText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r?\n/g, '\\n');
}

/** Lines of at most 75 octets, continued with a space, as RFC 5545 wants. */
function fold(line: string): string {
	const bytes = new TextEncoder().encode(line);
	if (bytes.length <= 75) return line;
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const length = new TextEncoder().encode(char).length;
		if (size + length > (parts.length ? 74 : 75)) {
			parts.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += length;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

const stamp = (date: Date) =>
	date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
const day = (iso: string) => iso.replace(/-/g, '');

/** An instant as a wall-clock time in Paris, the form a DTSTART with TZID=Europe/Paris takes. */
const parisStamp = (date: Date) =>
	`${dateToParisLocal(date).replace(/[-:]/g, '')}${String(date.getUTCSeconds()).padStart(2, '0')}`;

/**
 * Europe/Paris as calendar apps need it beside times given in it: central European time, and
 * summer time from the last Sunday of March to the last Sunday of October (the EU's rule since
 * 1996).
 */
const PARIS_TIMEZONE = [
	'BEGIN:VTIMEZONE',
	'TZID:Europe/Paris',
	'BEGIN:DAYLIGHT',
	'TZOFFSETFROM:+0100',
	'TZOFFSETTO:+0200',
	'TZNAME:CEST',
	'DTSTART:19700329T020000',
	'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
	'END:DAYLIGHT',
	'BEGIN:STANDARD',
	'TZOFFSETFROM:+0200',
	'TZOFFSETTO:+0100',
	'TZNAME:CET',
	'DTSTART:19701025T030000',
	'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
	'END:STANDARD',
	'END:VTIMEZONE'
];

export interface CalendarEvent {
	uid: string;
	summary: string;
	description?: string;
	location?: string;
	url?: string;
	start: Date | string;
	end: Date | string;
	status?: 'CONFIRMED' | 'CANCELLED';
	/** Raised on each change that calendar apps must take over the copy they hold. */
	sequence?: number;
	/** Who sends the invitation and the person it is for: an iTIP request needs both. */
	organizer?: CalendarPerson;
	attendees?: (CalendarPerson & { partstat?: PartStat })[];
}

export interface CalendarPerson {
	name: string;
	email: string;
}

export type PartStat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

/** A person as an ORGANIZER or ATTENDEE value: the name quoted, the address as a mailto. */
const person = (p: CalendarPerson) => `CN="${p.name.replace(/["\r\n]/g, '')}":mailto:${p.email}`;

/**
 * A VCALENDAR with the events; times in Paris time (`TZID=Europe/Paris`, its VTIMEZONE included),
 * or all-day dates (YYYY-MM-DD). A feed is published; an e-mailed invitation is a REQUEST (or its
 * CANCEL), as iTIP (RFC 5546) names them.
 */
export function calendar(
	name: string,
	events: CalendarEvent[],
	method: 'PUBLISH' | 'REQUEST' | 'CANCEL' = 'PUBLISH'
): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Maillage//Maillage//FR',
		'CALSCALE:GREGORIAN',
		`METHOD:${method}`,
		`X-WR-CALNAME:${escapeText(name)}`
	];
	if (events.some((event) => typeof event.start !== 'string')) lines.push(...PARIS_TIMEZONE);
	const now = stamp(new Date());
	for (const event of events) {
		lines.push('BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${now}`);
		if (typeof event.start === 'string') {
			lines.push(
				`DTSTART;VALUE=DATE:${day(event.start)}`,
				`DTEND;VALUE=DATE:${day(event.end as string)}`
			);
		} else {
			lines.push(
				`DTSTART;TZID=Europe/Paris:${parisStamp(event.start)}`,
				`DTEND;TZID=Europe/Paris:${parisStamp(event.end as Date)}`
			);
		}
		lines.push(`SUMMARY:${escapeText(event.summary)}`);
		if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
		if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
		if (event.url) lines.push(`URL:${event.url}`);
		if (event.status) lines.push(`STATUS:${event.status}`);
		if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
		if (event.organizer) lines.push(`ORGANIZER;${person(event.organizer)}`);
		for (const attendee of event.attendees ?? []) {
			lines.push(
				`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=${attendee.partstat ?? 'NEEDS-ACTION'};RSVP=TRUE;${person(attendee)}`
			);
		}
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}

/** Where a meeting takes place, in words: the host and its town, the address, or the link. */
export function placeOf(
	meeting: Meeting,
	organisation: { name: string; town: string } | null
): string {
	if (meeting.placeKind === 'online') return meeting.onlineUrl;
	if (meeting.placeKind === 'organisation' && organisation) {
		return [organisation.name, organisation.town, meeting.placeText].filter(Boolean).join(', ');
	}
	return meeting.placeText;
}

/** A meeting as a calendar event; its description is the agenda, with owners named in `owners`. */
export function meetingEvent(
	meeting: Meeting,
	group: { name: string; slug: string },
	organisation: { name: string; town: string } | null,
	origin: string,
	owners: Map<string, string> = new Map()
): CalendarEvent {
	return {
		uid: `meeting-${meeting.id}@maillage`,
		summary: `${group.name} — ${meeting.title}`,
		description: meeting.agenda.map((item) => `• ${agendaLine(item, owners)}`).join('\n'),
		location: placeOf(meeting, organisation),
		url: `${origin}/groupes/${group.slug}/reunions/${meeting.id}`,
		start: meeting.startsAt,
		end: meeting.endsAt,
		status: meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'
	};
}

/**
 * A new private feed address for the person, of the given scope; the previous one of that scope,
 * if any, stops working. Whether the person may have a feed of that scope is the caller's check.
 */
export async function createFeed(
	actor: SessionUser,
	scope: CalendarFeedScope = 'personal'
): Promise<string> {
	const token = generateToken();
	await db
		.insert(calendarFeeds)
		.values({ userId: actor.id, scope, tokenHash: hashToken(token), token })
		.onConflictDoUpdate({
			target: [calendarFeeds.userId, calendarFeeds.scope],
			set: { tokenHash: hashToken(token), token, createdAt: new Date() }
		});
	return token;
}

export async function revokeFeed(
	actor: SessionUser,
	scope: CalendarFeedScope = 'personal'
): Promise<void> {
	await db
		.delete(calendarFeeds)
		.where(and(eq(calendarFeeds.userId, actor.id), eq(calendarFeeds.scope, scope)));
}

/** The person's address of that scope, if any: when it was made, and its secret when it was kept. */
export async function feedStatus(actor: SessionUser, scope: CalendarFeedScope = 'personal') {
	const [row] = await db
		.select({ createdAt: calendarFeeds.createdAt, token: calendarFeeds.token })
		.from(calendarFeeds)
		.where(and(eq(calendarFeeds.userId, actor.id), eq(calendarFeeds.scope, scope)));
	return row ?? null;
}

/** The address calendar apps subscribe to for a feed's secret token. */
export const feedAddress = (origin: string, token: string) => `${origin}/agenda/${token}.ics`;

/**
 * The open account behind a feed's secret token of that scope: undefined for an unknown or
 * revoked token, a token of another scope, or a disabled account.
 */
export async function feedOwner(token: string, scope: CalendarFeedScope) {
	if (!token) return undefined;
	const [owner] = await db
		.select({
			id: users.id,
			name: users.name,
			role: users.role,
			organisationId: users.organisationId,
			locale: users.locale,
			disabledAt: users.disabledAt
		})
		.from(calendarFeeds)
		.innerJoin(users, eq(users.id, calendarFeeds.userId))
		.where(and(eq(calendarFeeds.tokenHash, hashToken(token)), eq(calendarFeeds.scope, scope)));
	if (!owner || owner.disabledAt) return undefined;
	return owner;
}

/**
 * The personal feed behind a secret token: the meetings of the person's groups (and those they are
 * invited to) from three months back, and the due dates of their open actions. Undefined for an
 * unknown or revoked token, or a disabled account.
 */
export async function feed(token: string, origin: string): Promise<string | undefined> {
	const owner = await feedOwner(token, 'personal');
	if (!owner) return undefined;
	const since = new Date(Date.now() - 92 * 24 * 3600 * 1000);
	// The person's meetings are picked by the database: those of their groups and those they are
	// invited to, from three months back, without reading the rest of the network's.
	const mine = await db
		.select({ meeting: meetings, group: groups, organisation: organisations })
		.from(meetings)
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.leftJoin(organisations, eq(organisations.id, meetings.placeOrganisationId))
		.where(
			and(
				gte(meetings.endsAt, since),
				or(
					inArray(
						meetings.groupId,
						db
							.select({ id: groupMembers.groupId })
							.from(groupMembers)
							.where(eq(groupMembers.userId, owner.id))
					),
					inArray(
						meetings.id,
						db
							.select({ id: meetingAttendees.meetingId })
							.from(meetingAttendees)
							.where(eq(meetingAttendees.userId, owner.id))
					)
				)
			)
		)
		.orderBy(asc(meetings.startsAt));
	const due = await db
		.select({ id: actions.id, title: actions.title, dueDate: actions.dueDate, group: groups })
		.from(actions)
		.innerJoin(groups, eq(groups.id, actions.groupId))
		.where(
			and(
				eq(actions.ownerId, owner.id),
				isNotNull(actions.dueDate),
				inArray(actions.status, ['open', 'in_progress', 'blocked'])
			)
		)
		.orderBy(asc(actions.dueDate));
	const owners = await agendaOwners(mine.map((r) => r.meeting.agenda));
	const locale: Locale = owner.locale ?? 'fr';
	const events: CalendarEvent[] = [
		...mine.map((r) => meetingEvent(r.meeting, r.group, r.organisation, origin, owners)),
		// A to-do, not a tick: "✔" read as done in calendar apps.
		...due.map((a) => ({
			uid: `action-${a.id}@maillage`,
			summary: translate(locale, 'calendar.feed_todo', { title: a.title }),
			description: translate(locale, 'calendar.feed_todo_for', {
				group: a.group.name,
				date: formatDay(locale, a.dueDate!, 'always')
			}),
			url: `${origin}/actions/${a.id}`,
			start: a.dueDate!,
			end: addDays(a.dueDate!, 1)
		}))
	];
	return calendar(`Maillage — ${owner.name}`, events);
}

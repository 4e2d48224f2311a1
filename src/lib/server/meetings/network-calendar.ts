import { and, asc, count, eq, gte, inArray, lt } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	groups,
	meetingAttendees,
	meetings,
	organisations,
	type MeetingResponse
} from '$lib/server/db/schema';
import { calendar, feedOwner, meetingEvent, placeOf } from './calendar';
import { todayInParis } from '../dates';
import * as groupList from '../groups';
import { agendaOwners } from './agenda';
import { monthBounds } from '../progress/report';
import { can, type Actor } from '../policy';
import { readableGroup } from '../search/scope';
import { getNetworkName } from '../settings';

/**
 * The network calendar: the meetings of a month across groups, each with its invitees' answers
 * counted, and the network-wide feed. Those who may see the whole network (`calendar.network`)
 * see every group; anyone else only the groups they may read, never another's meetings.
 */

export type Answers = Record<MeetingResponse, number>;

const noAnswers = (): Answers => ({ pending: 0, attending: 0, not_attending: 0, maybe: 0 });

/** The groups whose meetings the person may see in the calendar, in French order. */
export async function groupsFor(actor: NonNullable<Actor>) {
	const visible = await groupList.listVisible(actor);
	return visible
		.filter((r) => r.canView)
		.map(({ group }) => ({
			id: group.id,
			slug: group.slug,
			name: group.name,
			color: group.color,
			status: group.status
		}));
}

/** How the invitees of each meeting answered, by meeting id (read in one query). */
async function answersOf(meetingIds: string[]): Promise<Map<string, Answers>> {
	const counts = new Map(meetingIds.map((id) => [id, noAnswers()]));
	if (meetingIds.length === 0) return counts;
	const rows = await db
		.select({
			meetingId: meetingAttendees.meetingId,
			response: meetingAttendees.response,
			count: count()
		})
		.from(meetingAttendees)
		.where(inArray(meetingAttendees.meetingId, meetingIds))
		.groupBy(meetingAttendees.meetingId, meetingAttendees.response);
	for (const row of rows) counts.get(row.meetingId)![row.response] = row.count;
	return counts;
}

/**
 * The meetings that begin in `month` (YYYY-MM, Paris time), of one group or of every group the
 * person may read, soonest first: when and where, their group, their state and the answers.
 */
export async function monthOf(actor: NonNullable<Actor>, month: string, groupId: string | null) {
	const { from, to } = monthBounds(month);
	const rows = await db
		.select({ meeting: meetings, group: groups, organisation: organisations })
		.from(meetings)
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.leftJoin(organisations, eq(organisations.id, meetings.placeOrganisationId))
		.where(
			and(
				gte(meetings.startsAt, from),
				lt(meetings.startsAt, to),
				// The database picks only what the person may read, whatever the filter says.
				readableGroup(actor, meetings.groupId),
				groupId ? eq(meetings.groupId, groupId) : undefined
			)
		)
		.orderBy(asc(meetings.startsAt), asc(meetings.title));
	const answers = await answersOf(rows.map((r) => r.meeting.id));
	return rows.map(({ meeting, group, organisation }) => ({
		id: meeting.id,
		title: meeting.title,
		startsAt: meeting.startsAt,
		endsAt: meeting.endsAt,
		/** The Paris day it begins on, where the month view puts it. */
		day: todayInParis(meeting.startsAt),
		status: meeting.status,
		place: placeOf(meeting, organisation),
		group: { slug: group.slug, name: group.name, color: group.color },
		answers: answers.get(meeting.id)!
	}));
}
export type CalendarMeeting = Awaited<ReturnType<typeof monthOf>>[number];

/** "Réponses : 3 oui, 1 non, 2 peut-être, 4 sans réponse", in the reader's language. */
export function answersLine(locale: Locale, answers: Answers): string {
	return translate(locale, 'agenda.answers_line', {
		yes: answers.attending,
		no: answers.not_attending,
		maybe: answers.maybe,
		pending: answers.pending
	});
}

/** How far back the network feed goes, as the personal one does. */
const FEED_DAYS_BACK = 92;

/**
 * The network feed behind a secret token: every meeting of every group from three months back,
 * each with its answers so far. Undefined for an unknown or revoked token, a disabled owner, or
 * one who may no longer see the network calendar (their role changed since they subscribed).
 */
export async function feed(token: string, origin: string): Promise<string | undefined> {
	const owner = await feedOwner(token, 'network');
	if (!owner || !can(owner, 'calendar.network')) return undefined;
	const since = new Date(Date.now() - FEED_DAYS_BACK * 24 * 3600 * 1000);
	const rows = await db
		.select({ meeting: meetings, group: groups, organisation: organisations })
		.from(meetings)
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.leftJoin(organisations, eq(organisations.id, meetings.placeOrganisationId))
		.where(gte(meetings.endsAt, since))
		.orderBy(asc(meetings.startsAt));
	const [answers, owners, networkName] = await Promise.all([
		answersOf(rows.map((r) => r.meeting.id)),
		agendaOwners(rows.map((r) => r.meeting.agenda)),
		getNetworkName()
	]);
	const locale: Locale = owner.locale ?? 'fr';
	const events = rows.map(({ meeting, group, organisation }) => {
		const event = meetingEvent(meeting, group, organisation, origin, owners);
		const line = answersLine(locale, answers.get(meeting.id)!);
		return { ...event, description: [line, event.description].filter(Boolean).join('\n\n') };
	});
	return calendar(`${networkName} — ${translate(locale, 'agenda.feed_name')}`, events);
}

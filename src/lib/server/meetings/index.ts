import { and, asc, desc, eq, gte, lt, lte, ne } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { frenchOrder } from '$lib/server/db/collation';
import {
	attendances,
	documentVersions,
	groups,
	meetingAttendees,
	meetings,
	meetingSeries,
	organisations,
	responses,
	users
} from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { avatarOf } from '../avatars';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import { type Actor } from '../policy';
import { access } from './access';
import { agendaOwners } from './agenda';
import * as invitations from './invitations';

// The service's one namespace (`import * as meetings from '$lib/server/meetings'`): the form
// schemas, who may see a meeting, its agenda, scheduling and publishing live beside this file.
export * from './schema';
export * from './access';
export * from './agenda';
export * from './schedule';
export * from './minutes';

/** Meetings as the group's lists show them: when, where, and the series they belong to. */
function listing() {
	return db
		.select({
			id: meetings.id,
			title: meetings.title,
			startsAt: meetings.startsAt,
			endsAt: meetings.endsAt,
			status: meetings.status,
			placeText: meetings.placeText,
			placeKind: meetings.placeKind,
			organisation: organisations.name,
			seriesId: meetings.seriesId,
			seriesRule: meetingSeries.rule,
			seriesAnchor: meetingSeries.anchor
		})
		.from(meetings)
		.leftJoin(organisations, eq(organisations.id, meetings.placeOrganisationId))
		.leftJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId));
}

/** The group's meetings, the coming ones first (soonest first), then the past ones (latest first). */
export async function listForGroup(actor: Actor, groupId: string) {
	await groupAccess(actor, groupId);
	const now = new Date();
	const [upcoming, past] = await Promise.all([
		listing()
			.where(and(eq(meetings.groupId, groupId), gte(meetings.endsAt, now)))
			.orderBy(asc(meetings.startsAt)),
		listing()
			.where(and(eq(meetings.groupId, groupId), lt(meetings.endsAt, now)))
			.orderBy(desc(meetings.startsAt))
			.limit(50)
	]);
	return { upcoming, past };
}

/** The group's next meeting not cancelled, still to come or under way; null when none is. */
export async function nextForGroup(actor: Actor, groupId: string) {
	await groupAccess(actor, groupId);
	const [next] = await listing()
		.where(
			and(
				eq(meetings.groupId, groupId),
				gte(meetings.endsAt, new Date()),
				ne(meetings.status, 'cancelled')
			)
		)
		.orderBy(asc(meetings.startsAt))
		.limit(1);
	return next ?? null;
}

/**
 * Everything the meeting page shows: invitees with their answers, the place, the agenda with its
 * owners' names, the minutes.
 */
export async function details(actor: Actor, meetingId: string) {
	const found = await access(actor, meetingId);
	const [attendees, place, minutes, owners] = await Promise.all([
		db
			.select({
				userId: users.id,
				name: users.name,
				avatar: avatarOf(users.id),
				organisation: organisations.name,
				response: meetingAttendees.response,
				attendance: meetingAttendees.attendance
			})
			.from(meetingAttendees)
			.innerJoin(users, eq(users.id, meetingAttendees.userId))
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(eq(meetingAttendees.meetingId, meetingId))
			.orderBy(frenchOrder(users.name)),
		found.meeting.placeOrganisationId
			? db
					.select({ name: organisations.name, town: organisations.town })
					.from(organisations)
					.where(eq(organisations.id, found.meeting.placeOrganisationId))
			: Promise.resolve([]),
		found.meeting.minutesVersionId
			? db
					.select({ html: documentVersions.html, createdAt: documentVersions.createdAt })
					.from(documentVersions)
					.where(eq(documentVersions.id, found.meeting.minutesVersionId))
			: Promise.resolve([]),
		agendaOwners([found.meeting.agenda])
	]);
	const agenda = found.meeting.agenda.map((item) => ({
		...item,
		owner: item.ownerId ? (owners.get(item.ownerId) ?? null) : null
	}));
	return { ...found, attendees, place: place[0] ?? null, minutes: minutes[0] ?? null, agenda };
}

/** The person's answer to an invitation. Only invitees answer. */
export async function respond(actor: Actor, meetingId: string, answer: (typeof responses)[number]) {
	await access(actor, meetingId);
	const updated = await db
		.update(meetingAttendees)
		.set({ response: answer, respondedAt: new Date() })
		.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, actor!.id)))
		.returning({ userId: meetingAttendees.userId });
	if (updated.length === 0) throw new ServiceError('invalid', 'meeting.not_invited');
}

/** Who was present, excused or absent, after the meeting. */
export async function recordAttendance(
	actor: Actor,
	meetingId: string,
	entries: Record<string, (typeof attendances)[number]>
) {
	const { canManage } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	await db.transaction(async (tx) => {
		for (const [userId, value] of Object.entries(entries)) {
			await tx
				.update(meetingAttendees)
				.set({ attendance: value })
				.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, userId)));
		}
		// Held only once it has begun, as "mark held" is (see setStatus).
		await tx
			.update(meetings)
			.set({ status: 'held', updatedAt: new Date() })
			.where(
				and(
					eq(meetings.id, meetingId),
					eq(meetings.status, 'planned'),
					lte(meetings.startsAt, new Date())
				)
			);
	});
}

/**
 * Moves a meeting along: held once it has begun (never before its start), cancelled, or planned
 * again (a cancelled meeting restored, or one marked held by mistake, which the group's activity
 * tells). Published minutes settle it: they were frozen as a version and mailed to the invitees,
 * who were told the meeting took place; putting it back to planned or cancelling it would
 * contradict what they received, so nothing here changes it any more.
 */
export async function setStatus(
	actor: Actor,
	meetingId: string,
	status: 'held' | 'cancelled' | 'planned'
) {
	const { canManage, meeting, group } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	if (meeting.status === 'published' || meeting.minutesVersionId)
		throw new ServiceError('invalid', 'meeting.minutes_settle_status');
	if (status === 'held' && meeting.startsAt > new Date())
		throw new ServiceError('invalid', 'meeting.not_started');
	if (status === meeting.status) return;
	await db.transaction(async (tx) => {
		// From the status read above only: a publication or another change in between wins.
		const changed = await tx
			.update(meetings)
			.set({ status, updatedAt: new Date() })
			.where(and(eq(meetings.id, meetingId), eq(meetings.status, meeting.status)))
			.returning({ id: meetings.id });
		if (changed.length === 0) throw new ServiceError('conflict', 'meeting.status_stale');
		if (meeting.status === 'held' && status === 'planned') {
			await activityLog.record(tx, {
				groupId: group.id,
				actorId: actor!.id,
				subjectType: 'meeting',
				subjectId: meetingId,
				verb: 'back_to_planned',
				label: meeting.title,
				before: { status: meeting.status },
				after: { status }
			});
		}
	});
	await invitations.statusChanged(meetingId, meeting.status, status);
}

/** The person's next meetings (their groups', or ones they are invited to), with their answer. */
export async function upcomingFor(userId: string, limit = 5) {
	return db
		.select({
			id: meetings.id,
			title: meetings.title,
			startsAt: meetings.startsAt,
			response: meetingAttendees.response,
			groupSlug: groups.slug,
			groupName: groups.name,
			groupColor: groups.color
		})
		.from(meetingAttendees)
		.innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.where(
			and(
				eq(meetingAttendees.userId, userId),
				gte(meetings.endsAt, new Date()),
				ne(meetings.status, 'cancelled')
			)
		)
		.orderBy(asc(meetings.startsAt))
		.limit(limit);
}

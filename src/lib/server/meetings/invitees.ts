import { and, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Transaction } from '$lib/server/db';
import { isUuid } from '$lib/uuid';
import {
	meetingAttendees,
	meetings,
	organisations,
	users,
	type Meeting
} from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import * as invitations from './invitations';
import { access } from './access';
import { checkInvitees } from './schedule';
import { findPeople, LISTED_PEOPLE, nameSearch } from '../name-search';
import { can, type Actor } from '../policy';

export const inviteSchema = z.object({
	invitees: z.array(z.uuid('action.owner_unknown')).min(1, 'validation.choose').max(100)
});
export const uninviteSchema = z.object({ userId: z.uuid('validation.invalid') });

/**
 * Whether the invitees of the meeting may still change: it is planned and has not begun, and the
 * person runs it. Afterwards the list is the record of who was expected, and attendance is taken
 * against it.
 */
export function editable(meeting: Meeting, canManage: boolean, now = new Date()) {
	return canManage && meeting.status === 'planned' && meeting.startsAt > now;
}

async function editableMeeting(actor: Actor, meetingId: string) {
	const found = await access(actor, meetingId);
	if (!found.canManage) throw forbidden();
	if (!editable(found.meeting, true)) {
		throw new ServiceError('invalid', 'meeting.invitees_frozen', 'invitees');
	}
	return found;
}

/**
 * Invites more people to a coming meeting: anyone active in the network, in the group or not.
 * Those already invited keep their answer. Returns how many were newly invited.
 */
export async function invite(actor: Actor, meetingId: string, userIds: string[]) {
	const { meeting, group } = await editableMeeting(actor, meetingId);
	const ids = [...new Set(userIds)];
	if (ids.length === 0) throw new ServiceError('invalid', 'validation.choose', 'invitees');
	await checkInvitees(ids);
	const names = new Map(
		(
			await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
		).map((p) => [p.id, p.name])
	);
	const count = await db.transaction(async (tx) => {
		const added = await tx
			.insert(meetingAttendees)
			.values(ids.map((userId) => ({ meetingId, userId })))
			.onConflictDoNothing()
			.returning({ userId: meetingAttendees.userId });
		for (const { userId } of added) {
			await activityLog.record(tx, {
				groupId: group.id,
				actorId: actor!.id,
				subjectType: 'meeting',
				subjectId: meetingId,
				verb: 'invitee_added',
				label: meeting.title,
				after: { person: names.get(userId) ?? '', userId }
			});
		}
		return added.length;
	});
	await invitations.sync(meetingId);
	return count;
}

/** Withdraws someone's invitation to a coming meeting; their answer, if any, goes with it. */
export async function uninvite(actor: Actor, meetingId: string, userId: string) {
	const { meeting, group } = await editableMeeting(actor, meetingId);
	const [person] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
	await db.transaction(async (tx) => {
		const [removed] = await tx
			.delete(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, userId)))
			.returning({ response: meetingAttendees.response });
		if (!removed) throw new ServiceError('invalid', 'meeting.not_invited');
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'meeting',
			subjectId: meetingId,
			verb: 'invitee_removed',
			label: meeting.title,
			before: { person: person?.name ?? '', userId, response: removed.response }
		});
	});
	await invitations.sync(meetingId);
}

/** The group's meetings that are still planned and have not begun: those a new member joins. */
const comingMeetings = (tx: Transaction, groupId: string) =>
	tx
		.select({ id: meetings.id })
		.from(meetings)
		.where(
			and(
				eq(meetings.groupId, groupId),
				eq(meetings.status, 'planned'),
				gt(meetings.startsAt, new Date())
			)
		);

/**
 * Someone has just joined the group (by themselves, accepted or added): they are invited to its
 * coming meetings, as if they had been a member when those were scheduled. Runs in the
 * membership's transaction; the membership's own log entry tells why.
 */
export async function inviteToComing(tx: Transaction, groupId: string, userId: string) {
	const coming = await comingMeetings(tx, groupId);
	if (coming.length === 0) return;
	await tx
		.insert(meetingAttendees)
		.values(coming.map((m) => ({ meetingId: m.id, userId })))
		.onConflictDoNothing();
}

/**
 * Someone has left the group or been removed from it: their invitations to its coming meetings
 * go. Past, held, published and cancelled meetings keep them, as the record of who was there.
 */
export async function uninviteFromComing(tx: Transaction, groupId: string, userId: string) {
	await tx
		.delete(meetingAttendees)
		.where(
			and(
				eq(meetingAttendees.userId, userId),
				inArray(meetingAttendees.meetingId, comingMeetings(tx, groupId))
			)
		);
}

/**
 * Whether the meeting forms' pickers (invitees, agenda owners) search people by name as one
 * types: past LISTED_PEOPLE active people in the network, a list is no longer something to
 * choose from, nor something to send with every page.
 */
export async function pickersSearch(): Promise<boolean> {
	const [{ people }] = await db
		.select({ people: count() })
		.from(users)
		.where(isNull(users.disabledAt));
	return people > LISTED_PEOPLE;
}

/**
 * Active people of the network whose name holds `text` (accents and case aside), those whose
 * name starts with it first: whom a meeting of the group may invite or give an agenda item to.
 * Only for those who run the group's meetings.
 */
export async function searchPeople(actor: Actor, groupId: string, text: string, limit = 10) {
	const { context } = await groupAccess(actor, groupId);
	if (!can(actor, 'meeting.manage', context)) throw forbidden();
	const search = nameSearch(users.name, text);
	if (!search) return [];
	return findPeople(search, isNull(users.disabledAt), limit);
}

/** People named by id on a form (chosen invitees, agenda owners), to show their names again. */
export async function namesOf(ids: string[]) {
	const wanted = [...new Set(ids)].filter(isUuid);
	if (wanted.length === 0) return [];
	return db
		.select({ id: users.id, name: users.name, organisation: organisations.name })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(inArray(users.id, wanted));
}

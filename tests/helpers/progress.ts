import { db } from '$lib/server/db';
import {
	actions,
	meetingAttendees,
	meetings,
	type ActionStatus,
	type MeetingAttendance,
	type MeetingStatus
} from '$lib/server/db/schema';

/**
 * A meeting of `groupId` starting at `startsAt` (an ISO instant), with the attendance recorded
 * for each person (null: invited, not recorded).
 */
export async function buildMeeting(
	groupId: string,
	startsAt: string,
	status: MeetingStatus,
	attendance: [{ id: string }, MeetingAttendance | null][] = [],
	extra: { title?: string; minutesVersionId?: string } = {}
) {
	const start = new Date(startsAt);
	const [meeting] = await db
		.insert(meetings)
		.values({
			groupId,
			title: extra.title ?? `Réunion du ${startsAt.slice(0, 10)}`,
			startsAt: start,
			endsAt: new Date(start.getTime() + 2 * 3600_000),
			status,
			minutesVersionId: extra.minutesVersionId
		})
		.returning();
	if (attendance.length) {
		await db.insert(meetingAttendees).values(
			attendance.map(([user, value]) => ({
				meetingId: meeting.id,
				userId: user.id,
				response: 'attending' as const,
				attendance: value
			}))
		);
	}
	return meeting;
}

/** An action given to `owner` for their organisation (or `organisationId`, if they moved since). */
export async function buildAction(
	groupId: string,
	owner: { id: string; organisationId: string } | null,
	status: ActionStatus,
	extra: { title?: string; dueDate?: string; closedAt?: string; organisationId?: string } = {}
) {
	const [action] = await db
		.insert(actions)
		.values({
			groupId,
			title: extra.title ?? `Action ${status}`,
			ownerId: owner?.id,
			ownerOrganisationId: extra.organisationId ?? owner?.organisationId,
			status,
			dueDate: extra.dueDate,
			closedAt: extra.closedAt
				? new Date(extra.closedAt)
				: status === 'done' || status === 'cancelled'
					? new Date()
					: null
		})
		.returning();
	return action;
}

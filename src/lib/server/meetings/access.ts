import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { groups, meetingAttendees, meetings } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { notFound } from '../errors';
import { byId as groupById, membershipOf } from '../groups';
import { can, type Actor, type GroupContext } from '../policy';

/** The meeting with the person's rights; not found when they may not see its group. */
export async function access(actor: Actor, meetingId: string) {
	if (!actor || !isUuid(meetingId)) throw notFound();
	const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
	if (!meeting) throw notFound();
	const group = await groupById(meeting.groupId);
	if (!group) throw notFound();
	const context: GroupContext = {
		status: group.status,
		joinPolicy: group.joinPolicy,
		membership: await membershipOf(actor.id, group.id)
	};
	if (!can(actor, 'group.view', context)) {
		// Anyone in the network may be invited: an invitee sees the meeting, not the whole group.
		const [invited] = await db
			.select({ userId: meetingAttendees.userId })
			.from(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, actor.id)));
		if (!invited) throw notFound();
	}
	return { meeting, group, context, canManage: can(actor, 'meeting.manage', context) };
}

/**
 * The group of a meeting as one of its invitees sees it when they may not see the group itself
 * (anyone in the network may be invited, a partner say): enough to open that meeting's page,
 * answer and read its minutes, no right in the group. Null when they are not invited to it, or
 * when the meeting is not the group's.
 */
export async function guestAccess(actor: Actor, groupId: string, meetingId: string) {
	if (!actor || !isUuid(meetingId)) return null;
	const [row] = await db
		.select({ group: groups })
		.from(meetingAttendees)
		.innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.where(
			and(
				eq(meetingAttendees.meetingId, meetingId),
				eq(meetingAttendees.userId, actor.id),
				eq(meetings.groupId, groupId)
			)
		);
	if (!row) return null;
	const context: GroupContext = {
		status: row.group.status,
		joinPolicy: row.group.joinPolicy,
		membership: null
	};
	return { group: row.group, membership: null, context };
}

import { and, eq, inArray } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import {
	activity,
	documents as documentRows,
	groupMembers,
	meetingAttendees,
	meetings,
	users,
	type Meeting
} from '$lib/server/db/schema';
import * as activityLog from '../activity';
import * as documents from '../documents';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import { can, type Actor } from '../policy';
import { access } from './access';
import { checkAgendaOwners } from './agenda';
import * as invitations from './invitations';
import { notesTemplate } from './notes-template';
import type { MeetingInput } from './schema';

/**
 * Whom a meeting may invite: people of the network whose account is open. An unknown id and a
 * disabled account are refused with their own messages, on the `invitees` field.
 */
export async function checkInvitees(userIds: string[]) {
	const ids = [...new Set(userIds)];
	if (ids.length === 0) return;
	const found = await db
		.select({ id: users.id, disabledAt: users.disabledAt })
		.from(users)
		.where(inArray(users.id, ids));
	if (found.length !== ids.length)
		throw new ServiceError('invalid', 'action.owner_unknown', 'invitees');
	if (found.some((person) => person.disabledAt))
		throw new ServiceError('invalid', 'meeting.invitee_disabled', 'invitees');
}

/**
 * Who a new meeting invites: the group's members, the people named (active people of the
 * network, checked), and the person scheduling it unless they said not to, member or not.
 */
export async function newInvitees(
	actor: NonNullable<Actor>,
	groupId: string,
	extraInvitees: string[],
	inviteSelf: boolean
): Promise<string[]> {
	const members = await db
		.select({ userId: groupMembers.userId })
		.from(groupMembers)
		.where(eq(groupMembers.groupId, groupId));
	await checkInvitees(extraInvitees);
	return [...new Set([...members.map((m) => m.userId), ...extraInvitees, actor.id])].filter(
		(id) => inviteSelf || id !== actor.id
	);
}

/**
 * Writes a new meeting with its invitees and its notes, a document of the group created from
 * the template; in a series when `series` says where. Rights and input are the caller's to
 * check; invitations are the caller's to send. Logged as created unless `log` is false (a
 * series logs itself once). `within` runs in the meeting's transaction, before and after its row
 * is written (a date poll claims itself there, and links the meeting): if the transaction fails,
 * the notes document made for it is taken away again.
 */
export async function insert(
	actor: NonNullable<Actor>,
	groupId: string,
	input: MeetingInput,
	invitees: string[],
	locale: Locale,
	{
		series,
		log = true,
		within
	}: {
		series?: { id: string; index: number };
		log?: boolean;
		within?: {
			before?: (tx: Transaction) => Promise<void>;
			after?: (tx: Transaction, meeting: Meeting) => Promise<void>;
		};
	} = {}
): Promise<Meeting> {
	const template = await notesTemplate(groupId, input, locale);
	const day = input.startsAt.toLocaleDateString(locale, { timeZone: 'Europe/Paris' });
	const notes = await documents.create(
		actor,
		groupId,
		{ title: `${translate(locale, 'meeting.notes')} — ${input.title} — ${day}`, tags: [] },
		{ kind: 'notes', content: template }
	);
	try {
		return await writeMeeting(notes.id);
	} catch (e) {
		await db.transaction(async (tx) => {
			await tx
				.delete(activity)
				.where(and(eq(activity.subjectType, 'document'), eq(activity.subjectId, notes.id)));
			await tx.delete(documentRows).where(eq(documentRows.id, notes.id));
		});
		throw e;
	}

	function writeMeeting(notesDocumentId: string) {
		return db.transaction(async (tx) => {
			await within?.before?.(tx);
			const [meeting] = await tx
				.insert(meetings)
				.values({
					...input,
					groupId,
					notesDocumentId,
					createdById: actor.id,
					seriesId: series?.id ?? null,
					seriesIndex: series?.index ?? null
				})
				.returning();
			if (invitees.length) {
				await tx
					.insert(meetingAttendees)
					.values(invitees.map((userId) => ({ meetingId: meeting.id, userId })));
			}
			if (log) {
				await activityLog.record(tx, {
					groupId,
					actorId: actor.id,
					subjectType: 'meeting',
					subjectId: meeting.id,
					verb: 'created',
					label: meeting.title
				});
			}
			await within?.after?.(tx, meeting);
			return meeting;
		});
	}
}

/**
 * Schedules a meeting: its invitees (the group's members and anyone else named) and its notes,
 * a document of the group created from the template.
 */
export async function create(
	actor: Actor,
	groupId: string,
	input: MeetingInput,
	extraInvitees: string[],
	locale: Locale,
	{ inviteSelf = true }: { inviteSelf?: boolean } = {}
): Promise<Meeting> {
	const { context } = await groupAccess(actor, groupId);
	if (!can(actor, 'meeting.manage', context)) throw forbidden();
	await checkAgendaOwners(input.agenda);
	const invitees = await newInvitees(actor!, groupId, extraInvitees, inviteSelf);
	const created = await insert(actor!, groupId, input, invitees, locale);
	await invitations.sync(created.id);
	return created;
}

type Whereabouts = Pick<
	Meeting,
	'startsAt' | 'endsAt' | 'placeKind' | 'placeOrganisationId' | 'placeText' | 'onlineUrl'
>;

/** A new date, time or place is news for the invitees' calendars: a higher SEQUENCE, mailed. */
export function movesInvitees(before: Whereabouts, after: Whereabouts): boolean {
	return (
		after.startsAt.getTime() !== before.startsAt.getTime() ||
		after.endsAt.getTime() !== before.endsAt.getTime() ||
		after.placeKind !== before.placeKind ||
		after.placeOrganisationId !== before.placeOrganisationId ||
		after.placeText !== before.placeText ||
		after.onlineUrl !== before.onlineUrl
	);
}

export async function update(actor: Actor, meetingId: string, input: MeetingInput) {
	const { canManage, meeting } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	await checkAgendaOwners(input.agenda, meeting.agenda);
	const moved = movesInvitees(meeting, input);
	await db
		.update(meetings)
		.set({ ...input, ...(moved && { sequence: meeting.sequence + 1 }), updatedAt: new Date() })
		.where(eq(meetings.id, meetingId));
	if (moved) await invitations.sync(meetingId);
}

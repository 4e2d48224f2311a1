import { and, asc, desc, eq, gte, inArray, isNull, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { translate, type Locale } from '$lib/i18n';
import { newTaskId } from '$lib/editor/task-item';
import type { RichNode } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import {
	actions,
	attendances,
	documentVersions,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	organisations,
	placeKinds,
	responses,
	users,
	type AgendaItem,
	type Meeting
} from '$lib/server/db/schema';
import * as activityLog from './activity';
import { parisLocalToDate } from './dates';
import * as documents from './documents';
import { forbidden, notFound, ServiceError } from './errors';
import { access as groupAccess, membershipOf } from './groups';
import * as mail from './mail';
import { can, type Actor, type GroupContext } from './policy';
import * as preferences from './preferences';
import * as versions from './versions';

const parisTime = (message: 'validation.date') =>
	z.string().transform((v, ctx) => {
		const date = parisLocalToDate(v);
		if (!date) {
			ctx.addIssue({ code: 'custom', message });
			return z.NEVER;
		}
		return date;
	});

export const MAX_AGENDA_ITEMS = 40;

/**
 * One row of the agenda form: a title, an optional owner, an optional duration in minutes. A
 * row with an owner or a duration needs a title; rows left blank are dropped by the form.
 */
const agendaItemSchema = z
	.object({
		title: z.string().trim().max(200, 'validation.too_long').optional().default(''),
		ownerId: z
			.string()
			.trim()
			.optional()
			.default('')
			.refine((v) => v === '' || z.uuid().safeParse(v).success, 'action.owner_unknown')
			.transform((v) => v || null),
		minutes: z
			.string()
			.trim()
			.optional()
			.default('')
			.refine(
				(v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 600),
				'meeting.agenda_minutes_invalid'
			)
			.transform((v) => (v ? Number(v) : null))
	})
	.superRefine((item, ctx) => {
		if (!item.title)
			ctx.addIssue({ code: 'custom', path: ['title'], message: 'meeting.agenda_title_missing' });
	})
	.transform((item): AgendaItem => item);

export const meetingSchema = z
	.object({
		title: z.string().trim().min(2, 'validation.too_short').max(160, 'validation.too_long'),
		startsAt: parisTime('validation.date'),
		endsAt: parisTime('validation.date'),
		placeKind: z.enum(placeKinds, 'validation.choose'),
		placeOrganisationId: z
			.string()
			.optional()
			.default('')
			.refine((v) => v === '' || z.uuid().safeParse(v).success, 'validation.choose')
			.transform((v) => v || null),
		placeText: z.string().trim().max(300, 'validation.too_long').optional().default(''),
		onlineUrl: z
			.string()
			.trim()
			.max(500, 'validation.too_long')
			.optional()
			.default('')
			.refine((v) => v === '' || /^https:\/\/\S+$/i.test(v), 'meeting.online_url_invalid'),
		agenda: z
			.array(agendaItemSchema)
			.max(MAX_AGENDA_ITEMS, 'meeting.agenda_too_many')
			.optional()
			.default([])
	})
	.superRefine((v, ctx) => {
		if (v.endsAt <= v.startsAt)
			ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'meeting.end_before_start' });
		if (v.placeKind === 'organisation' && !v.placeOrganisationId) {
			ctx.addIssue({ code: 'custom', path: ['placeOrganisationId'], message: 'validation.choose' });
		}
		if (v.placeKind === 'online' && !v.onlineUrl) {
			ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'meeting.online_url_invalid' });
		}
	});
export type MeetingInput = z.output<typeof meetingSchema>;

export const responseSchema = z.object({ response: z.enum(responses, 'validation.choose') });

/** The meeting with the person's rights; not found when they may not see its group. */
export async function access(actor: Actor, meetingId: string) {
	if (!actor || !z.uuid().safeParse(meetingId).success) throw notFound();
	const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
	if (!meeting) throw notFound();
	const [group] = await db.select().from(groups).where(eq(groups.id, meeting.groupId));
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
	if (!actor || !z.uuid().safeParse(meetingId).success) return null;
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

/** The names of the people who own agenda items, by id (closed accounts included: they did). */
export async function agendaOwners(agendas: AgendaItem[][]): Promise<Map<string, string>> {
	const ids = [...new Set(agendas.flat().flatMap((item) => (item.ownerId ? [item.ownerId] : [])))];
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, ids));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** "Budget — Marie Dupont (20 min)": an agenda item on one line, for the notes and calendars. */
export function agendaLine(item: AgendaItem, owners: Map<string, string>): string {
	const owner = item.ownerId ? owners.get(item.ownerId) : undefined;
	return [
		item.title,
		owner ? ` — ${owner}` : '',
		item.minutes ? ` (${item.minutes} min)` : ''
	].join('');
}

/**
 * Agenda owners are active people of the network. On an edit, an owner the agenda already named
 * stays even if their account was closed since: the meeting keeps its history.
 */
async function checkAgendaOwners(agenda: AgendaItem[], before: AgendaItem[] = []) {
	const ids = [...new Set(agenda.flatMap((item) => (item.ownerId ? [item.ownerId] : [])))];
	if (ids.length === 0) return;
	const active = await db
		.select({ id: users.id })
		.from(users)
		.where(and(inArray(users.id, ids), isNull(users.disabledAt)));
	const allowed = new Set([...active.map((r) => r.id), ...before.map((item) => item.ownerId)]);
	const refused = agenda.findIndex((item) => item.ownerId && !allowed.has(item.ownerId));
	if (refused >= 0)
		throw new ServiceError('invalid', 'action.owner_unknown', `agenda.${refused}.ownerId`);
}

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

/** A calendar date (YYYY-MM-DD) in words, the same day whatever the server's time zone. */
const dayLabel = (iso: string, locale: Locale) =>
	new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' });

/** The notes template: agenda items as headings, the open actions to follow up, decisions, actions. */
async function notesTemplate(
	groupId: string,
	input: MeetingInput,
	locale: Locale
): Promise<RichNode> {
	const open = await db
		.select({ title: actions.title, dueDate: actions.dueDate, owner: users.name })
		.from(actions)
		.leftJoin(users, eq(users.id, actions.ownerId))
		.where(
			and(eq(actions.groupId, groupId), inArray(actions.status, ['open', 'in_progress', 'blocked']))
		)
		.orderBy(asc(actions.dueDate))
		.limit(50);
	const text = (t: string): RichNode => ({ type: 'text', text: t });
	const heading = (t: string, level = 2): RichNode => ({
		type: 'heading',
		attrs: { level },
		content: [text(t)]
	});
	const paragraph = (t?: string): RichNode => ({
		type: 'paragraph',
		...(t ? { content: [text(t)] } : {})
	});
	const followUp: RichNode = open.length
		? {
				type: 'bulletList',
				content: open.map((a) => ({
					type: 'listItem',
					content: [
						paragraph(
							[a.title, a.owner, a.dueDate ? dayLabel(a.dueDate, locale) : null]
								.filter(Boolean)
								.join(' — ')
						)
					]
				}))
			}
		: paragraph(translate(locale, 'notes.no_open_actions'));
	const owners = await agendaOwners([input.agenda]);
	return {
		type: 'doc',
		content: [
			heading(input.title, 1),
			...input.agenda.flatMap((item) => [heading(agendaLine(item, owners)), paragraph()]),
			heading(translate(locale, 'notes.actions_followup')),
			followUp,
			heading(translate(locale, 'notes.decisions')),
			paragraph(),
			heading(translate(locale, 'notes.actions')),
			// The task item comes with its id, and the notes end with a paragraph: otherwise each
			// editor opening them would add both itself (Tiptap's trailing node, the id plugin) while
			// rendering the server's state, changes that y-prosemirror sends only later, so two people
			// opening the notes together would each add a blank line and give the item an id.
			{
				type: 'taskList',
				content: [
					{
						type: 'taskItem',
						attrs: { checked: false, taskId: newTaskId() },
						content: [paragraph()]
					}
				]
			},
			paragraph()
		]
	};
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
	locale: Locale
): Promise<Meeting> {
	const { context } = await groupAccess(actor, groupId);
	if (!can(actor, 'meeting.manage', context)) throw forbidden();
	await checkAgendaOwners(input.agenda);
	const members = await db
		.select({ userId: groupMembers.userId })
		.from(groupMembers)
		.where(eq(groupMembers.groupId, groupId));
	await checkInvitees(extraInvitees);
	const invitees = [...new Set([...members.map((m) => m.userId), ...extraInvitees])];
	const template = await notesTemplate(groupId, input, locale);
	const day = input.startsAt.toLocaleDateString(locale, { timeZone: 'Europe/Paris' });
	const notes = await documents.create(
		actor,
		groupId,
		{ title: `${translate(locale, 'meeting.notes')} — ${input.title} — ${day}`, tags: [] },
		{ kind: 'notes', content: template }
	);
	return db.transaction(async (tx) => {
		const [meeting] = await tx
			.insert(meetings)
			.values({ ...input, groupId, notesDocumentId: notes.id, createdById: actor!.id })
			.returning();
		if (invitees.length) {
			await tx
				.insert(meetingAttendees)
				.values(invitees.map((userId) => ({ meetingId: meeting.id, userId })));
		}
		await activityLog.record(tx, {
			groupId,
			actorId: actor!.id,
			subjectType: 'meeting',
			subjectId: meeting.id,
			verb: 'created',
			label: meeting.title
		});
		return meeting;
	});
}

export async function update(actor: Actor, meetingId: string, input: MeetingInput) {
	const { canManage, meeting } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	await checkAgendaOwners(input.agenda, meeting.agenda);
	await db
		.update(meetings)
		.set({ ...input, updatedAt: new Date() })
		.where(eq(meetings.id, meetingId));
}

/** The group's meetings, the coming ones first (soonest first), then the past ones (latest first). */
export async function listForGroup(actor: Actor, groupId: string) {
	await groupAccess(actor, groupId);
	const now = new Date();
	const list = () =>
		db
			.select({
				id: meetings.id,
				title: meetings.title,
				startsAt: meetings.startsAt,
				endsAt: meetings.endsAt,
				status: meetings.status,
				placeText: meetings.placeText,
				placeKind: meetings.placeKind,
				organisation: organisations.name
			})
			.from(meetings)
			.leftJoin(organisations, eq(organisations.id, meetings.placeOrganisationId));
	const [upcoming, past] = await Promise.all([
		list()
			.where(and(eq(meetings.groupId, groupId), gte(meetings.endsAt, now)))
			.orderBy(asc(meetings.startsAt)),
		list()
			.where(and(eq(meetings.groupId, groupId), lt(meetings.endsAt, now)))
			.orderBy(desc(meetings.startsAt))
			.limit(50)
	]);
	return { upcoming, past };
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
				organisation: organisations.name,
				response: meetingAttendees.response,
				attendance: meetingAttendees.attendance
			})
			.from(meetingAttendees)
			.innerJoin(users, eq(users.id, meetingAttendees.userId))
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(eq(meetingAttendees.meetingId, meetingId))
			.orderBy(asc(users.name)),
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

export const attendanceSchema = z.record(z.string(), z.enum(attendances));

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
		await tx
			.update(meetings)
			.set({ status: 'held', updatedAt: new Date() })
			.where(and(eq(meetings.id, meetingId), eq(meetings.status, 'planned')));
	});
}

export async function setStatus(
	actor: Actor,
	meetingId: string,
	status: 'held' | 'cancelled' | 'planned'
) {
	const { canManage, meeting } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	if (meeting.status === 'published') throw new ServiceError('invalid', 'validation.invalid');
	await db
		.update(meetings)
		.set({ status, updatedAt: new Date() })
		.where(eq(meetings.id, meetingId));
}

/**
 * Publishes the minutes: the notes are frozen as a named version, shown read-only on the meeting
 * page, and every invitee is told by e-mail. The notes stay editable for corrections.
 */
export async function publish(actor: Actor, meetingId: string, locale: Locale, origin: string) {
	const { canManage, meeting, group } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	if (!meeting.notesDocumentId) throw new ServiceError('invalid', 'validation.invalid');
	const version = await versions.save(
		actor,
		meeting.notesDocumentId,
		translate(locale, 'meeting.minutes')
	);
	await db
		.update(meetings)
		.set({
			status: 'published',
			minutesVersionId: version.id,
			publishedAt: new Date(),
			updatedAt: new Date()
		})
		.where(eq(meetings.id, meetingId));
	await activityLog.record(db, {
		groupId: group.id,
		actorId: actor!.id,
		subjectType: 'meeting',
		subjectId: meetingId,
		verb: 'published',
		label: meeting.title
	});
	const invitees = await db
		.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
		.from(meetingAttendees)
		.innerJoin(users, eq(users.id, meetingAttendees.userId))
		.where(
			and(eq(meetingAttendees.meetingId, meetingId), ne(meetingAttendees.response, 'not_attending'))
		);
	const link = `${origin}/groupes/${group.slug}/reunions/${meetingId}`;
	// The others read it in their digest, or chose not to hear about minutes by e-mail.
	const now = await preferences.immediateAmong(
		invitees.map((p) => p.id),
		'minutes'
	);
	for (const person of invitees) {
		if (!now.has(person.id)) continue;
		const lang = person.locale ?? locale;
		await mail.send({
			to: person.email,
			kind: 'minutes',
			subject: translate(lang, 'mail.minutes.subject', { meeting: meeting.title }),
			text: translate(lang, 'mail.minutes.body', {
				name: person.name,
				meeting: meeting.title,
				group: group.name,
				link
			})
		});
	}
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

import type { RequestEvent } from '@sveltejs/kit';
import { colourFor } from '$lib/editor/mention-suggestion';
import { localiseHtml } from '$lib/richtext/document';
import { attendances, type Meeting } from '$lib/server/db/schema';
import { dateToParisLocal } from '$lib/server/dates';
import * as documents from '$lib/server/documents';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm, parseInput } from '$lib/server/forms';
import * as meetingInvitees from '$lib/server/meetings/invitees';
import * as meetingSeries from '$lib/server/meetings/series';
import * as meetings from '$lib/server/meetings';
import { mentionChoices, NO_MENTIONS } from '$lib/server/mentions';
import { editorUploads } from '$lib/server/files/limits';
import {
	subjectFileActions,
	subjectFilesView,
	type FilePlace
} from '$lib/server/files/subject-files';
import { keepOffline } from '$lib/server/offline';
import { can } from '$lib/server/policy';
import * as organisations from '$lib/server/organisations';
import * as threads from '$lib/server/threads';
import * as decisions from '$lib/server/decisions';
import { agendaPeople, agendaValues, parseMeetingForm, refuse } from '../meeting-form.server';
import { loadMeeting } from './meeting.server';
import type { Actions, PageServerLoad } from './$types';
import { publicOrigin } from '$lib/server/origin';

/** The edit form's fields, filled with the meeting as it is. */
function editValues(meeting: Meeting): Record<string, string> {
	return {
		title: meeting.title,
		startsAt: dateToParisLocal(meeting.startsAt),
		endsAt: dateToParisLocal(meeting.endsAt),
		placeKind: meeting.placeKind,
		placeOrganisationId: meeting.placeOrganisationId ?? '',
		placeText: meeting.placeText,
		onlineUrl: meeting.onlineUrl,
		...agendaValues(meeting.agenda)
	};
}

export const load: PageServerLoad = async (event) => {
	const { user, group, meeting, canManage, attendees, place, minutes, agenda, context } =
		await loadMeeting(event);
	const notes = meeting.notesDocumentId
		? await documents.rights(user, meeting.notesDocumentId)
		: null;
	const mine = attendees.find((a) => a.userId === user.id) ?? null;
	const invited = new Set(attendees.map((a) => a.userId));
	const readable = notes?.canRead && notes.document ? notes : null;
	keepOffline(event, user, {
		title: meeting.title,
		group: group.name,
		documentId: readable?.document?.id ?? null
	});
	// Past a few hundred people the pickers search by name: the page carries only those it names.
	const search = canManage && (await meetingInvitees.pickersSearch());
	const contributor = context !== undefined && can(user, 'group.contribute', context);
	const [mentions, hosts, owners, known, discuss, series, uploads, meetingFiles, decided] =
		await Promise.all([
			readable?.canWrite ? mentionChoices(user, group, 'notes') : NO_MENTIONS,
			canManage ? organisations.listActive() : [],
			canManage && !search ? agendaPeople(group.id, meeting.agenda) : [],
			search ? meetingInvitees.namesOf(meeting.agenda.flatMap((item) => item.ownerId ?? [])) : [],
			threads.discussionFor(user, { type: 'meeting', id: meeting.id }, group.id),
			meetingSeries.summary(meeting),
			editorUploads(group.id, (readable?.canWrite ?? false) && contributor),
			subjectFilesView(
				{
					user,
					place: { type: 'meeting', id: meeting.id, groupId: group.id },
					allowed: contributor
				},
				group.slug
			),
			// Its guests from outside the group see the meeting, not the group's register.
			context !== undefined ? decisions.meetingDecisions(meeting.id) : { list: [], fromPoll: null }
		]);
	const searchUrl = search ? `/groupes/${group.slug}/reunions/personnes` : null;
	return {
		discuss,
		meetingFiles,
		/** The date poll the meeting's date was chosen by, if any. */
		fromPoll: decided.fromPoll,
		decisions: {
			list: decided.list,
			canPropose: contributor,
			canRecord: context !== undefined && can(user, 'decision.record', context)
		},
		meeting: {
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			endsAt: meeting.endsAt,
			status: meeting.status,
			placeKind: meeting.placeKind,
			placeText: meeting.placeText,
			onlineUrl: meeting.onlineUrl,
			agenda: agenda.map(({ title, minutes, owner }) => ({ title, minutes, owner })),
			publishedAt: meeting.publishedAt
		},
		place,
		attendees,
		mine,
		// Answers are for what is still to come; afterwards the lead records who came.
		answerable: mine !== null && meeting.status === 'planned' && meeting.endsAt > new Date(),
		// Marked held only once it has begun; the service refuses it before.
		started: meeting.startsAt <= new Date(),
		// Who came is recorded once the meeting has begun (or has been marked as held).
		recording:
			canManage &&
			(meeting.status === 'held' ||
				meeting.status === 'published' ||
				(meeting.status === 'planned' && meeting.startsAt <= new Date())),
		minutes: minutes && { ...minutes, html: localiseHtml(minutes.html, event.locals.locale) },
		notes: readable
			? {
					id: readable.document!.id,
					html: localiseHtml(readable.document!.html, event.locals.locale),
					canWrite: readable.canWrite,
					uploads
				}
			: null,
		mentions,
		me: { id: user.id, name: user.name, color: colourFor(user.id) },
		canManage,
		attendanceChoices: attendances,
		justCreated: event.url.searchParams.has('planifiee'),
		// Who may still be invited: the active people of the network not invited yet, the group's
		// members first. Only for those who run the meeting, until it begins.
		invite: meetingInvitees.editable(meeting, canManage)
			? {
					people: owners
						.filter((p) => !p.closed && !invited.has(p.id))
						.map(({ id, name, organisation, member }) => ({ id, name, organisation, member })),
					search: searchUrl
				}
			: null,
		series,
		edit: canManage
			? {
					hosts: hosts.map((o) => ({ id: o.id, name: o.name, town: o.town })),
					values: editValues(meeting),
					people: owners,
					search: searchUrl,
					known
				}
			: null
	};
};

const ATTENDANCE_FIELD = /^attendance\.(.+)$/;

/** The meeting as its files' actions need it: its group's contributors change them. */
async function filePlace(
	event: RequestEvent<{ slug: string; meetingId: string }>
): Promise<FilePlace> {
	const { user, group, meeting, context } = await loadMeeting(event);
	return {
		user,
		place: { type: 'meeting', id: meeting.id, groupId: group.id },
		allowed: context !== undefined && can(user, 'group.contribute', context)
	};
}

export const actions: Actions = {
	...subjectFileActions(filePlace),
	respond: async (event) => {
		const { user, meeting } = await loadMeeting(event);
		const parsed = parseForm(meetings.responseSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			meetings.respond(user, meeting.id, parsed.data.response)
		);
		if (!result.ok) return result.failure;
		return { done: 'meeting.answered' as const };
	},
	attendance: async (event) => {
		const { user, meeting, attendees } = await loadMeeting(event, true);
		const form = await event.request.formData();
		const invited = new Set(attendees.map((a) => a.userId));
		const raw: Record<string, string> = {};
		for (const [name, value] of form) {
			const m = ATTENDANCE_FIELD.exec(name);
			if (m && typeof value === 'string' && invited.has(m[1])) raw[m[1]] = value;
		}
		const parsed = meetings.attendanceSchema.safeParse(raw);
		const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [`attendance.${k}`, v]));
		if (!parsed.success) return invalid(values, { attendance: 'validation.choose' });
		if (Object.keys(parsed.data).length === 0) {
			return invalid(values, { attendance: 'meeting.attendance_none' });
		}
		const result = await attempt(values, () =>
			meetings.recordAttendance(user, meeting.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		return { done: 'meeting.attendance_saved' as const };
	},
	held: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		const result = await attempt({}, () => meetings.setStatus(user, meeting.id, 'held'));
		if (!result.ok) return result.failure;
		return { done: 'meeting.status_changed' as const };
	},
	// Cancelling takes two steps, both plain forms: the first answers with the question, and only
	// the second, which says `confirm=1`, cancels; in a series, this meeting only or the following
	// ones too (`scope=following`).
	cancel: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		const form = await event.request.formData();
		const scope = form.get('scope') ?? 'one';
		if (scope !== 'one' && scope !== 'following') return invalid({}, { form: 'validation.choose' });
		if (form.get('confirm') !== '1') return { confirmCancel: true as const };
		if (scope === 'following') {
			const result = await attempt({}, () => meetingSeries.cancelFollowing(user, meeting.id));
			if (!result.ok) return result.failure;
			return { done: 'series.cancelled_following' as const };
		}
		const result = await attempt({}, () => meetings.setStatus(user, meeting.id, 'cancelled'));
		if (!result.ok) return result.failure;
		return { done: 'meeting.status_changed' as const };
	},
	reopen: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		const result = await attempt({}, () => meetings.setStatus(user, meeting.id, 'planned'));
		if (!result.ok) return result.failure;
		return { done: 'meeting.status_changed' as const };
	},
	publish: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		// A cancelled meeting has no minutes to send: restore it first.
		if (meeting.status === 'cancelled') return invalid({}, { form: 'meeting.cancelled_notice' });
		const origin = await publicOrigin();
		const result = await attempt({}, () =>
			meetings.publish(user, meeting.id, event.locals.locale, origin)
		);
		if (!result.ok) return result.failure;
		return { done: 'meeting.published' as const };
	},
	invite: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		const chosen = (await event.request.formData())
			.getAll('invitees')
			.filter((v): v is string => typeof v === 'string' && v !== '');
		const values = { invitees: chosen.join(',') };
		const parsed = parseInput(meetingInvitees.inviteSchema, { invitees: chosen }, values);
		// One message for the field, whichever of the chosen people it is about.
		if (!parsed.ok) return refuse(values, { invitees: Object.values(parsed.errors)[0] });
		const result = await attempt(values, () =>
			meetingInvitees.invite(user, meeting.id, parsed.data.invitees)
		);
		if (!result.ok) return refuse(values, result.failure.data.errors, result.failure.status);
		return { done: 'meeting.invited' as const };
	},
	uninvite: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		const parsed = parseForm(meetingInvitees.uninviteSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt({}, () =>
			meetingInvitees.uninvite(user, meeting.id, parsed.data.userId)
		);
		if (!result.ok) return result.failure;
		return { done: 'meeting.uninvited' as const };
	},
	// In a series, `scope=following` changes the following meetings too.
	update: async (event) => {
		const { user, meeting } = await loadMeeting(event, true);
		const form = await event.request.formData();
		const scope = form.get('scope') ?? 'one';
		const parsed = parseMeetingForm(form);
		if (scope !== 'one' && scope !== 'following')
			return refuse(parsed.values, {
				...(parsed.ok ? {} : parsed.errors),
				scope: 'validation.choose'
			});
		if (!parsed.ok) return refuse(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			scope === 'following'
				? meetingSeries.updateFollowing(user, meeting.id, parsed.data.meeting)
				: meetings.update(user, meeting.id, parsed.data.meeting)
		);
		if (!result.ok) return refuse(parsed.values, result.failure.data.errors, result.failure.status);
		return {
			done: scope === 'following' ? ('series.saved_following' as const) : ('meeting.saved' as const)
		};
	}
};

import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import type { AgendaItem } from '$lib/server/db/schema';
import * as directory from '$lib/server/directory';
import * as meetingInvitees from '$lib/server/meetings/invitees';
import { isIsoDate } from '$lib/dates';
import { isRepeatRule } from '$lib/recurrence';
import * as meetingSeries from '$lib/server/meetings/series';
import * as meetings from '$lib/server/meetings';
import * as memberships from '$lib/server/memberships';
import { formValues, parseInput, repeatedRows, type Parsed } from '$lib/server/forms';

const invitees = z.array(z.uuid('action.owner_unknown')).max(500, 'validation.invalid');

/** `agenda.<row>.<field>`: one field of one agenda row, rows numbered in the page's order. */
const AGENDA_FIELD = /^agenda\.(\d{1,4})\.(title|ownerId|minutes)$/;
const AGENDA_FIELDS = ['title', 'ownerId', 'minutes'] as const;
/** More rows than this are not read at all (the schema refuses more than 40 anyway). */
const MAX_ROWS = 200;

/** The agenda rows as sent, blank rows dropped, numbered again from 0. */
const agendaRows = (values: Record<string, string>) =>
	repeatedRows(values, 'agenda', AGENDA_FIELDS, MAX_ROWS);

/** A stored agenda as the form's fields. */
export function agendaValues(agenda: AgendaItem[]): Record<string, string> {
	const values: Record<string, string> = {};
	agenda.forEach((item, i) => {
		values[`agenda.${i}.title`] = item.title;
		values[`agenda.${i}.ownerId`] = item.ownerId ?? '';
		values[`agenda.${i}.minutes`] = item.minutes ? String(item.minutes) : '';
	});
	return values;
}

/**
 * How the meeting repeats, from the form's `repeat` (a rule, or "none"), `repeatEnd` ("count" or
 * "until": which of `repeatCount` and `repeatUntil` ends the series, unless only the other is
 * filled in). Only what the fields say alone: the dates are checked against the start by `plan`.
 */
function parseRepeat(values: Record<string, string>): {
	repeat: meetingSeries.Repeat | null;
	errors: Record<string, MessageKey>;
} {
	const rule = values.repeat?.trim() ?? '';
	if (!rule || rule === 'none') return { repeat: null, errors: {} };
	if (!isRepeatRule(rule)) return { repeat: null, errors: { repeat: 'repeat.unknown' } };
	const count = values.repeatCount?.trim() ?? '';
	const until = values.repeatUntil?.trim() ?? '';
	// The end chosen, unless only the other one is filled in (without JavaScript both show).
	const chosen = values.repeatEnd === 'until' ? 'until' : 'count';
	const end =
		chosen === 'count'
			? !count && until
				? 'until'
				: 'count'
			: !until && count
				? 'count'
				: 'until';
	if (end === 'count') {
		if (!count) return { repeat: null, errors: { repeatCount: 'repeat.end_missing' } };
		if (!/^\d{1,3}$/.test(count))
			return { repeat: null, errors: { repeatCount: 'repeat.count_invalid' } };
		return { repeat: { rule, end: { count: Number(count) } }, errors: {} };
	}
	if (!until) return { repeat: null, errors: { repeatUntil: 'repeat.end_missing' } };
	if (!isIsoDate(until)) return { repeat: null, errors: { repeatUntil: 'validation.date' } };
	return { repeat: { rule, end: { until } }, errors: {} };
}

/**
 * The schedule form: the meeting's fields (through `meetingSchema`), its agenda rows
 * (`agenda.<row>.title|ownerId|minutes`) and the other people invited besides the group's members
 * (repeated `invitees` checkboxes), and whether the person scheduling it is invited ("M'inviter").
 * Fields of the place kinds not chosen are dropped, so a host picked and then abandoned for a
 * video link is not stored.
 */
export function parseMeetingForm(form: FormData): Parsed<{
	meeting: meetings.MeetingInput;
	invitees: string[];
	inviteSelf: boolean;
	repeat: meetingSeries.Repeat | null;
}> {
	const chosen = form.getAll('invitees').filter((v): v is string => typeof v === 'string');
	// "M'inviter": a hidden "no" comes before the box's "yes"; a form without either invites.
	const self = form.getAll('inviteSelf');
	const inviteSelf = self.length === 0 || self.includes('yes');
	const { invitees: _, inviteSelf: __, ...typed } = formValues(form);
	const agenda = agendaRows(typed);
	const parsed = parseInput(
		meetings.meetingSchema,
		{ ...agenda.others, agenda: agenda.rows },
		agenda.values
	);
	// Kept as one value so that the boxes ticked before a refusal stay ticked.
	const values = {
		...parsed.values,
		invitees: chosen.join(','),
		inviteSelf: inviteSelf ? 'yes' : 'no'
	};
	const extra = invitees.safeParse(chosen);
	const repeat = parseRepeat(typed);
	const errors: Record<string, MessageKey> = parsed.ok ? {} : { ...parsed.errors };
	if (!extra.success) errors.invitees = extra.error.issues[0].message as MessageKey;
	Object.assign(errors, repeat.errors);
	if (parsed.ok && repeat.repeat) {
		const planned = meetingSeries.plan(parsed.data, repeat.repeat);
		if (!planned.ok) errors[planned.field] = planned.message;
	}
	if (!parsed.ok || Object.keys(errors).length) return { ok: false, values, errors };
	const meeting = { ...parsed.data };
	if (meeting.placeKind !== 'organisation') meeting.placeOrganisationId = null;
	if (meeting.placeKind !== 'online') meeting.onlineUrl = '';
	return {
		ok: true,
		values,
		data: {
			meeting,
			invitees: [...new Set(extra.success ? extra.data : [])],
			inviteSelf,
			repeat: repeat.repeat
		}
	};
}

/**
 * The refusal of a meeting form: what was typed and why, with the people it names (the invitees
 * chosen, the agenda's owners), so that pickers that search by name show them again.
 */
export async function refuse(
	values: Record<string, string>,
	errors: Record<string, MessageKey>,
	status = 400
) {
	const ids = [
		...(values.invitees ?? '').split(','),
		...Object.entries(values)
			.filter(([name]) => AGENDA_FIELD.exec(name)?.[2] === 'ownerId')
			.map(([, id]) => id)
	].filter(Boolean);
	return fail(status, { values, errors, known: await meetingInvitees.namesOf(ids) });
}

/** Someone who may own an agenda item. */
export interface AgendaPerson {
	id: string;
	name: string;
	organisation: string;
	/** Members of the group come first in the list. */
	member: boolean;
	/** An owner named before their account was closed. */
	closed?: boolean;
}

/**
 * Who may own an agenda item: the active people of the network, the group's members first; plus
 * the owners the agenda already names whose account was closed since, so that editing the
 * meeting does not silently drop them.
 */
export async function agendaPeople(
	groupId: string,
	agenda: AgendaItem[] = []
): Promise<AgendaPerson[]> {
	const [members, people] = await Promise.all([
		memberships.list(groupId),
		directory.peopleForPicker()
	]);
	const memberIds = new Set(members.map((m) => m.userId));
	const list: AgendaPerson[] = people
		.map((p) => ({ ...p, member: memberIds.has(p.id) }))
		.sort((a, b) => Number(b.member) - Number(a.member));
	const listed = new Set(list.map((p) => p.id));
	const missing = agenda.filter((item) => item.ownerId && !listed.has(item.ownerId));
	if (missing.length) {
		const names = await meetings.agendaOwners([missing]);
		for (const [id, name] of names)
			list.push({ id, name, organisation: '', member: false, closed: true });
	}
	return list;
}

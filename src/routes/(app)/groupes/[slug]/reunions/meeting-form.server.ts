import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import * as meetings from '$lib/server/meetings';
import { parseForm, type Parsed } from '$lib/server/forms';

const invitees = z.array(z.uuid('action.owner_unknown')).max(500, 'validation.invalid');

/**
 * The schedule form: the meeting's fields (through `meetingSchema`) and the other people invited
 * besides the group's members (repeated `invitees` checkboxes). Fields of the place kinds not
 * chosen are dropped, so a host picked and then abandoned for a video link is not stored.
 */
export function parseMeetingForm(
	form: FormData
): Parsed<{ meeting: meetings.MeetingInput; invitees: string[] }> {
	const chosen = form.getAll('invitees').filter((v): v is string => typeof v === 'string');
	const parsed = parseForm(meetings.meetingSchema, form);
	// Kept as one value so that the boxes ticked before a refusal stay ticked.
	const values = { ...parsed.values, invitees: chosen.join(',') };
	const extra = invitees.safeParse(chosen);
	const errors: Record<string, MessageKey> = parsed.ok ? {} : { ...parsed.errors };
	if (!extra.success) errors.invitees = extra.error.issues[0].message as MessageKey;
	if (!parsed.ok || !extra.success) return { ok: false, values, errors };
	const meeting = { ...parsed.data };
	if (meeting.placeKind !== 'organisation') meeting.placeOrganisationId = null;
	if (meeting.placeKind !== 'online') meeting.onlineUrl = '';
	return { ok: true, values, data: { meeting, invitees: [...new Set(extra.data)] } };
}

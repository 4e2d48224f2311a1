import { z } from 'zod';
import { attendances, placeKinds, responses, type AgendaItem } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { parisLocalToDate } from '../dates';

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
			.refine((v) => v === '' || isUuid(v), 'action.owner_unknown')
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
			.refine((v) => v === '' || isUuid(v), 'validation.choose')
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

export const attendanceSchema = z.record(z.string(), z.enum(attendances));

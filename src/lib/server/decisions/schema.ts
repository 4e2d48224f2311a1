import { z } from 'zod';
import { richTextOf, RICH_TEXT_MAX_CHARS } from '$lib/richtext/validate';
import { decisionChanges, stances } from '$lib/server/db/schema';
import { isIsoDate } from '$lib/dates';
import { isUuid } from '$lib/uuid';
import { parisLocalToDate } from '../dates';

/** The furthest a proposal may close: a group decides within a season, not a year. */
export const MAX_OPEN_DAYS = 90;

/** A reason given with an answer: a sentence or a short paragraph. */
export const REASON_MAX_CHARS = 1_000;

const title = z.string().trim().min(3, 'validation.too_short').max(200, 'validation.too_long');

const text = richTextOf(RICH_TEXT_MAX_CHARS).refine((doc) => doc !== null, {
	message: 'validation.required'
});

/** A moment typed in Paris time ("2027-03-02T18:00"), to come. */
const closing = z.string().transform((v, ctx) => {
	const date = parisLocalToDate(v);
	if (!date) {
		ctx.addIssue({ code: 'custom', message: 'validation.date' });
		return z.NEVER;
	}
	return date;
});

const optionalId = z
	.string()
	.trim()
	.optional()
	.default('')
	.refine((v) => v === '' || isUuid(v), 'error.not_found')
	.transform((v) => (v ? v.toLowerCase() : null));

/** A checkbox: sent as "on" when ticked, absent otherwise. */
const ticked = z
	.string()
	.optional()
	.transform((v) => v === 'on' || v === 'true');

export const proposalSchema = z.object({
	title,
	body: text,
	closesAt: closing,
	anonymous: ticked,
	thread: optionalId,
	meeting: optionalId
});
export type ProposalInput = z.output<typeof proposalSchema>;

export const answerSchema = z.object({
	stance: z.enum(stances, 'poll.choose_stance'),
	reason: z.string().trim().max(REASON_MAX_CHARS, 'validation.too_long').optional().default('')
});
export type AnswerInput = z.output<typeof answerSchema>;

export const extendSchema = z.object({ closesAt: closing });

/** The outcome the author writes once a proposal has closed: it becomes a decision. */
export const outcomeSchema = z.object({ title, body: text });
export type OutcomeInput = z.output<typeof outcomeSchema>;

/** A decision recorded directly, or revising or revoking an earlier one. */
export const decisionSchema = z
	.object({
		title,
		body: text,
		decidedOn: z.string().trim().refine(isIsoDate, 'validation.date'),
		meeting: optionalId,
		refersTo: optionalId,
		change: z
			.string()
			.optional()
			.default('')
			.refine(
				(v) => v === '' || (decisionChanges as readonly string[]).includes(v),
				'validation.choose'
			)
			.transform((v) => (v ? (v as (typeof decisionChanges)[number]) : null))
	})
	.superRefine((d, ctx) => {
		if (d.refersTo && !d.change)
			ctx.addIssue({ code: 'custom', path: ['change'], message: 'validation.choose' });
	});
export type DecisionInput = z.output<typeof decisionSchema>;

/** A quick poll offers at least two options and at most this many. */
export const MAX_OPTIONS = 20;

/** A quick poll: one choice or several among options, or a ranking of them. */
export const pollSchema = z
	.object({
		title,
		// Details are optional: a poll's question may say it all.
		body: z.preprocess((v) => v ?? '', richTextOf(RICH_TEXT_MAX_CHARS)),
		kind: z.enum(['choice', 'ranking'], 'validation.choose'),
		multiple: ticked,
		anonymous: ticked,
		closesAt: closing,
		// One option per line.
		options: z
			.string()
			.max(MAX_OPTIONS * 210, 'validation.too_long')
			.transform((v) =>
				v
					.split(/\r?\n/)
					.map((line) => line.trim())
					.filter(Boolean)
			)
	})
	.superRefine((poll, ctx) => {
		const issue = (
			message: 'poll.options_count' | 'poll.options_duplicate' | 'validation.too_long'
		) => ctx.addIssue({ code: 'custom', path: ['options'], message });
		if (poll.options.length < 2 || poll.options.length > MAX_OPTIONS) issue('poll.options_count');
		else if (poll.options.some((o) => o.length > 200)) issue('validation.too_long');
		else if (
			new Set(poll.options.map((o) => o.toLocaleLowerCase('fr'))).size !== poll.options.length
		)
			issue('poll.options_duplicate');
	});
export type PollInput = z.output<typeof pollSchema>;

/**
 * A quick poll's answer as the form sends it: the options chosen (`choice`, one field per ticked
 * box or the radio), or each option's rank (`rank:<option id>` = 1, 2, …).
 */
export function answerFromForm(form: FormData): { chosen: string[]; ranks: Map<string, number> } {
	const chosen = form.getAll('choice').map(String);
	const ranks = new Map<string, number>();
	for (const [key, value] of form.entries()) {
		if (!key.startsWith('rank:')) continue;
		const rank = Number(value);
		ranks.set(key.slice(5), Number.isInteger(rank) ? rank : NaN);
	}
	return { chosen, ranks };
}

/** A date poll offers at least two slots and at most this many. */
export const MAX_SLOTS = 30;

const clock = z
	.string()
	.trim()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.time');

/**
 * One slot of a date poll as typed: a day, a start and an end in Paris time, an optional place.
 * The moments are checked here; whether the slot is still to come is the service's to say.
 */
const slotSchema = z
	.object({
		day: z.string().trim().refine(isIsoDate, 'validation.date'),
		start: clock,
		end: clock,
		place: z.string().trim().max(200, 'validation.too_long').optional().default('')
	})
	.transform((slot, ctx) => {
		const startsAt = parisLocalToDate(`${slot.day}T${slot.start}`);
		const endsAt = parisLocalToDate(`${slot.day}T${slot.end}`);
		if (!startsAt || !endsAt) {
			ctx.addIssue({ code: 'custom', path: ['day'], message: 'validation.date' });
			return z.NEVER;
		}
		if (endsAt <= startsAt) {
			ctx.addIssue({ code: 'custom', path: ['end'], message: 'meeting.end_before_start' });
			return z.NEVER;
		}
		return { startsAt, endsAt, place: slot.place };
	});
export type SlotInput = z.output<typeof slotSchema>;

/** A date poll: the meeting's title, a word to the invitees, the slots, the answers' deadline. */
export const datePollSchema = z
	.object({
		// The meeting's title too, whose limit it takes.
		title: z.string().trim().min(3, 'validation.too_short').max(160, 'validation.too_long'),
		body: z.preprocess((v) => v ?? '', richTextOf(RICH_TEXT_MAX_CHARS)),
		closesAt: closing,
		slots: z.array(slotSchema).min(2, 'poll.slots_count').max(MAX_SLOTS, 'poll.slots_count')
	})
	.superRefine((poll, ctx) => {
		const seen = new Set<string>();
		poll.slots.forEach((slot, i) => {
			// A row refused above reaches here as it was typed (zod checks on): nothing to compare.
			if (!(slot?.startsAt instanceof Date)) return;
			const key = `${slot.startsAt.getTime()}-${slot.endsAt.getTime()}-${slot.place.toLocaleLowerCase('fr')}`;
			if (seen.has(key))
				ctx.addIssue({ code: 'custom', path: ['slots', i, 'day'], message: 'poll.slot_duplicate' });
			seen.add(key);
		});
	});
export type DatePollInput = z.output<typeof datePollSchema>;

/** A date poll's answers: yes (2), if need be (1), no (0) for a slot. */
export const slotAnswers = { yes: 2, maybe: 1, no: 0 } as const;
export type SlotAnswer = keyof typeof slotAnswers;
export const isSlotAnswer = (v: unknown): v is SlotAnswer =>
	typeof v === 'string' && Object.hasOwn(slotAnswers, v);

/**
 * A date poll's answer as the form sends it: `slot:<slot id>` = yes | maybe | no for each slot
 * answered. Anything else for a slot is kept as NaN, for the service to refuse.
 */
export function slotsFromForm(form: FormData): Map<string, number> {
	const values = new Map<string, number>();
	for (const [key, value] of form.entries()) {
		if (!key.startsWith('slot:')) continue;
		values.set(key.slice(5), isSlotAnswer(value) ? slotAnswers[value] : NaN);
	}
	return values;
}

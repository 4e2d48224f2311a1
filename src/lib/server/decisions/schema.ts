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

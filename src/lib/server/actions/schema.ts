import { z } from 'zod';
import { actionStatuses, type Action } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { isIsoDate } from '../dates';

const isoDate = z
	.string()
	.trim()
	.refine((v) => v === '' || isIsoDate(v), 'validation.date')
	.transform((v) => v || null);
const optionalId = z
	.string()
	.trim()
	.refine((v) => v === '' || isUuid(v), 'action.owner_unknown')
	.transform((v) => v || null);

export const actionSchema = z.object({
	title: z.string().trim().min(2, 'validation.too_short').max(300, 'validation.too_long'),
	description: z.string().trim().max(5000, 'validation.too_long').optional().default(''),
	ownerId: optionalId,
	dueDate: isoDate,
	status: z.enum(actionStatuses, 'validation.choose').optional().default('open')
});
export type ActionInput = z.output<typeof actionSchema>;
export type ActionPatch = Partial<
	Pick<Action, 'title' | 'description' | 'ownerId' | 'dueDate' | 'status'>
>;

export const commentSchema = z.object({
	body: z.string().trim().min(1, 'validation.required').max(4000, 'validation.too_long')
});

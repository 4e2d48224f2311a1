import { z } from 'zod';
import { richTextOf } from '$lib/richtext/validate';
import { attachmentsField } from '$lib/server/files/attachments';

/** A message may hold this many characters of text (the editor's JSON may be ten times more). */
export const MESSAGE_MAX_CHARS = 50_000;

const messageBody = richTextOf(MESSAGE_MAX_CHARS, 'thread.message_too_long').refine(
	(doc) => doc !== null,
	{
		message: 'thread.message_empty'
	}
);

export const threadSchema = z.object({
	title: z.string().trim().min(3, 'validation.too_short').max(200, 'validation.too_long'),
	body: messageBody,
	subject: z.string().trim().max(100).optional().default('')
});
export type ThreadInput = z.output<typeof threadSchema>;

export const messageSchema = z.object({
	body: messageBody,
	parentId: z.string().trim().max(100).optional().default(''),
	attachments: attachmentsField
});
export const editSchema = z.object({ body: messageBody });
export const titleSchema = z.object({
	title: z.string().trim().min(3, 'validation.too_short').max(200, 'validation.too_long')
});

import type { MessageKey } from '$lib/i18n';
import { isUuid } from '$lib/uuid';
import { z } from 'zod';
import { fromPlainText } from './render';
import type { RichDoc, RichNode } from './types';

const NODE_TYPES = new Set([
	'paragraph',
	'text',
	'heading',
	'bulletList',
	'orderedList',
	'listItem',
	'blockquote',
	'hardBreak',
	'horizontalRule',
	'codeBlock',
	'mention'
]);
const MARK_TYPES = new Set(['bold', 'italic', 'strike', 'underline', 'code', 'link']);
export const RICH_TEXT_MAX_CHARS = 20_000;
const MAX_DEPTH = 12;

/** Keeps only the node types, marks and attributes we render; drops the rest. */
function clean(node: unknown, depth: number, budget: { chars: number }): RichNode | null {
	if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return null;
	const { type, text, content, marks, attrs } = node as Record<string, unknown>;
	if (typeof type !== 'string' || !NODE_TYPES.has(type)) return null;
	const out: RichNode = { type };
	if (type === 'text') {
		if (typeof text !== 'string' || text.length === 0) return null;
		budget.chars -= text.length;
		out.text = text;
		if (Array.isArray(marks)) {
			const kept = marks
				.filter((m) => m && typeof m === 'object' && MARK_TYPES.has((m as { type: string }).type))
				.map((m) => {
					const mark = m as { type: string; attrs?: { href?: unknown } };
					return mark.type === 'link'
						? { type: 'link', attrs: { href: String(mark.attrs?.href ?? '') } }
						: { type: mark.type };
				});
			if (kept.length) out.marks = kept;
		}
		return out;
	}
	if (type === 'mention') {
		// A mention keeps only a person's id and the name shown; the server decides who it reaches.
		const { id, label } = (attrs ?? {}) as { id?: unknown; label?: unknown };
		if (!isUuid(id)) return null;
		const name = typeof label === 'string' ? label.slice(0, 120) : '';
		budget.chars -= name.length + 1;
		out.attrs = { id, label: name };
		return out;
	}
	if (type === 'heading') {
		const level = Number((attrs as { level?: unknown } | undefined)?.level);
		out.attrs = { level: level >= 2 && level <= 4 ? level : 3 };
	}
	if (Array.isArray(content)) {
		const children = content
			.map((child) => clean(child, depth + 1, budget))
			.filter((c): c is RichNode => c !== null);
		if (children.length) out.content = children;
	}
	return out;
}

/**
 * Parses what a rich-text field posted: the editor's JSON, or plain text when the person had no
 * JavaScript. Returns null for an empty text; throws a zod issue for unreadable input or for more
 * than `maxChars` characters of text.
 */
/** `tooLong` names the limit in words for the person who passed it. */
export const richTextOf = (maxChars: number, tooLong: MessageKey = 'validation.too_long') =>
	z
		.string()
		.max(maxChars * 10, tooLong)
		.transform((raw, ctx): RichDoc | null => {
			const trimmed = raw.trim();
			if (!trimmed) return null;
			let doc: RichDoc;
			// The editor always posts JSON.stringify(editor.getJSON()); anything else was typed in the
			// plain textarea shown without JavaScript.
			if (trimmed.startsWith('{"type":"doc"')) {
				let parsed: unknown;
				try {
					parsed = JSON.parse(trimmed);
				} catch {
					ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
					return z.NEVER;
				}
				const budget = { chars: maxChars };
				const root = parsed as { type?: unknown; content?: unknown };
				if (root?.type !== 'doc' || !Array.isArray(root.content)) {
					ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
					return z.NEVER;
				}
				const content = root.content
					.map((n) => clean(n, 0, budget))
					.filter((n): n is RichNode => n !== null);
				if (budget.chars < 0) {
					ctx.addIssue({ code: 'custom', message: tooLong });
					return z.NEVER;
				}
				doc = { type: 'doc', content };
			} else {
				if (trimmed.length > maxChars) {
					ctx.addIssue({ code: 'custom', message: tooLong });
					return z.NEVER;
				}
				doc = fromPlainText(trimmed);
			}
			const hasText = JSON.stringify(doc).includes('"text"');
			return hasText ? doc : null;
		});

export const richTextField = richTextOf(RICH_TEXT_MAX_CHARS);

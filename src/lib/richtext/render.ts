import type { RichDoc, RichMark, RichNode } from './types';

/**
 * Rich text to HTML, from the JSON alone. Only the node and mark types listed here produce
 * tags; text is always escaped and links keep only safe schemes, so nothing a person typed
 * can run in another person's browser.
 */

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The link target if it is http(s), mailto or tel; null otherwise (javascript:, data:, …). */
export function safeHref(href: unknown): string | null {
	if (typeof href !== 'string') return null;
	const trimmed = href.trim();
	if (/^(https?:|mailto:|tel:)/i.test(trimmed)) return trimmed;
	return null;
}

const BLOCKS: Record<string, string> = {
	paragraph: 'p',
	blockquote: 'blockquote',
	bulletList: 'ul',
	orderedList: 'ol',
	listItem: 'li',
	codeBlock: 'pre'
};

/** The opening and closing tags of a mark; none for unknown marks and unsafe links. */
export function markTags(mark: RichMark): [string, string] {
	switch (mark.type) {
		case 'bold':
			return ['<strong>', '</strong>'];
		case 'italic':
			return ['<em>', '</em>'];
		case 'strike':
			return ['<s>', '</s>'];
		case 'underline':
			return ['<u>', '</u>'];
		case 'code':
			return ['<code>', '</code>'];
		case 'link': {
			const href = safeHref(mark.attrs?.href);
			if (!href) return ['', ''];
			return [`<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow ugc">`, '</a>'];
		}
		default:
			return ['', ''];
	}
}

function renderText(node: RichNode): string {
	let html = escapeHtml(node.text ?? '');
	for (const mark of node.marks ?? []) {
		const [open, close] = markTags(mark);
		html = open + html + close;
	}
	return html;
}

function renderNode(node: RichNode, depth: number): string {
	if (depth > 40) return '';
	if (node.type === 'text') return renderText(node);
	if (node.type === 'hardBreak') return '<br>';
	if (node.type === 'horizontalRule') return '<hr>';
	if (node.type === 'mention') {
		const label = escapeHtml(String(node.attrs?.label ?? ''));
		return `<span class="mention" data-person="${escapeHtml(String(node.attrs?.id ?? ''))}">@${label}</span>`;
	}
	const inner = (node.content ?? []).map((child) => renderNode(child, depth + 1)).join('');
	if (node.type === 'heading') {
		const level = Math.min(Math.max(Number(node.attrs?.level) || 2, 2), 4);
		return `<h${level}>${inner}</h${level}>`;
	}
	if (node.type === 'codeBlock') return `<pre><code>${inner}</code></pre>`;
	const tag = BLOCKS[node.type];
	// Unknown nodes keep their text but lose their markup.
	return tag ? `<${tag}>${inner}</${tag}>` : inner;
}

export function renderHtml(doc: RichDoc | null | undefined): string {
	if (!doc || doc.type !== 'doc') return '';
	return (doc.content ?? []).map((node) => renderNode(node, 0)).join('');
}

/** The words of a rich text, blocks separated by new lines (search, previews, e-mails). */
export function toPlainText(doc: RichDoc | null | undefined): string {
	if (!doc) return '';
	const blocks: string[] = [];
	const walk = (node: RichNode, into: string[]) => {
		if (node.type === 'text') into.push(node.text ?? '');
		else if (node.type === 'mention') into.push(`@${String(node.attrs?.label ?? '')}`);
		else if (node.type === 'hardBreak') into.push('\n');
		for (const child of node.content ?? []) walk(child, into);
	};
	for (const node of doc.content ?? []) {
		const parts: string[] = [];
		walk(node, parts);
		blocks.push(parts.join(''));
	}
	return blocks.join('\n').trim();
}

/** Plain text typed without the editor (no JavaScript): one paragraph per line. */
export function fromPlainText(text: string): RichDoc {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const content: RichNode[] = lines
		.map((line) => line.trim())
		.filter((line, i, all) => line || (i > 0 && all[i - 1]))
		.map((line) =>
			line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' }
		);
	return { type: 'doc', content };
}

/** The people a rich text mentions, each once, in order. */
export function mentionedIds(doc: RichDoc | null | undefined): string[] {
	const ids = new Set<string>();
	const walk = (node: RichNode) => {
		if (node.type === 'mention' && typeof node.attrs?.id === 'string') ids.add(node.attrs.id);
		for (const child of node.content ?? []) walk(child);
	};
	for (const node of doc?.content ?? []) walk(node);
	return [...ids];
}

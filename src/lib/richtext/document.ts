import { isIsoDate, numericDay } from '$lib/dates';
import { formatDay, type Locale } from '$lib/i18n';
import { formatBytes } from '$lib/bytes';
import { fileBadge, fileHref, imageSrc, isFileId } from '$lib/editor/file-nodes';
import { escapeHtml, markTags, safeHref } from './render';
import type { RichNode } from './types';

/**
 * A whole co-edited document (the editor's JSON, read back from Yjs) as HTML, Markdown and a
 * list of task items. Like render.ts, only known node types produce markup, all text is escaped
 * and links keep safe schemes only.
 */

export interface TaskItem {
	id: string;
	text: string;
	checked: boolean;
	/** People @-mentioned in the item's own text, in order. */
	mentions: { id: string; label: string }[];
	/** The date of the first date chip in the item's own text, when it holds a real date. */
	dueDate?: string;
}

/**
 * The date of a date chip (YYYY-MM-DD), or null for any other node and for a chip whose
 * attribute is not a date: such a chip is ignored everywhere rather than breaking anything.
 */
export function chipDate(node: RichNode): string | null {
	return node.type === 'dateChip' && isIsoDate(node.attrs?.date) ? node.attrs.date : null;
}

/**
 * The date chips and file sizes of HTML made by `documentHtml` in the reader's words. The HTML
 * is stored once for every reader, with dates and sizes in figures; each page shows them in its
 * own language.
 */
export function localiseHtml(html: string, locale: Locale, year: 'auto' | 'always' = 'auto') {
	return html
		.replace(
			/<time class="date-chip" datetime="(\d{4}-\d{2}-\d{2})">[^<]*<\/time>/g,
			(whole, iso: string) =>
				isIsoDate(iso)
					? `<time class="date-chip" datetime="${iso}">${escapeHtml(formatDay(locale, iso, year))}</time>`
					: whole
		)
		.replace(
			/<span class="file-card-size" data-bytes="(\d{1,15})">[^<]*<\/span>/g,
			(_, bytes: string) =>
				`<span class="file-card-size" data-bytes="${bytes}">${escapeHtml(formatBytes(locale, Number(bytes)))}</span>`
		);
}

const MAX_DEPTH = 60;

function children(node: RichNode, depth: number): string {
	return (node.content ?? []).map((c) => html(c, depth + 1)).join('');
}

function html(node: RichNode, depth: number): string {
	if (depth > MAX_DEPTH) return '';
	const attrs = node.attrs ?? {};
	switch (node.type) {
		case 'text': {
			let out = escapeHtml(node.text ?? '');
			for (const mark of node.marks ?? []) {
				const [open, close] = markTags(mark);
				out = open + out + close;
			}
			return out;
		}
		case 'doc':
			return children(node, depth);
		case 'paragraph':
			return `<p>${children(node, depth)}</p>`;
		case 'heading': {
			const level = Math.min(Math.max(Number(attrs.level) || 1, 1), 6);
			return `<h${level}>${children(node, depth)}</h${level}>`;
		}
		case 'blockquote':
			return `<blockquote>${children(node, depth)}</blockquote>`;
		case 'bulletList':
			return `<ul>${children(node, depth)}</ul>`;
		case 'orderedList':
			return `<ol>${children(node, depth)}</ol>`;
		case 'listItem':
			return `<li>${children(node, depth)}</li>`;
		case 'taskList':
			return `<ul class="task-list">${children(node, depth)}</ul>`;
		case 'taskItem': {
			const checked = attrs.checked === true;
			// The box is named by the task's words (this HTML is stored, in no language of its own).
			const name = escapeHtml(taskItemText(node).replace(/\s+/g, ' ') || '…');
			return `<li class="task-item" data-checked="${checked}"><input type="checkbox" disabled${checked ? ' checked' : ''} aria-label="${name}"> <div>${children(node, depth)}</div></li>`;
		}
		case 'codeBlock':
			return `<pre><code>${children(node, depth)}</code></pre>`;
		case 'horizontalRule':
			return '<hr>';
		case 'hardBreak':
			return '<br>';
		case 'table':
			return `<table><tbody>${children(node, depth)}</tbody></table>`;
		case 'tableRow':
			return `<tr>${children(node, depth)}</tr>`;
		case 'tableHeader':
			return `<th>${children(node, depth)}</th>`;
		case 'tableCell':
			return `<td>${children(node, depth)}</td>`;
		case 'mention':
			return `<span class="mention">@${escapeHtml(String(attrs.label ?? attrs.id ?? ''))}</span>`;
		case 'dateChip': {
			const date = chipDate(node);
			return date ? `<time class="date-chip" datetime="${date}">${numericDay(date)}</time>` : '';
		}
		case 'image': {
			if (!isFileId(attrs.fileId)) return '';
			const width = Math.round(Number(attrs.width));
			const sized = width >= 40 && width <= 4000 ? ` width="${width}"` : '';
			return `<img src="${imageSrc(attrs.fileId)}" alt="${escapeHtml(String(attrs.alt ?? ''))}" data-file-id="${attrs.fileId}"${sized} loading="lazy">`;
		}
		case 'fileCard': {
			if (!isFileId(attrs.fileId)) return '';
			const name = escapeHtml(String(attrs.name ?? ''));
			const bytes = Math.max(0, Math.floor(Number(attrs.size) || 0));
			return `<a class="file-card" href="${fileHref(attrs.fileId)}" data-file-id="${attrs.fileId}"><span class="file-card-type" aria-hidden="true">${escapeHtml(fileBadge(attrs.name))}</span><span class="file-card-name">${name}</span><span class="file-card-size" data-bytes="${bytes}">${bytes}</span></a>`;
		}
		// A file on its way exists only for the editors: nothing of it is kept in the HTML.
		case 'pendingUpload':
			return '';
		default:
			return children(node, depth);
	}
}

export function documentHtml(doc: RichNode | null | undefined): string {
	return doc ? html(doc, 0) : '';
}

function inlineText(node: RichNode): string {
	if (node.type === 'text') return node.text ?? '';
	if (node.type === 'mention') return `@${String(node.attrs?.label ?? node.attrs?.id ?? '')}`;
	if (node.type === 'hardBreak') return '\n';
	if (node.type === 'dateChip') {
		const date = chipDate(node);
		return date ? numericDay(date) : '';
	}
	return (node.content ?? []).map(inlineText).join('');
}

/** A task item's own text, without the text of the items nested in it. */
function taskItemText(item: RichNode): string {
	return (item.content ?? [])
		.filter((c) => c.type !== 'taskList')
		.map(inlineText)
		.join(' ')
		.trim();
}

/** Every task item of the document, in order, with its stable id (items without one are skipped). */
export function documentTasks(doc: RichNode | null | undefined): TaskItem[] {
	const tasks: TaskItem[] = [];
	const walk = (node: RichNode) => {
		if (node.type === 'taskItem') {
			const id = node.attrs?.taskId;
			const own = taskItemText(node);
			const mentions: TaskItem['mentions'] = [];
			let dueDate: string | null = null;
			const collect = (n: RichNode) => {
				if (n.type === 'taskList') return;
				if (n.type === 'mention' && typeof n.attrs?.id === 'string') {
					mentions.push({ id: n.attrs.id, label: String(n.attrs.label ?? '') });
				}
				dueDate ??= chipDate(n);
				for (const c of n.content ?? []) collect(c);
			};
			for (const c of node.content ?? []) collect(c);
			if (typeof id === 'string' && id) {
				const checked = node.attrs?.checked === true;
				const task: TaskItem = { id, text: own, checked, mentions };
				if (dueDate) task.dueDate = dueDate;
				tasks.push(task);
			}
		}
		for (const child of node.content ?? []) walk(child);
	};
	if (doc) walk(doc);
	return tasks;
}

/** The document's words, one block per line, for search and previews. */
export function documentText(doc: RichNode | null | undefined): string {
	const lines: string[] = [];
	const walk = (node: RichNode) => {
		if (['paragraph', 'heading', 'codeBlock', 'tableCell', 'tableHeader'].includes(node.type)) {
			const text = inlineText(node).trim();
			if (text) lines.push(text);
			return;
		}
		if (node.type === 'fileCard' && typeof node.attrs?.name === 'string' && node.attrs.name) {
			lines.push(node.attrs.name);
			return;
		}
		for (const child of node.content ?? []) walk(child);
	};
	if (doc) walk(doc);
	return lines.join('\n');
}

/**
 * Text as Markdown that reads back as the same text: every character that could open markup, an
 * HTML tag, an autolink or an entity is backslash-escaped, and a line break (the editor never
 * puts one in text, stored JSON can) is a space, so that it cannot end the block it is in.
 */
function escapeMarkdown(text: string): string {
	return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_[\]#|<>&~]/g, '\\$&');
}

/** A document title as the Markdown export's first heading. */
export function markdownTitle(title: string): string {
	return `# ${escapeMarkdown(title).trim()}`;
}

/**
 * A safe link target as a Markdown destination: whatever could end it or be read as markup
 * (spaces, line breaks, parentheses, angle brackets, backslashes…) is percent-encoded, and an
 * `&` that would be read as an entity is escaped.
 */
function markdownHref(href: string): string {
	return href
		.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/gu, (c) =>
			Array.from(
				new TextEncoder().encode(c),
				(b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`
			).join('')
		)
		.replace(/&(?=#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, '\\&');
}

/**
 * Where inline Markdown goes: a block of lines (a paragraph), a single line (a heading, where a
 * hard break is a space) or a table cell (a single line where a pipe always needs its escape).
 */
type InlineContext = 'block' | 'line' | 'cell';

function markdownInline(node: RichNode, locale?: Locale, where: InlineContext = 'block'): string {
	if (node.type === 'hardBreak') return where === 'block' ? '  \n' : ' ';
	if (node.type === 'mention')
		return `@${escapeMarkdown(String(node.attrs?.label ?? node.attrs?.id ?? ''))}`;
	if (node.type === 'dateChip') {
		const date = chipDate(node);
		if (!date) return '';
		return escapeMarkdown(locale ? formatDay(locale, date, 'always') : numericDay(date));
	}
	if (node.type !== 'text')
		return (node.content ?? []).map((c) => markdownInline(c, locale, where)).join('');
	const marks = node.marks ?? [];
	const written = marks.some((m) => m.type === 'code')
		? inlineCode(node.text ?? '', where === 'cell')
		: escapeMarkdown(node.text ?? '');
	// Emphasis next to a space is not emphasis: marks wrap the text without its outer spaces.
	const [, before = '', inner = '', after = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(written) ?? [];
	let text = inner;
	for (const mark of marks) {
		if (!text) break;
		if (mark.type === 'bold') text = `**${text}**`;
		else if (mark.type === 'italic') text = `*${text}*`;
		else if (mark.type === 'strike') text = `~~${text}~~`;
		else if (mark.type === 'link') {
			const href = safeHref(mark.attrs?.href);
			if (href) text = `[${text}](${markdownHref(href)})`;
		}
	}
	return before + text + after;
}

/** The longest run of backticks in `text`: a code span or fence needs one more. */
const longestBackticks = (text: string) =>
	Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/**
 * Inline code, fenced with more backticks than it holds (CommonMark code spans), on one line
 * (a line break in it could end its block) and, in a table cell, with its pipes escaped: table
 * readers split cells before they read code.
 */
function inlineCode(raw: string, cell = false): string {
	let text = raw.replace(/\r\n?|\n/g, ' ');
	if (cell) text = text.replace(/\|/g, '\\|');
	if (!text) return '';
	const fence = '`'.repeat(longestBackticks(text) + 1);
	// A reader strips one space on each side when there is one on both sides.
	const pad = /^`|`$|^ [\s\S]*[^ ][\s\S]* $/.test(text) ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A paragraph's lines, each kept from being read as more than text: a line that begins with
 * spaces (an indented code block; a reader drops them anyway), with `- `, `+ ` or `1. ` (a list
 * item), or is a run of `-` or `=` (a rule, or the underline of a heading). `#`, `>`, `*`, `_`,
 * `<`, `~` and the rest are escaped wherever they are (escapeMarkdown).
 */
const escapeLineStarts = (text: string) =>
	text
		.split('\n')
		.map((line) =>
			line
				.replace(/^[ \t]+/, '')
				.replace(/^([-+])(?=\s|$)/, '\\$1')
				.replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
				.replace(/^([-=])(?=[-=\s]*$)/, '\\$1')
		)
		.join('\n');

/** The app's address in the links to files of the Markdown being written (`documentMarkdown`). */
let linkOrigin = '';

/** A block as Markdown lines, unindented: a list indents its items' blocks itself. */
function markdownBlock(node: RichNode, locale?: Locale): string[] {
	const inline = (where?: InlineContext) =>
		(node.content ?? []).map((c) => markdownInline(c, locale, where)).join('');
	switch (node.type) {
		case 'heading':
			return [
				`${'#'.repeat(Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 6))} ${inline('line')}`
			];
		case 'paragraph': {
			// One entry a line, so that a list indents and a quote marks every line of it. A line
			// left blank by two hard breaks would end the paragraph: a lone `\` is a hard break too.
			const lines = escapeLineStarts(inline()).split('\n');
			while (lines.length > 1 && !lines.at(-1)) lines.pop();
			return lines.map((line, i) => (line || i === lines.length - 1 ? line : '\\'));
		}
		case 'blockquote':
			return markdownBlocks(node.content ?? [], locale).map((l) => (l ? `> ${l}` : '>'));
		case 'bulletList':
		case 'taskList':
			return markdownList(node, () => '- ', locale);
		case 'orderedList':
			return markdownList(node, (i) => `${i + 1}. `, locale);
		case 'codeBlock': {
			const code = inlineText(node).replace(/\r\n?/g, '\n');
			const fence = '`'.repeat(Math.max(3, longestBackticks(code) + 1));
			const language = String(node.attrs?.language ?? '').replace(/[^\w+#.-]/g, '');
			return [`${fence}${language}`, ...code.split('\n'), fence];
		}
		case 'horizontalRule':
			return ['---'];
		case 'image':
			return isFileId(node.attrs?.fileId)
				? [
						`![${escapeMarkdown(String(node.attrs.alt ?? ''))}](${markdownHref(linkOrigin + imageSrc(node.attrs.fileId))})`
					]
				: [];
		case 'fileCard':
			return isFileId(node.attrs?.fileId)
				? [
						`[${escapeMarkdown(String(node.attrs.name ?? '')) || '…'}](${markdownHref(linkOrigin + fileHref(node.attrs.fileId))})`
					]
				: [];
		case 'pendingUpload':
			return [];
		case 'table': {
			const rows = (node.content ?? []).map(
				(row) =>
					`| ${(row.content ?? []).map((cell) => (cell.content ?? []).map((c) => (c.content ?? []).map((i) => markdownInline(i, locale, 'cell')).join('')).join(' ')).join(' | ')} |`
			);
			if (rows.length === 0) return [];
			const columns = (node.content?.[0]?.content ?? []).length;
			return [rows[0], `|${' --- |'.repeat(columns)}`, ...rows.slice(1)];
		}
		default:
			return markdownBlocks(node.content ?? [], locale);
	}
}

const isList = (node: RichNode) => ['bulletList', 'orderedList', 'taskList'].includes(node.type);

/**
 * Sibling blocks, a blank line between two. In a list item (`tight`), a list right under the
 * item's text follows it directly, so that a list of one-line items stays a tight list.
 */
function markdownBlocks(nodes: RichNode[], locale?: Locale, tight = false): string[] {
	const lines: string[] = [];
	for (const node of nodes) {
		const block = markdownBlock(node, locale);
		if (block.length === 0) continue;
		if (lines.length > 0 && !(tight && isList(node))) lines.push('');
		lines.push(...block);
	}
	return lines;
}

/**
 * A list: each item's marker, then its blocks indented as far as the marker is wide ("- ",
 * "1. ", "10. "), so that whatever follows the item's first line stays inside the item.
 */
function markdownList(node: RichNode, marker: (i: number) => string, locale?: Locale): string[] {
	return (node.content ?? []).flatMap((item, i) => {
		const head = marker(i);
		const pad = ' '.repeat(head.length);
		const box = item.type === 'taskItem' ? `[${item.attrs?.checked ? 'x' : ' '}] ` : '';
		const [first = '', ...rest] = markdownBlocks(item.content ?? [], locale, true);
		return [`${head}${box}${first}`.trimEnd(), ...rest.map((l) => (l ? pad + l : ''))];
	});
}

/**
 * The document as Markdown; date chips are written in `locale`'s words when one is given, and
 * images and files link to `origin` (the app's address) when one is given. A reader opening them
 * needs to be logged in: the links check their rights like the app's pages.
 */
export function documentMarkdown(
	doc: RichNode | null | undefined,
	locale?: Locale,
	origin = ''
): string {
	if (!doc) return '';
	// Read by the image and file blocks; the whole conversion runs before anything else can.
	linkOrigin = origin;
	try {
		const markdown = markdownBlocks(doc.content ?? [], locale)
			.join('\n')
			.trim();
		return markdown ? `${markdown}\n` : '\n';
	} finally {
		linkOrigin = '';
	}
}

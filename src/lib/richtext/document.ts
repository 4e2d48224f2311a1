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
			return `<li class="task-item" data-checked="${checked}"><input type="checkbox" disabled${checked ? ' checked' : ''}> <div>${children(node, depth)}</div></li>`;
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
	return (node.content ?? []).map(inlineText).join('');
}

/** Every task item of the document, in order, with its stable id (items without one are skipped). */
export function documentTasks(doc: RichNode | null | undefined): TaskItem[] {
	const tasks: TaskItem[] = [];
	const walk = (node: RichNode) => {
		if (node.type === 'taskItem') {
			const id = node.attrs?.taskId;
			// An item's own text, without the text of the items nested in it.
			const own = (node.content ?? [])
				.filter((c) => c.type !== 'taskList')
				.map(inlineText)
				.join(' ')
				.trim();
			const mentions: TaskItem['mentions'] = [];
			const collect = (n: RichNode) => {
				if (n.type === 'taskList') return;
				if (n.type === 'mention' && typeof n.attrs?.id === 'string') {
					mentions.push({ id: n.attrs.id, label: String(n.attrs.label ?? '') });
				}
				for (const c of n.content ?? []) collect(c);
			};
			for (const c of node.content ?? []) collect(c);
			if (typeof id === 'string' && id) {
				tasks.push({ id, text: own, checked: node.attrs?.checked === true, mentions });
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
		for (const child of node.content ?? []) walk(child);
	};
	if (doc) walk(doc);
	return lines.join('\n');
}

function markdownInline(node: RichNode): string {
	if (node.type === 'hardBreak') return '  \n';
	if (node.type === 'mention') return `@${String(node.attrs?.label ?? node.attrs?.id ?? '')}`;
	if (node.type !== 'text') return (node.content ?? []).map(markdownInline).join('');
	let text = (node.text ?? '').replace(/([\\`*_[\]#|<>])/g, '\\$1');
	for (const mark of node.marks ?? []) {
		if (mark.type === 'bold') text = `**${text}**`;
		else if (mark.type === 'italic') text = `*${text}*`;
		else if (mark.type === 'strike') text = `~~${text}~~`;
		else if (mark.type === 'code') text = `\`${node.text ?? ''}\``;
		else if (mark.type === 'link') {
			const href = safeHref(mark.attrs?.href);
			if (href) text = `[${text}](${href})`;
		}
	}
	return text;
}

function markdownBlock(node: RichNode, indent: string): string[] {
	const inline = () => (node.content ?? []).map(markdownInline).join('');
	const blocks = (prefix: (i: number) => string) =>
		(node.content ?? []).flatMap((item, i) => {
			const [first = '', ...rest] = (item.content ?? []).flatMap((c) =>
				markdownBlock(c, `${indent}  `)
			);
			const head =
				item.type === 'taskItem' ? `${prefix(i)}[${item.attrs?.checked ? 'x' : ' '}] ` : prefix(i);
			return [`${indent}${head}${first.trimStart()}`, ...rest];
		});
	switch (node.type) {
		case 'heading':
			return [
				`${'#'.repeat(Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 6))} ${inline()}`,
				''
			];
		case 'paragraph':
			return [`${indent}${inline()}`, ...(indent ? [] : [''])];
		case 'blockquote':
			return (node.content ?? [])
				.flatMap((c) => markdownBlock(c, ''))
				.map((l) => `> ${l}`.trimEnd())
				.concat('');
		case 'bulletList':
		case 'taskList':
			return [...blocks(() => '- '), ...(indent ? [] : [''])];
		case 'orderedList':
			return [...blocks((i) => `${i + 1}. `), ...(indent ? [] : [''])];
		case 'codeBlock':
			return ['```', inline().replace(/\\(.)/g, '$1'), '```', ''];
		case 'horizontalRule':
			return ['---', ''];
		case 'table': {
			const rows = (node.content ?? []).map(
				(row) =>
					`| ${(row.content ?? []).map((cell) => (cell.content ?? []).map((c) => (c.content ?? []).map(markdownInline).join('')).join(' ')).join(' | ')} |`
			);
			if (rows.length === 0) return [];
			const columns = (node.content?.[0]?.content ?? []).length;
			return [rows[0], `|${' --- |'.repeat(columns)}`, ...rows.slice(1), ''];
		}
		default:
			return (node.content ?? []).flatMap((c) => markdownBlock(c, indent));
	}
}

export function documentMarkdown(doc: RichNode | null | undefined): string {
	if (!doc) return '';
	return (doc.content ?? [])
		.flatMap((node) => markdownBlock(node, ''))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim()
		.concat('\n');
}

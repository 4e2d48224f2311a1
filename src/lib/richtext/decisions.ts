import { plain } from '$lib/text';

/**
 * The "Décisions" part of meeting minutes. Minutes are stored as the HTML `documentHtml` makes
 * (headings are bare `<h1>`…`<h6>`, every text escaped), so the section can be cut out of it
 * without re-reading the Yjs state: from the heading to the next heading of the same or a
 * higher level. The fragment stays as safe as the HTML it was cut from.
 */

const HEADING = /<h([1-6])>([\s\S]*?)<\/h\1>/g;

/** The heading's words without tags, accents, case or a trailing colon: "décisions :" → "decisions". */
function normalise(html: string): string {
	return plain(html.replace(/<[^>]*>/g, '').replace(/&[a-z#0-9]+;/gi, ' '))
		.replace(/[\s:]+$/, '')
		.trim();
}

/** What the notes template and people call the section, in French and English. */
const NAMES = new Set(['decisions', 'decision', 'decisions prises', 'releve de decisions']);

/**
 * The HTML under every "Décisions" heading of the minutes, joined; '' when there is none or when
 * the section is empty (the template's blank paragraph).
 */
export function decisionsHtml(html: string): string {
	const headings = [...html.matchAll(HEADING)].map((m) => ({
		level: Number(m[1]),
		start: m.index,
		end: m.index + m[0].length,
		name: normalise(m[2])
	}));
	const parts: string[] = [];
	headings.forEach((heading, i) => {
		if (!NAMES.has(heading.name)) return;
		const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
		const part = html.slice(heading.end, next?.start ?? html.length).trim();
		if (hasText(part)) parts.push(part);
	});
	return parts.join('');
}

function hasText(html: string): boolean {
	return html.replace(/<[^>]*>/g, '').trim() !== '';
}

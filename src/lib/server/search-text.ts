import { escapeHtml } from '$lib/richtext/render';

/** Longest query read, in characters: the rest is ignored. */
export const MAX_QUERY_LENGTH = 200;
/** Most words a query is made of: each one is a term every result must match. */
export const MAX_WORDS = 8;
/** Longest word kept: nothing in French or English is longer, a pasted hash is. */
const MAX_WORD_LENGTH = 40;

/**
 * The words of what the person typed, ready to be given to the database: letters and digits
 * only, so no tsquery operator (`&|!():*'`) or SQL ever reaches it; one-letter words are left
 * out (elisions like the "l" of "l'usine"), as are words past the limits.
 */
export function searchWords(input: string | null | undefined): string[] {
	const text = (input ?? '').slice(0, MAX_QUERY_LENGTH).normalize('NFC');
	return text
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length >= 2 || /^\p{N}$/u.test(w))
		.map((w) => w.slice(0, MAX_WORD_LENGTH))
		.slice(0, MAX_WORDS);
}

// ts_headline puts these around each match. Neither can appear in text that came from a form
// or the editor, and whatever else the snippet holds is escaped.
export const START_MARK = '\u0001';
export const STOP_MARK = '\u0002';
const MARKS = new RegExp(`([${START_MARK}${STOP_MARK}])`);

/**
 * A snippet from ts_headline as safe HTML: everything escaped, the matches in <mark>. Only the
 * database's markers become tags, so a document that contains "<script>" shows it as text.
 */
export function markedSnippet(headline: string): string {
	let html = '';
	let open = false;
	for (const part of headline.split(MARKS)) {
		if (part === START_MARK) {
			if (!open) html += '<mark>';
			open = true;
		} else if (part === STOP_MARK) {
			if (open) html += '</mark>';
			open = false;
		} else {
			html += escapeHtml(part.replace(/\s+/g, ' '));
		}
	}
	return open ? `${html}</mark>` : html;
}

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

// ts_headline's parser takes "<A2>" in "a1<<A2>>" for an HTML tag and leaves a space in its
// place. The texts given to it carry these instead of "<" and ">" (to the parser, like a space),
// and the snippet shows the brackets again.
export const LT_STAND_IN = '\u0003';
export const GT_STAND_IN = '\u0004';
const STAND_INS = new RegExp(`[${LT_STAND_IN}${GT_STAND_IN}]`, 'g');
const typedAngle = (c: string) => (c === LT_STAND_IN ? '<' : '>');

/**
 * A snippet from ts_headline as safe HTML: everything escaped, the matches in <mark>. Only the
 * database's markers become tags, so a document that contains "<script>" shows it as text, and
 * the angle brackets it was given as stand-ins are shown as typed.
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
			html += escapeHtml(part.replace(/\s+/g, ' ').replace(STAND_INS, typedAngle));
		}
	}
	return open ? `${html}</mark>` : html;
}

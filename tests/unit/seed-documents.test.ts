// The large seed writes documents without the app (tests/bench/lib/large/documents.ts): what it
// stores must read back in the app as the same document, with the text and HTML the app itself
// would have derived, or the search benchmark would measure something the app never serves.
import { describe, expect, it } from 'vitest';
import { documentHtml, documentText } from '$lib/richtext/document';
import type { RichNode } from '$lib/richtext/types';
import { jsonFromState, updateFromJson } from '$lib/richtext/content';
import {
	documentContent,
	html,
	notesContent,
	plainText,
	yjsUpdate
} from '../bench/lib/large/documents.ts';
import { Random } from '../bench/lib/large/random.ts';

const ctx = {
	people: ['Marie Keller', 'Luc O’Neil'],
	companies: ['Mécanique du Ried', 'Plastiques & Fils <Sélestat>']
};

function samples(): RichNode[] {
	const random = new Random(3);
	return [
		documentContent(random, ctx, 400),
		documentContent(random, { ...ctx, english: true }, 120),
		notesContent(random, ctx, true, 500),
		notesContent(random, ctx, false, 500)
	] as RichNode[];
}

describe('the documents of the large seed', () => {
	it('read back in the app as the content they were drawn from', () => {
		for (const content of samples()) {
			const seeded = jsonFromState(yjsUpdate(content));
			expect(seeded).toEqual(jsonFromState(updateFromJson(content)));
			expect(documentText(seeded)).toBe(documentText(content));
		}
	});

	it('carry the plain text and HTML the app derives', () => {
		for (const content of samples()) {
			expect(plainText(content)).toBe(documentText(content));
			expect(html(content)).toBe(documentHtml(content));
		}
	});

	it('are of realistic length, in sections', () => {
		const [long, english, notes, agenda] = samples();
		const words = (doc: RichNode) => documentText(doc).split(/\s+/).length;
		expect(words(long)).toBeGreaterThanOrEqual(400);
		expect(words(long)).toBeLessThan(600);
		expect(documentText(english)).toMatch(/\b(the|will|from)\b/);
		expect(documentText(notes)).toContain('Décisions');
		expect(long.content!.filter((n) => n.type === 'heading').length).toBeGreaterThan(1);
		expect(words(agenda)).toBeLessThan(20);
	});
});

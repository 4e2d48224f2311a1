import { describe, expect, it } from 'vitest';
import { invitationLink, linkParts } from '../../src/routes/(app)/admin/courriels/links';

const ORIGIN = 'https://maillage.example';

describe('linkParts', () => {
	it('makes the app’s own addresses links, sentence punctuation aside', () => {
		const text = `Ouvrez ce lien :\n${ORIGIN}/invitation/abc234.\nÀ bientôt`;
		const parts = linkParts(text, ORIGIN);
		expect(parts).toEqual([
			{ text: 'Ouvrez ce lien :\n' },
			{ text: `${ORIGIN}/invitation/abc234`, href: `${ORIGIN}/invitation/abc234` },
			{ text: '.\nÀ bientôt' }
		]);
		expect(parts.map((p) => p.text).join('')).toBe(text);
		expect(invitationLink(parts, ORIGIN)).toBe(`${ORIGIN}/invitation/abc234`);
	});

	it('leaves other addresses, and look-alikes of the app’s, as plain text', () => {
		for (const other of [
			'https://evil.example/invitation/abc',
			`${ORIGIN}.evil.example/invitation/abc`,
			'javascript:alert(1)',
			`http://maillage.example/invitation/abc`
		]) {
			const parts = linkParts(`voir ${other} ici`, ORIGIN);
			expect(parts.every((p) => !p.href)).toBe(true);
			expect(invitationLink(parts, ORIGIN)).toBeUndefined();
		}
	});
});

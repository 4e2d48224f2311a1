import { describe, expect, it } from 'vitest';
import { markedSnippet, searchWords } from '$lib/server/search/text';

describe('searchWords', () => {
	it('keeps letters and digits only, and no one-letter word', () => {
		expect(searchWords("l'usine d’Erstein & (bus) | 7 h!")).toEqual([
			'usine',
			'Erstein',
			'bus',
			'7'
		]);
		expect(searchWords("'; drop table users; --")).toEqual(['drop', 'table', 'users']);
		expect(searchWords('🚌 Sélestat 🚌')).toEqual(['Sélestat']);
		expect(searchWords(null)).toEqual([]);
		expect(searchWords("&|!():*'")).toEqual([]);
	});

	it('caps the length, the words and each word', () => {
		expect(searchWords('mot '.repeat(100))).toHaveLength(8);
		expect(searchWords('x'.repeat(10_000))[0]).toHaveLength(40);
		expect(searchWords(`${'a '.repeat(99)}loin`)).toEqual(['lo']);
	});
});

describe('markedSnippet', () => {
	it('escapes the text and turns only the markers into <mark>', () => {
		expect(markedSnippet('a <b>\u0001bus\u0002</b> & "c"')).toBe(
			'a &lt;b&gt;<mark>bus</mark>&lt;/b&gt; &amp; &quot;c&quot;'
		);
		expect(markedSnippet('\u0001open')).toBe('<mark>open</mark>');
		expect(markedSnippet('\u0002\u0002x')).toBe('x');
	});

	it('shows the angle brackets given to the database as stand-ins, escaped', () => {
		expect(markedSnippet('a1\u0003\u0003\u0001A2\u0002\u0004\u0004 \u0003b\u0004')).toBe(
			'a1&lt;&lt;<mark>A2</mark>&gt;&gt; &lt;b&gt;'
		);
	});
});

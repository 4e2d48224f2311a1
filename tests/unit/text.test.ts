import { describe, expect, it } from 'vitest';
import { namesHolding, plain, withoutAccents } from '$lib/text';

describe('text as people compare it', () => {
	it('sets accents and case aside', () => {
		expect(withoutAccents('Énergie, Cœur, ça')).toBe('Energie, Cœur, ca');
		expect(plain('Hélène LÉGER')).toBe('helene leger');
	});

	const people = [
		{ label: 'Zoé Martin', member: false },
		{ label: 'Martine Klein', member: false },
		{ label: 'Émile Martinez', member: true },
		{ label: 'Anne Durand', member: true }
	];

	it('finds names holding the text, members first, then names starting with it', () => {
		expect(namesHolding(people, ' MART').map((p) => p.label)).toEqual([
			'Émile Martinez',
			'Martine Klein',
			'Zoé Martin'
		]);
		expect(namesHolding(people, 'emile').map((p) => p.label)).toEqual(['Émile Martinez']);
		expect(namesHolding(people, 'xyz')).toEqual([]);
	});

	it('lists everyone, members first and in French order, when nothing is typed', () => {
		expect(namesHolding(people, '').map((p) => p.label)).toEqual([
			'Anne Durand',
			'Émile Martinez',
			'Martine Klein',
			'Zoé Martin'
		]);
	});
});

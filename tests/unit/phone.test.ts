import { describe, expect, it } from 'vitest';
import { isPlausiblePhone, telHref } from '$lib/phone';

describe('telHref', () => {
	it.each([
		['06 12 34 56 78', 'tel:+33612345678'],
		['03.88.12.34.56', 'tel:+33388123456'],
		['03-88-12-34-56', 'tel:+33388123456'],
		['+33 6 12 34 56 78', 'tel:+33612345678'],
		['+33 (0)3 88 12 34 56', 'tel:+33388123456'],
		['0033 3 88 12 34 56', 'tel:+33388123456'],
		['+49 7851 123456', 'tel:+497851123456'],
		['0049 (7851) 12 34', 'tel:+4978511234'],
		['3615', null],
		['appelez-moi', null],
		['06 12 34 56 78 poste 12', null],
		['', null],
		[null, null]
	])('of %j is %j', (typed, expected) => {
		expect(telHref(typed)).toBe(expected);
	});
});

describe('isPlausiblePhone', () => {
	it('takes numbers as people write them and refuses the rest', () => {
		expect(isPlausiblePhone('06 12 34 56 78')).toBe(true);
		expect(isPlausiblePhone('+41 (61) 123 45 67')).toBe(true);
		expect(isPlausiblePhone('1234567890123456')).toBe(false);
		expect(isPlausiblePhone('06 12 34 56 78; drop table')).toBe(false);
		expect(isPlausiblePhone('++33 6 12 34 56 78')).toBe(false);
	});
});

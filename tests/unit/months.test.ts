import { describe, expect, it } from 'vitest';
import { addMonths, formatMonth, isMonth, monthOf, quarterOf } from '$lib/months';

describe('months', () => {
	it.each(['2026-11', '2026-01', '2000-12', '2999-06'])('reads %s as a month', (value) => {
		expect(isMonth(value)).toBe(true);
	});

	it.each([
		'2026-13',
		'2026-00',
		'abc',
		'2026-1',
		'26-11',
		'2026-11-01',
		' 2026-11',
		'1999-12',
		2026
	])('refuses %s', (value) => {
		expect(isMonth(value)).toBe(false);
	});

	it('counts months across years', () => {
		expect(addMonths('2026-11', 1)).toBe('2026-12');
		expect(addMonths('2026-12', 1)).toBe('2027-01');
		expect(addMonths('2026-01', -1)).toBe('2025-12');
		expect(addMonths('2026-03', -15)).toBe('2024-12');
		expect(monthOf('2026-11-30')).toBe('2026-11');
	});

	it('names quarters and months in words', () => {
		expect(['2026-01', '2026-03', '2026-04', '2026-12'].map(quarterOf)).toEqual([
			'2026-Q1',
			'2026-Q1',
			'2026-Q2',
			'2026-Q4'
		]);
		expect(formatMonth('fr', '2026-11')).toBe('novembre 2026');
		expect(formatMonth('en', '2026-01')).toBe('January 2026');
	});
});

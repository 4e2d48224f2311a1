import { describe, expect, it } from 'vitest';
import {
	addMonths,
	dateParts,
	MAX_OCCURRENCES,
	normaliseRule,
	occurrenceDate,
	ruleFits,
	seriesDates,
	wallMinutes
} from '$lib/recurrence';
import { repeatChoice, seriesLabel } from '$lib/recurrence-labels';

// The rules of repeating meetings on calendar dates: which day each meeting of a series falls
// on, month ends and weekdays a month lacks included.

const dates = (rule: Parameters<typeof occurrenceDate>[0], anchor: string, n: number) =>
	Array.from({ length: n }, (_, i) => occurrenceDate(rule, anchor, i));

describe('the dates of a series', () => {
	it('repeats every week and every two weeks on the same weekday', () => {
		expect(dates('weekly', '2026-12-22', 3)).toEqual(['2026-12-22', '2026-12-29', '2027-01-05']);
		expect(dates('biweekly', '2026-12-22', 3)).toEqual(['2026-12-22', '2027-01-05', '2027-01-19']);
	});

	it('repeats every month on the second Tuesday, whatever the month starts with', () => {
		// 10 March 2026 is the second Tuesday; September 2026 starts on a Tuesday (8th is its 2nd).
		expect(dates('monthly_weekday', '2026-03-10', 7)).toEqual([
			'2026-03-10',
			'2026-04-14',
			'2026-05-12',
			'2026-06-09',
			'2026-07-14',
			'2026-08-11',
			'2026-09-08'
		]);
	});

	it('takes a fifth weekday as the last one of each month, which every month has', () => {
		// 31 March 2026 is the fifth Tuesday of March; April has four.
		expect(dateParts('2026-03-31')).toMatchObject({ weekday: 2, ordinal: 5, last: true });
		expect(normaliseRule('monthly_weekday', '2026-03-31')).toBe('monthly_last_weekday');
		expect(dates('monthly_weekday', '2026-03-31', 3)).toEqual([
			'2026-03-31',
			'2026-04-28',
			'2026-05-26'
		]);
		// The last Tuesday of a month with five of them is the fifth.
		expect(dates('monthly_last_weekday', '2026-04-28', 3)).toEqual([
			'2026-04-28',
			'2026-05-26',
			'2026-06-30'
		]);
	});

	it('fits "last Tuesday" only to a last Tuesday', () => {
		expect(ruleFits('monthly_last_weekday', '2026-04-28')).toBe(true);
		expect(ruleFits('monthly_last_weekday', '2026-04-21')).toBe(false);
		expect(ruleFits('monthly_weekday', '2026-04-21')).toBe(true);
	});

	it('falls on the last day of a shorter month, and comes back to the day after', () => {
		expect(dates('monthly_day', '2027-01-31', 5)).toEqual([
			'2027-01-31',
			'2027-02-28',
			'2027-03-31',
			'2027-04-30',
			'2027-05-31'
		]);
		// A leap year's February has its 29th.
		expect(occurrenceDate('monthly_day', '2028-01-30', 1)).toBe('2028-02-29');
		expect(occurrenceDate('monthly_day', '2026-10-15', 3)).toBe('2027-01-15');
		expect(addMonths('2026-03-31', 12)).toBe('2027-03-31');
		expect(addMonths('2027-02-28', -1)).toBe('2027-01-28');
	});

	it('ends on a date (inclusive) or after a count, and stops one past the limit', () => {
		expect(seriesDates('weekly', '2026-05-05', { until: '2026-05-19' })).toEqual([
			'2026-05-05',
			'2026-05-12',
			'2026-05-19'
		]);
		expect(seriesDates('monthly_day', '2026-05-05', { count: 2 })).toEqual([
			'2026-05-05',
			'2026-06-05'
		]);
		expect(seriesDates('weekly', '2026-01-06', { until: '2027-01-06' })).toHaveLength(
			MAX_OCCURRENCES + 1
		);
		expect(seriesDates('weekly', '2026-01-06', { count: 500 })).toHaveLength(MAX_OCCURRENCES + 1);
	});

	it('counts minutes between wall-clock times, without a time zone', () => {
		expect(wallMinutes('2026-03-10T14:00', '2026-03-10T16:30')).toBe(150);
		expect(wallMinutes('2026-03-28T23:30', '2026-03-29T03:00')).toBe(210);
	});
});

describe('the words of a series', () => {
	it('names the rule from the first date, in French and in English', () => {
		expect(seriesLabel('fr', 'monthly_weekday', '2026-03-10T14:00')).toBe(
			'Réunion mensuelle, 2e mardi'
		);
		expect(seriesLabel('en', 'monthly_weekday', '2026-03-10T14:00')).toBe(
			'Monthly meeting, second Tuesday'
		);
		expect(seriesLabel('fr', 'monthly_weekday', '2026-03-03T14:00')).toBe(
			'Réunion mensuelle, 1er mardi'
		);
		expect(seriesLabel('fr', 'monthly_weekday', '2026-03-31T14:00')).toBe(
			'Réunion mensuelle, dernier mardi'
		);
		expect(seriesLabel('fr', 'monthly_day', '2026-03-01T09:00')).toBe('Réunion mensuelle, le 1er');
		expect(seriesLabel('en', 'monthly_day', '2026-03-22T09:00')).toBe(
			'Monthly meeting, on the 22nd'
		);
		expect(seriesLabel('en', 'weekly', '2026-03-10T09:00')).toBe('Weekly meeting, on Tuesdays');
		expect(seriesLabel('fr', 'biweekly', '2026-03-12T09:00')).toBe(
			'Réunion toutes les deux semaines, le jeudi'
		);
	});

	it('offers choices in words once the start is known, in general terms before', () => {
		expect(repeatChoice('fr', 'monthly_weekday', '2026-03-10')).toBe('Chaque mois, le 2e mardi');
		expect(repeatChoice('fr', 'monthly_day', '2026-03-14')).toBe('Chaque mois, le 14');
		expect(repeatChoice('en', 'monthly_weekday', null)).toBe(
			'Every month, on the same weekday (e.g. the second Tuesday)'
		);
	});
});

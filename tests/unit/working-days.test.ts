import { describe, expect, it } from 'vitest';
import {
	easterSunday,
	isWorkingDay,
	workingDay,
	workingDayAt,
	workingDaysAfter
} from '$lib/server/demo/working-days';
import { dateToParisLocal } from '$lib/server/dates';

describe('working days of the demo network', () => {
	it('knows Easter', () => {
		expect(easterSunday(2026)).toBe('2026-04-05');
		expect(easterSunday(2027)).toBe('2027-03-28');
		expect(easterSunday(2038)).toBe('2038-04-25');
	});

	it('leaves out week-ends, public holidays (Alsace included) and the last week of the year', () => {
		expect(isWorkingDay('2026-12-07')).toBe(true); // a Monday
		expect(isWorkingDay('2026-12-06')).toBe(false); // a Sunday
		expect(isWorkingDay('2026-12-05')).toBe(false); // a Saturday
		expect(isWorkingDay('2026-12-31')).toBe(false);
		expect(isWorkingDay('2026-12-28')).toBe(false);
		expect(isWorkingDay('2027-01-01')).toBe(false);
		expect(isWorkingDay('2027-03-26')).toBe(false); // Good Friday
		expect(isWorkingDay('2027-03-29')).toBe(false); // Easter Monday
		expect(isWorkingDay('2027-05-06')).toBe(false); // Ascension
		expect(isWorkingDay('2027-05-17')).toBe(false); // Whit Monday
		expect(isWorkingDay('2027-07-14')).toBe(false);
		expect(isWorkingDay('2027-07-15')).toBe(true);
	});

	it('moves a day to the next working day, or the previous one', () => {
		expect(workingDay('2026-12-24')).toBe('2027-01-04');
		expect(workingDay('2026-12-24', -1)).toBe('2026-12-23');
		expect(workingDay('2026-12-08')).toBe('2026-12-08');
	});

	it('keeps a past day in the past and a future one in the future, at a Paris hour', () => {
		const now = new Date('2026-12-06T10:00:00Z'); // a Sunday
		expect(dateToParisLocal(workingDayAt(-1, '09:30', now))).toBe('2026-12-04T09:30');
		expect(dateToParisLocal(workingDayAt(1, '09:30', now))).toBe('2026-12-07T09:30');
		// Summer time: 09:30 in Paris is 07:30 UTC.
		expect(workingDayAt(3, '09:30', new Date('2027-07-05T10:00:00Z')).toISOString()).toBe(
			'2027-07-08T07:30:00.000Z'
		);
		expect(dateToParisLocal(workingDaysAfter(new Date('2026-12-04T08:30:00Z'), 2, '09:00'))).toBe(
			'2026-12-08T09:00'
		);
	});
});

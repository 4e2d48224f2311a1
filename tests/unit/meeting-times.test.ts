import { describe, expect, it } from 'vitest';
import { nextEnd } from '../../src/routes/(app)/groupes/[slug]/reunions/meeting-times';

describe('nextEnd', () => {
	it('puts the end one hour after a first start when it is empty', () => {
		expect(nextEnd('', '', '2027-03-02T14:00')).toBe('2027-03-02T15:00');
	});

	it('keeps the duration when the start moves, across midnight too', () => {
		expect(nextEnd('2027-03-02T14:00', '2027-03-02T16:30', '2027-03-03T09:15')).toBe(
			'2027-03-03T11:45'
		);
		expect(nextEnd('2027-03-02T14:00', '2027-03-02T16:00', '2027-03-02T23:00')).toBe(
			'2027-03-03T01:00'
		);
	});

	it('counts on the wall clock: a change of summer time keeps the hours as written', () => {
		expect(nextEnd('2027-03-27T14:00', '2027-03-27T16:00', '2027-03-28T01:30')).toBe(
			'2027-03-28T03:30'
		);
	});

	it('puts the end one hour after the start when it was not after the previous start', () => {
		expect(nextEnd('2027-03-02T14:00', '2027-03-02T13:00', '2027-03-02T15:00')).toBe(
			'2027-03-02T16:00'
		);
		expect(nextEnd('', '2027-03-02T10:00', '2027-03-02T15:00')).toBe('2027-03-02T16:00');
	});

	it('keeps an end already after the new start when there was no duration to keep', () => {
		expect(nextEnd('', '2027-03-02T18:00', '2027-03-02T15:00')).toBe('2027-03-02T18:00');
	});

	it('leaves the end alone while the start is not a whole date and time', () => {
		expect(nextEnd('2027-03-02T14:00', '2027-03-02T16:00', '')).toBe('2027-03-02T16:00');
		expect(nextEnd('2027-03-02T14:00', '', '2027-13-02')).toBe('');
	});
});

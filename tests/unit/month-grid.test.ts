import { describe, expect, it } from 'vitest';
import { monthWeeks, weekdayNames } from '$lib/month-grid';
import { agendaHref, readQuery } from '../../src/routes/(app)/agenda/agenda-query';

describe('monthWeeks', () => {
	it('runs from the Monday of the 1st to the Sunday of the last day', () => {
		// March 2026 begins on a Sunday and ends on a Tuesday.
		const weeks = monthWeeks('2026-03');
		expect(weeks).toHaveLength(6);
		expect(weeks[0]).toEqual([
			'2026-02-23',
			'2026-02-24',
			'2026-02-25',
			'2026-02-26',
			'2026-02-27',
			'2026-02-28',
			'2026-03-01'
		]);
		expect(weeks.at(-1)![0]).toBe('2026-03-30');
		expect(weeks.at(-1)![6]).toBe('2026-04-05');
	});

	it('fits a February that starts on a Monday in four weeks, and crosses years', () => {
		expect(monthWeeks('2027-02').map((w) => w[0])).toEqual([
			'2027-02-01',
			'2027-02-08',
			'2027-02-15',
			'2027-02-22'
		]);
		expect(monthWeeks('2027-01')[0][0]).toBe('2026-12-28');
		expect(monthWeeks('2026-12').at(-1)![6]).toBe('2027-01-03');
	});

	it('names the days from Monday', () => {
		expect(weekdayNames('fr', 'long')[0]).toBe('lundi');
		expect(weekdayNames('en', 'long')[6]).toBe('Sunday');
	});
});

describe('the calendar’s address', () => {
	const groups = new Set(['mobilites']);
	const read = (search: string) => readQuery(new URLSearchParams(search), groups, '2026-05');

	it('reads the month, the view and the group', () => {
		expect(read('mois=2026-03&vue=liste&groupe=mobilites')).toEqual({
			month: '2026-03',
			view: 'list',
			group: 'mobilites',
			problems: []
		});
		expect(read('')).toEqual({ month: '2026-05', view: 'month', group: null, problems: [] });
	});

	it('drops what is not valid, and says why', () => {
		expect(read('mois=2026-13&vue=toString&groupe=inconnu')).toEqual({
			month: '2026-05',
			view: 'month',
			group: null,
			problems: ['agenda.month_invalid', 'agenda.view_invalid', 'agenda.group_unknown']
		});
	});

	it('writes only what differs from the defaults', () => {
		expect(agendaHref({ month: '2026-05', view: 'month', group: null }, '2026-05')).toBe('/agenda');
		expect(agendaHref({ month: '2026-03', view: 'list', group: 'mobilites' }, '2026-05')).toBe(
			'/agenda?mois=2026-03&vue=liste&groupe=mobilites'
		);
	});
});

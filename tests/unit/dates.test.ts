import { afterEach, describe, expect, it } from 'vitest';
import { actionSchema } from '$lib/server/actions';
import {
	addDays,
	dateToParisLocal,
	findDate,
	isIsoDate,
	parisLocalToDate,
	todayInParis
} from '$lib/server/dates';

// A Wednesday in November: dates without a year written then mean next year's.
const november = new Date('2026-11-18T10:00:00Z');

describe('findDate', () => {
	it.each([
		['Envoyer le devis avant le 15/03', '2027-03-15'],
		['Envoyer le devis @Marie avant le 15/03', '2027-03-15'],
		['Relancer la mairie pour le 3 décembre', '2026-12-03'],
		['Réserver la salle avant le 15 mars', '2027-03-15'],
		['Send the quote by March 15', '2027-03-15'],
		['Signer la convention le 15/03/2027', '2027-03-15'],
		['Clôturer le 10/01/2026', '2026-01-10']
	])('reads %j as %s', (text, date) => {
		expect(findDate(text, november)?.date).toBe(date);
	});

	it('says which words gave the date', () => {
		expect(findDate('Envoyer le devis avant le 15/03', november)?.text).toBe('15/03');
		expect(findDate('pour le 3 décembre', november)?.text).toBe('3 décembre');
	});

	it('reads a weekday as the next such day', () => {
		const found = findDate('Appeler le fournisseur vendredi prochain', november);
		expect(found).not.toBeNull();
		const day = new Date(`${found!.date}T12:00:00Z`);
		expect(day.getUTCDay()).toBe(5);
		expect(found!.date > '2026-11-18').toBe(true);
		expect(found!.date <= addDays('2026-11-18', 14)).toBe(true);
	});

	it('gives the coming date when the day has not passed yet this year', () => {
		const february = new Date('2026-02-10T10:00:00Z');
		expect(findDate('avant le 15/03', february)?.date).toBe('2026-03-15');
		expect(findDate('by March 15', february)?.date).toBe('2026-03-15');
		// Just after the day: next year's.
		expect(findDate('avant le 15/03', new Date('2026-03-20T10:00:00Z'))?.date).toBe('2027-03-15');
	});

	it('reads a date after words an English parser takes for a time', () => {
		expect(findDate('Send the minutes by March 15', november)?.date).toBe('2027-03-15');
		expect(findDate('Envoyer le compte rendu demain', november)?.date).toBe('2026-11-19');
		expect(findDate('Faire le point dans 2 semaines', november)?.date).toBe('2026-12-02');
	});

	describe('on a server whose clock is not in Paris', () => {
		const zone = process.env.TZ;
		afterEach(() => {
			if (zone === undefined) delete process.env.TZ;
			else process.env.TZ = zone;
		});

		// 00:30 in Paris on Thursday 19 November is still Wednesday 18 in UTC and in New York.
		const justAfterMidnight = new Date('2026-11-18T23:30:00Z');
		// 23:30 in Paris on Wednesday 18 November is already Thursday 19 in Tokyo.
		const lateEvening = new Date('2026-11-18T22:30:00Z');

		it.each(['UTC', 'America/New_York', 'Asia/Tokyo'])(
			'counts relative dates from the day it is in Paris (server in %s)',
			(tz) => {
				process.env.TZ = tz;
				expect(findDate('Envoyer le compte rendu demain', justAfterMidnight)?.date).toBe(
					'2026-11-20'
				);
				expect(findDate('Envoyer le compte rendu demain', lateEvening)?.date).toBe('2026-11-19');
				expect(findDate('Faire le point dans 2 semaines', justAfterMidnight)?.date).toBe(
					'2026-12-03'
				);
				// Thursday in Paris: next Friday is the 27th, not tomorrow.
				expect(findDate('Appeler le fournisseur vendredi prochain', justAfterMidnight)?.date).toBe(
					'2026-11-27'
				);
				// A written date stays the date written.
				expect(findDate('avant le 15 mars', justAfterMidnight)?.date).toBe('2027-03-15');
				expect(findDate('avant le 15/03', lateEvening)?.date).toBe('2027-03-15');
			}
		);

		it('reads a date without a year as next year’s from the first of January in Paris', () => {
			process.env.TZ = 'UTC';
			// 00:30 on 1 January 2027 in Paris, still 31 December 2026 in UTC.
			const newYear = new Date('2026-12-31T23:30:00Z');
			expect(findDate('pour le 31/12', newYear)?.date).toBe('2027-12-31');
			expect(findDate('demain', newYear)?.date).toBe('2027-01-02');
		});
	});

	it.each([
		'Relancer Paul',
		'Préparer 2 devis',
		'version 3.2 du cahier',
		'',
		'le 31/02',
		'Appeler Paul à 14h',
		'Call the bank at 5pm',
		'Send the minutes',
		'Point dans 10 minutes'
	])('finds no date in %j', (text) => {
		expect(findDate(text, november)).toBeNull();
	});
});

describe('Paris wall-clock times', () => {
	it('reads a winter time as UTC+1 and a summer time as UTC+2', () => {
		expect(parisLocalToDate('2026-01-15T10:00')?.toISOString()).toBe('2026-01-15T09:00:00.000Z');
		expect(parisLocalToDate('2026-07-15T10:00')?.toISOString()).toBe('2026-07-15T08:00:00.000Z');
	});

	it('follows the changes of time at the end of March and October', () => {
		expect(parisLocalToDate('2026-03-29T01:30')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
		expect(parisLocalToDate('2026-03-29T03:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(parisLocalToDate('2026-10-25T04:00')?.toISOString()).toBe('2026-10-25T03:00:00.000Z');
		expect(dateToParisLocal(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30');
		expect(dateToParisLocal(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30');
	});

	it.each([
		'2026-01-15T10:00',
		'2026-07-15T10:00',
		'2026-12-31T23:59',
		'2026-03-28T14:00',
		'2026-03-30T14:00',
		'2026-10-24T09:15',
		'2026-10-26T09:15'
	])('round-trips %s', (local) => {
		const instant = parisLocalToDate(local);
		expect(instant).not.toBeNull();
		expect(dateToParisLocal(instant!)).toBe(local);
	});

	it('accepts surrounding spaces', () => {
		expect(parisLocalToDate(' 2026-01-15T10:00 ')?.toISOString()).toBe('2026-01-15T09:00:00.000Z');
	});

	it.each([
		'',
		'demain',
		'2026-01-15',
		'2026-01-15 10:00',
		'15/01/2026 10:00',
		'2026-02-31T10:00',
		'2026-13-01T10:00',
		'2026-01-01T25:00',
		'2026-01-01T10:60',
		'0000-01-01T10:00'
	])('refuses %j', (value) => {
		expect(parisLocalToDate(value)).toBeNull();
	});
});

describe('calendar days', () => {
	it('takes the day in Paris, not in UTC', () => {
		expect(todayInParis(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
		expect(todayInParis(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
		expect(todayInParis(new Date('2026-06-30T22:01:00Z'))).toBe('2026-07-01');
	});

	it('adds days across months, years and changes of time', () => {
		expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
		expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
		expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
		expect(addDays('2026-03-02', -3)).toBe('2026-02-27');
	});

	it('knows the dates that exist', () => {
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2026-02-31')).toBe(false);
		expect(isIsoDate('2026-13-01')).toBe(false);
		expect(isIsoDate('15/03/2026')).toBe(false);
	});

	it('refuses a due date that is not a date, with a localised key', () => {
		for (const dueDate of ['demain', '2026-02-31', '2026-3-1']) {
			const parsed = actionSchema.safeParse({ title: 'Une action', ownerId: '', dueDate });
			expect(parsed.success).toBe(false);
			expect(parsed.error?.issues[0]).toMatchObject({
				path: ['dueDate'],
				message: 'validation.date'
			});
		}
		const ok = actionSchema.parse({ title: 'Une action', ownerId: '', dueDate: '2026-03-15' });
		expect(ok.dueDate).toBe('2026-03-15');
		expect(actionSchema.parse({ title: 'Une action', ownerId: '', dueDate: '' }).dueDate).toBe(
			null
		);
	});
});

import { describe, expect, it } from 'vitest';
import { isEmpty, render, type DigestContent } from '$lib/server/digest/compose';
import { duePeriods, periodOf, weekday } from '$lib/server/digest/periods';

describe('duePeriods', () => {
	it('sends nothing before 7:00 in Paris', () => {
		// 05:59 UTC is 06:59 in Paris in winter.
		expect(duePeriods(new Date('2027-03-10T05:59:00Z'))).toEqual([]);
		// 23:30 UTC on the 10th is already 00:30 on the 11th in Paris.
		expect(duePeriods(new Date('2027-03-10T23:30:00Z'))).toEqual([]);
	});

	it('sends the daily digest from 7:00, covering the day before in Paris', () => {
		const [daily, ...others] = duePeriods(new Date('2027-03-10T06:00:00Z'));
		expect(others).toEqual([]);
		expect(daily).toEqual({
			cadence: 'daily',
			today: '2027-03-10',
			firstDay: '2027-03-09',
			lastDay: '2027-03-09',
			from: new Date('2027-03-08T23:00:00Z'),
			to: new Date('2027-03-09T23:00:00Z'),
			logKind: 'digest_daily'
		});
		// Still the same digest, with the same window, at the end of the day.
		expect(duePeriods(new Date('2027-03-10T22:59:00Z'))).toEqual([daily]);
	});

	it('adds the weekly digest on Mondays, covering Monday to Sunday before', () => {
		const periods = duePeriods(new Date('2027-03-08T09:00:00Z'));
		expect(periods.map((p) => p.cadence)).toEqual(['daily', 'weekly']);
		expect(periods[1]).toMatchObject({
			today: '2027-03-08',
			firstDay: '2027-03-01',
			lastDay: '2027-03-07',
			from: new Date('2027-02-28T23:00:00Z'),
			to: new Date('2027-03-07T23:00:00Z'),
			logKind: 'digest_weekly'
		});
		// No catching up on Tuesday.
		expect(duePeriods(new Date('2027-03-09T09:00:00Z')).map((p) => p.cadence)).toEqual(['daily']);
	});

	it('follows the change to summer time', () => {
		// Clocks go forward on Sunday 28 March 2027: 05:30 UTC on Monday is 07:30 in Paris.
		expect(duePeriods(new Date('2027-03-29T04:30:00Z'))).toEqual([]);
		const weekly = duePeriods(new Date('2027-03-29T05:30:00Z'))[1];
		expect(weekly.from).toEqual(new Date('2027-03-21T23:00:00Z'));
		expect(weekly.to).toEqual(new Date('2027-03-28T22:00:00Z'));
	});

	it('counts weekdays as the network does', () => {
		expect(weekday('2027-03-08')).toBe(1);
		expect(weekday('2027-03-14')).toBe(7);
	});
});

describe('isEmpty', () => {
	it('is empty with only empty parts', () => {
		expect(isEmpty({})).toBe(true);
		expect(
			isEmpty({
				due: { items: [], horizonDays: 3 },
				mentions: [],
				lead: { checkInPeriod: '2027-03', checkInsDue: [], openQuestions: [] },
				network: { atRisk: [], checkIns: [], actionsDone: 0, meetingsHeld: 0, decisions: [] }
			})
		).toBe(true);
	});

	it('is not empty with one thing to say', () => {
		expect(
			isEmpty({
				network: { atRisk: [], checkIns: [], actionsDone: 1, meetingsHeld: 0, decisions: [] }
			})
		).toBe(false);
		expect(
			isEmpty({
				lead: { checkInPeriod: '2027-03', checkInsDue: [g('Mobilité')], openQuestions: [] }
			})
		).toBe(false);
		expect(
			isEmpty({
				minutes: [{ meetingId: 'm', title: 'Comité', group: 'Mobilité', groupSlug: 'mobilite' }]
			})
		).toBe(false);
	});
});

function g(group: string) {
	return { group, groupSlug: group.toLowerCase() };
}

describe('render', () => {
	const origin = 'https://m.test';
	const content: DigestContent = {
		due: {
			horizonDays: 7,
			items: [
				{ id: 'a1', title: 'Send the quote', group: 'Mobility', dueDate: '2027-03-05' },
				{ id: 'a2', title: 'Book the room', group: 'Mobility', dueDate: '2027-03-12' }
			]
		},
		assigned: [{ id: 'a3', title: 'Call the CCI', group: 'Jobs', dueDate: null, by: 'Léa Pilote' }],
		mentions: [],
		replies: [
			{ threadId: 't1', thread: 'Car pool', group: 'Mobility', groupSlug: 'mobility', count: 3 }
		],
		minutes: [{ meetingId: 'm1', title: 'Steering', group: 'Jobs', groupSlug: 'jobs' }]
	};

	it('writes a member digest in English, section by section, with links', () => {
		const mail = render('en', 'Anne Bauer', periodOf('weekly', '2027-03-08'), content, origin);
		expect(mail.subject).toBe('Your Maillage digest for the week of March 1');
		expect(mail.text).toBe(
			[
				'Hello Anne Bauer,',
				'Here is what concerns you on Maillage.',
				[
					'Your actions overdue or due within 7 days',
					'• Send the quote — Mobility — overdue since March 5',
					'• Book the room — Mobility — due March 12',
					'  https://m.test/actions?owner=me'
				].join('\n'),
				[
					'Actions given to you',
					'• Call the CCI — Jobs — by Léa Pilote',
					'  https://m.test/actions/a3'
				].join('\n'),
				[
					'New messages in discussions you follow',
					'• “Car pool” — Mobility: 3 new messages',
					'  https://m.test/groupes/mobility/discussions/t1'
				].join('\n'),
				[
					'Minutes published',
					'• Steering — Jobs',
					'  https://m.test/groupes/jobs/reunions/m1'
				].join('\n'),
				'—\nTo choose how Maillage lets you know: https://m.test/profil#notifications'
			].join('\n\n')
		);
	});

	it('opens a director digest with the network, most worrying groups first as given', () => {
		const mail = render(
			'fr',
			'Hélène Martin',
			periodOf('daily', '2027-03-10'),
			{
				network: {
					atRisk: [
						{ ...g('Recrutement'), weather: 'off_track', period: '2027-03', overdue: 4 },
						{ ...g('Mobilité'), weather: null, period: null, overdue: 1 }
					],
					checkIns: [{ ...g('Recrutement'), weather: 'off_track', period: '2027-03' }],
					actionsDone: 1,
					meetingsHeld: 0,
					decisions: [{ ...g('Mobilité'), id: 'd1', title: 'Navette confiée à Kieffer' }]
				}
			},
			origin
		);
		expect(mail.subject).toBe('Le point sur les groupes du réseau du 10 mars');
		expect(mail.text).toContain(
			'Décisions des groupes hier\n• Navette confiée à Kieffer — Mobilité\n  https://m.test/groupes/mobilité/decisions/d1'
		);
		expect(mail.text).toContain(
			'Groupes qui demandent de l’attention\n• Recrutement — point d’étape de mars 2027 : en difficulté, 4 actions en retard\n  https://m.test/groupes/recrutement\n• Mobilité — 1 action en retard'
		);
		expect(mail.text).toContain(
			'Ce qui a changé hier\n• Points d’étape : Recrutement (en difficulté)\n• 1 action terminée\n\n'
		);
		expect(mail.text).not.toContain('réunion');
		expect(mail.text).toContain('Le tableau de bord du réseau : https://m.test/tableau-de-bord');
	});
});

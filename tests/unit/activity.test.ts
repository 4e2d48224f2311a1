import { describe, expect, it } from 'vitest';
import { describeActivity, type ActivityView } from '$lib/activity';

const entry = (overrides: Partial<ActivityView>): ActivityView => ({
	subjectType: 'group',
	verb: 'created',
	label: 'Mobilités',
	before: null,
	after: null,
	actor: 'Claire Muller',
	...overrides
});

describe('describeActivity', () => {
	it.each([
		[entry({}), 'Claire Muller a créé le groupe.', 'Claire Muller created the group.'],
		[
			entry({
				subjectType: 'membership',
				verb: 'added',
				label: 'Karim Haddad',
				after: { role: 'lead' }
			}),
			'Claire Muller a ajouté Karim Haddad (pilote).',
			'Claire Muller added Karim Haddad (lead).'
		],
		[
			entry({
				subjectType: 'membership',
				verb: 'role_changed',
				label: 'Karim Haddad',
				before: { role: 'lead' },
				after: { role: 'observer' }
			}),
			'Claire Muller a changé le rôle de Karim Haddad : observateur·rice.',
			"Claire Muller changed Karim Haddad's role: observer."
		],
		[
			entry({
				verb: 'status_changed',
				before: { status: 'active' },
				after: { status: 'archived' }
			}),
			'Claire Muller a changé l’état du groupe : archivé.',
			"Claire Muller changed the group's status: archived."
		],
		[
			entry({
				subjectType: 'objective',
				verb: 'status_changed',
				label: 'Navette du matin',
				before: { status: 'in_progress' },
				after: { status: 'achieved' }
			}),
			'Claire Muller : objectif « Navette du matin » → atteint.',
			'Claire Muller: objective “Navette du matin” → achieved.'
		],
		[
			entry({
				verb: 'updated',
				before: { name: 'Mobilité', joinPolicy: 'closed' },
				after: { name: 'Mobilités', joinPolicy: 'open' }
			}),
			'Claire Muller a modifié le groupe (nom, accès).',
			'Claire Muller edited the group (name, access).'
		],
		[
			entry({
				subjectType: 'meeting',
				verb: 'series_created',
				label: 'Comité mobilité',
				after: { count: 12, rule: 'monthly_weekday' }
			}),
			'Claire Muller a planifié la série « Comité mobilité » : 12 réunions.',
			'Claire Muller scheduled the series “Comité mobilité”: 12 meetings.'
		],
		[
			entry({ subjectType: 'membership', verb: 'left', label: 'Karim Haddad', actor: null }),
			'Karim Haddad a quitté le groupe.',
			'Karim Haddad left the group.'
		]
	])('tells %j in French and English', (view, fr, en) => {
		expect(describeActivity('fr', view)).toBe(fr);
		expect(describeActivity('en', view)).toBe(en);
	});

	it('names nobody when the person is gone', () => {
		const view = entry({ actor: null });
		expect(describeActivity('fr', view)).toBe('Quelqu’un a créé le groupe.');
		expect(describeActivity('en', view)).toBe('Someone created the group.');
	});

	it('says nothing about an entry it has no words for', () => {
		expect(describeActivity('fr', entry({ subjectType: 'meeting', verb: 'exploded' }))).toBe('');
	});
});

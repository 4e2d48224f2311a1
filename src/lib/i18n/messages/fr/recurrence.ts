export const recurrence = {
	'repeat.legend': 'Répétition',
	'repeat.label': 'Se répète',
	'repeat.none': 'Ne se répète pas',
	'repeat.generic.weekly': 'Chaque semaine, le même jour',
	'repeat.generic.biweekly': 'Toutes les deux semaines, le même jour',
	'repeat.generic.monthly_weekday': 'Chaque mois, le même jour de la semaine (par ex. le 2e mardi)',
	'repeat.generic.monthly_last_weekday':
		'Chaque mois, le dernier jour de ce nom (par ex. le dernier mardi)',
	'repeat.generic.monthly_day': 'Chaque mois, à la même date (par ex. le 14)',
	'repeat.choice.weekly': 'Chaque semaine, le {weekday}',
	'repeat.choice.biweekly': 'Toutes les deux semaines, le {weekday}',
	'repeat.choice.monthly_weekday': 'Chaque mois, le {ordinal} {weekday}',
	'repeat.choice.monthly_last_weekday': 'Chaque mois, le dernier {weekday}',
	'repeat.choice.monthly_day': 'Chaque mois, le {day}',
	'repeat.ordinal.1': '1er',
	'repeat.ordinal.2': '2e',
	'repeat.ordinal.3': '3e',
	'repeat.ordinal.4': '4e',
	'repeat.end': 'Fin de la série',
	'repeat.end_count': 'Après un nombre de réunions',
	'repeat.end_until': 'À une date',
	'repeat.count': 'Nombre de réunions',
	'repeat.until': 'Date de la dernière réunion',
	'repeat.hint':
		'Chaque date devient une réunion à part entière, avec ses notes, ses invité·es et ses invitations. Une série compte 52 réunions au plus, sur 12 mois au plus. Un jour qui manque dans un mois (le 31, un 5e mardi) devient le dernier du mois.',
	'repeat.invitations_hint':
		'Les invitations partent tout de suite pour la première réunion et celles des 30 prochains jours, puis 30 jours avant chacune des suivantes.',
	'repeat.unknown': 'Choisissez une répétition de la liste.',
	'repeat.end_missing': 'Indiquez quand la série s’arrête : un nombre de réunions ou une date.',
	'repeat.count_invalid': 'Un nombre de réunions de 2 à 52.',
	'repeat.until_before_start': 'La dernière réunion doit venir après la première.',
	'repeat.until_too_far': 'Une série s’étend sur 12 mois au plus après sa première réunion.',
	'repeat.too_many': 'Une série compte 52 réunions au plus : choisissez une fin plus proche.',
	'repeat.too_few': 'Cette fin ne laisse qu’une réunion : choisissez une date plus lointaine.',
	'repeat.not_last':
		'Ce début n’est pas le dernier jour de ce nom dans son mois : choisissez une autre répétition.',
	'people.picker_added': '{name} est ajouté·e à la liste.',
	'meeting.invitees_search': 'Ajouter une personne',
	'meeting.invitees_search_placeholder': 'Tapez au moins deux lettres d’un nom',
	'meeting.invitees_chosen': 'Personnes choisies',
	'meeting.invitees_search_fallback':
		'Le réseau compte trop de personnes pour les lister : la recherche par nom demande JavaScript.',
	'series.label.weekly': 'Réunion hebdomadaire, le {weekday}',
	'series.label.biweekly': 'Réunion toutes les deux semaines, le {weekday}',
	'series.label.monthly_weekday': 'Réunion mensuelle, {ordinal} {weekday}',
	'series.label.monthly_last_weekday': 'Réunion mensuelle, dernier {weekday}',
	'series.label.monthly_day': 'Réunion mensuelle, le {day}',
	'series.more_dates': {
		one: '{count} autre date de la série',
		other: '{count} autres dates de la série'
	},
	'series.term': 'Série',
	'series.position': 'réunion {n} sur {count}',
	'series.previous': 'Réunion précédente',
	'series.next': 'Réunion suivante',
	'series.created': {
		one: 'La série est planifiée : {count} réunion, avec ses notes.',
		other: 'La série est planifiée : {count} réunions, chacune avec ses notes.'
	},
	'series.scope': 'Appliquer à',
	'series.scope_one': 'Cette réunion seulement',
	'series.scope_following': {
		one: 'Celle-ci et la suivante',
		other: 'Celle-ci et les {count} suivantes'
	},
	'series.scope_hint':
		'Les réunions tenues, passées ou annulées de la série ne changent pas. Un changement de date ou d’heure recalcule les dates des suivantes selon la règle de la série.',
	'series.not_last':
		'Cette série a lieu le dernier jour de ce nom de chaque mois : choisissez une telle date, ou ne changez que cette réunion.',
	'series.saved_following': 'La réunion et les suivantes de la série sont mises à jour.',
	'series.cancel_question':
		'Annuler cette réunion ? Les invité·es qui ont reçu l’invitation seront prévenu·es par courriel.',
	'series.cancel_one': 'Annuler cette réunion seulement',
	'series.cancel_following': {
		one: 'Annuler celle-ci et la suivante',
		other: 'Annuler celle-ci et les {count} suivantes'
	},
	'series.cancelled_following': 'Les réunions sont annulées et les invité·es prévenu·es.',
	'activity.meeting.series_created': {
		one: '{actor} a planifié la série « {label} » : {count} réunion.',
		other: '{actor} a planifié la série « {label} » : {count} réunions.'
	}
};

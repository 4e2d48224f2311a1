export const progress = {
	'check_ins.title': 'Bilans',
	'check_ins.intro':
		'Chaque {period}, les pilotes du groupe disent en quelques lignes où il en est. Les directions des entreprises lisent ces bilans.',
	'check_ins.period.month': 'mois',
	'check_ins.period.quarter': 'trimestre',
	'check_ins.current': 'Bilan de {period}',
	'check_ins.answered': 'Le bilan de {period} est fait. Vous pouvez encore le corriger.',
	'check_ins.pending': 'Le bilan de {period} n’est pas encore fait.',
	'check_ins.history': 'Bilans précédents',
	'check_ins.none': 'Aucun bilan pour le moment.',
	'check_ins.by': 'par {name}, le {date}',
	'check_ins.save': 'Enregistrer le bilan',
	'check_ins.saved': 'Bilan enregistré.',
	'check_ins.latest': 'Dernier bilan',
	'check_ins.see_all': 'Tous les bilans',
	'check_in.weather': 'Météo du groupe',
	'check_in.weather_required': 'Choisissez la météo du groupe.',
	'check_in.moved': 'Ce qui a avancé',
	'check_in.blocks': 'Ce qui bloque',
	'check_in.help': 'L’aide dont le groupe a besoin',
	'weather.on_track': 'En bonne voie',
	'weather.at_risk': 'À surveiller',
	'weather.off_track': 'En difficulté',
	'weather.none': 'Pas de bilan',
	'activity.check_in.created': '{actor} a fait le bilan {label}.',
	'activity.check_in.updated': '{actor} a corrigé le bilan {label}.',
	'mail.check_in.subject': {
		one: 'Le bilan de votre groupe est attendu',
		other: 'Les bilans de vos {count} groupes sont attendus'
	},
	'mail.check_in.body':
		'Bonjour {name},\n\nLe bilan de la période n’est pas encore fait pour :\n{list}\n\nQuelques lignes suffisent : la météo du groupe, ce qui a avancé, ce qui bloque, l’aide attendue. La période se termine le {last}.'
};

/** Company pages (participation in the network) and the monthly report. */
export const report = {
	'home.my_company': 'Ma société dans le réseau',
	'home.my_company_intro':
		'Les groupes où {organisation} est présente, la présence de ses équipes aux réunions et ses actions.',
	'home.monthly_report': 'Rapport mensuel',

	'company.title': 'Participation au réseau',
	'company.window':
		'Présence aux réunions tenues depuis le {date} ; actions confiées à ses équipes, à ce jour.',
	'company.attendance': 'Présence aux réunions',
	'company.attendance_rate': 'Présence',
	'company.attendance_detail': 'Présents : {present} · excusés : {excused} · absents : {absent}',
	'company.actions_owned': 'Actions confiées',
	'company.actions_done': 'Terminées',
	'company.actions_open': 'En cours',
	'company.actions_overdue': 'En retard',
	'company.by_group': 'Par groupe',
	'company.group': 'Groupe',
	'company.people': 'Personnes',
	'company.leads': { one: 'dont {count} pilote', other: 'dont {count} pilotes' },
	'company.no_member_now': 'plus personne aujourd’hui',
	'company.none': 'Cette organisation ne participe encore à aucun groupe.',
	'company.list_attendance': 'Présence (12 mois)',
	'company.list_actions': 'Actions terminées / en retard',

	'report.title': 'Rapport mensuel',
	'report.heading': 'Rapport mensuel — {month}',
	'report.generated': '{network} · établi le {date}',
	'report.previous': 'Mois précédent',
	'report.next': 'Mois suivant',
	'report.month': 'Mois',
	'report.show': 'Afficher',
	'report.print': 'Imprimer',
	'report.download_pdf': 'Télécharger en PDF',
	'report.print_hint':
		'Pour l’imprimer ou l’enregistrer en PDF depuis le navigateur : Ctrl+P (⌘+P sur Mac).',
	'report.send': 'Envoyer aux directeurs',
	'report.send_hint':
		'Chaque directeur reçoit une fois par mois un courriel avec le lien du rapport et ses chiffres.',
	'report.sent': {
		one: 'Rapport envoyé à {count} directeur.',
		other: 'Rapport envoyé à {count} directeurs.'
	},
	'report.already_sent':
		'Ce rapport a déjà été envoyé le {date} : aucun autre directeur à prévenir.',
	'report.sent_on': 'Envoyé aux directeurs le {date}.',
	'report.month_invalid': 'Ce mois n’est pas valable : écrivez-le AAAA-MM, par exemple 2026-11.',
	'report.month_future': 'Ce mois n’a pas encore commencé : son rapport n’existe pas encore.',
	'report.summary': 'En bref',
	'report.groups': 'Groupes',
	'report.meetings_held': 'Réunions tenues',
	'report.attendance': 'Présence',
	'report.actions_closed': 'Actions terminées',
	'report.check_ins': 'Points d’étape',
	'report.check_ins_of': '{count} sur {groups}',
	'report.weather': 'Météo',
	'report.glance': 'Les groupes en un coup d’œil',
	'report.no_check_in': 'Pas de point d’étape',
	'report.no_groups': 'Aucun groupe actif ce mois-ci.',
	'report.quiet': 'Ni réunion, ni action terminée, ni point d’étape ce mois-ci.',
	'report.meetings': 'Réunions',
	'report.no_meeting': 'Aucune réunion tenue ce mois-ci.',
	'report.present_of': {
		one: '{count} présent sur {recorded}',
		other: '{count} présents sur {recorded}'
	},
	'report.attendance_unrecorded': 'présence non relevée',
	'report.decisions': 'Décisions',
	'report.no_decision': 'Aucune décision notée.',
	'report.minutes_unpublished': 'Compte rendu pas encore publié.',
	'report.closed_none': 'Aucune action terminée ce mois-ci.',
	'report.closed_more': { one: '… et {count} autre.', other: '… et {count} autres.' },
	'report.check_in': 'Point d’étape',
	'report.check_in_quarter': 'Point d’étape du trimestre',
	'report.check_in_by': 'par {name}',
	'report.moved': 'Ce qui a avancé',
	'report.blocks': 'Ce qui bloque',
	'report.help': 'Aide demandée',
	'report.pdf_unavailable_title': 'PDF indisponible',
	'report.pdf_unavailable':
		'Le serveur ne peut pas produire de PDF pour le moment. Ouvrez le rapport et imprimez-le depuis votre navigateur (Ctrl+P), en choisissant « Enregistrer au format PDF ».',
	'report.back': 'Retour au rapport',
	'report.mail.subject': 'Rapport mensuel du réseau — {month}',
	'report.mail.body':
		'Bonjour {name},\n\nLe rapport mensuel du réseau pour {month} est prêt :\n{link}\n\n{summary}\n\nDepuis cette page, vous pouvez l’imprimer ou le télécharger en PDF.',
	'report.mail.line': '• {label} : {value}',
	'report.mail.attention': 'Groupes à suivre :'
};

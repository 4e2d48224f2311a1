/** Company pages: what each organisation contributes to the network. */
export const report = {
	'home.my_company': 'Ma société dans le réseau',
	'home.my_company_intro':
		'Les groupes où {organisation} est présente, la présence de ses équipes aux réunions et ses actions.',

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
	'company.list_actions': 'Actions terminées / en retard'
};

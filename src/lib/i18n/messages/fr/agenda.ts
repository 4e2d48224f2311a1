/** The network calendar (/agenda) and its subscription feed. */
export const agenda = {
	'nav.agenda': 'Agenda',
	'agenda.title_network': 'Agenda du réseau',
	'agenda.title_groups': 'Agenda des groupes',
	'agenda.intro_network':
		'Toutes les réunions des groupes du réseau, avec les réponses des invités.',
	'agenda.intro_groups':
		'Les réunions des groupes que vous pouvez consulter, avec les réponses des invités.',
	'agenda.month_invalid':
		'Ce mois n’existe pas (écrivez-le AAAA-MM, par exemple 2026-03) : voici le mois en cours.',
	'agenda.view_invalid': 'Cet affichage n’existe pas : voici la vue du mois.',
	'agenda.group_unknown':
		'Ce groupe n’existe pas ou vous n’y avez pas accès : voici les réunions de tous les groupes.',
	'agenda.navigation': 'Choisir le mois',
	'agenda.previous': 'Mois précédent',
	'agenda.next': 'Mois suivant',
	'agenda.today': 'Ce mois-ci',
	'agenda.views': 'Affichage',
	'agenda.view.month': 'Mois',
	'agenda.view.list': 'Liste',
	'agenda.group': 'Groupe',
	'agenda.all_groups': 'Tous les groupes',
	'agenda.filter': 'Afficher',
	'agenda.caption': 'Réunions de {month}',
	'agenda.empty': 'Aucune réunion en {month}.',
	'agenda.empty_group': 'Aucune réunion de ce groupe en {month}.',
	'agenda.meetings_count': { one: '{count} réunion', other: '{count} réunions' },
	'agenda.answer.attending': '{count} oui',
	'agenda.answer.not_attending': '{count} non',
	'agenda.answer.maybe': '{count} peut-être',
	'agenda.answer.pending': '{count} sans réponse',
	'agenda.answers_line':
		'Réponses : {yes} oui, {no} non, {maybe} peut-être, {pending} sans réponse',
	'agenda.no_invitees': 'Personne n’est invité.',
	'agenda.personal':
		'Vos propres réunions et échéances sont aussi sur la page d’accueil, et dans votre agenda personnel :',
	'agenda.feed_name': 'agenda du réseau',
	'agenda.feed.title': 'S’abonner à l’agenda du réseau',
	'agenda.feed.intro':
		'Une adresse privée pour suivre toutes les réunions du réseau, avec leurs réponses, dans Google Agenda, Outlook ou Thunderbird. Elle cesse de fonctionner si votre compte est désactivé ou n’a plus accès à l’agenda du réseau.',
	'agenda.feed.create': 'Créer l’adresse d’abonnement',
	'agenda.feed.created': 'Voici l’adresse : vous pourrez la relire ici à tout moment.',
	'agenda.feed.url': 'Adresse privée de l’agenda du réseau',
	'agenda.feed.revoke': 'Supprimer l’adresse',
	'agenda.feed.revoked': 'L’adresse d’abonnement à l’agenda du réseau est supprimée.',
	'agenda.feed.none': 'Vous n’avez pas encore d’adresse d’abonnement à l’agenda du réseau.',
	'agenda.feed.warning':
		'Quiconque connaît cette adresse voit toutes les réunions du réseau et les réponses : ne la partagez pas. En cas de doute, changez-la.'
};

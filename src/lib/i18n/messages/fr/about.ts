/** The « À propos » page: what Maillage is, its licence, where to start. */
export const about = {
	'about.title': 'À propos de Maillage',
	'about.network': 'Cet espace est celui de {network}.',
	'about.what':
		'Maillage est le lieu de travail des groupes d’un réseau d’entreprises et de leurs partenaires : on y écrit à plusieurs les comptes rendus, on y prépare les réunions, on y suit les actions et on y discute. Chacun voit ce que son groupe a décidé et ce qu’il reste à faire, et la coordination suit l’ensemble du réseau.',
	'about.licence_title': 'Licence',
	'about.licence': 'Maillage est un logiciel libre.',
	'about.start_title': 'Pour commencer',
	'about.home': 'L’accueil : vos prochaines réunions, vos actions et les discussions à lire.',
	'about.groups': 'Les groupes : les groupes de travail du réseau, leurs documents et réunions.',
	'about.actions': 'Le tableau des actions : toutes les actions, à filtrer et à trier.',
	'nav.about': 'À propos'
};

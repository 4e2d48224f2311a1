/** Reading offline: the notice on a kept copy, and the page the service worker shows offline. */
export const offline = {
	'offline.copy_notice':
		'Hors ligne : copie de cette page enregistrée sur cet appareil le {date}, en lecture seule jusqu’au retour de la connexion.',
	'offline.copy_list': 'Documents lisibles hors ligne',
	'offline.copy_refused':
		'Impossible d’envoyer quoi que ce soit depuis une copie hors ligne : attendez le retour de la connexion.',
	'offline.copy_dismiss': 'Fermer',
	'offline.status': 'Copie hors ligne',
	'offline.logged_out_unsaved':
		'Vous avez été déconnecté·e avant que vos dernières modifications soient enregistrées : copiez-les avant de quitter la page, puis reconnectez-vous.',
	'offline.page_title': 'Hors ligne',
	'offline.page_lead': 'Pas de connexion, et cette page n’est pas enregistrée sur cet appareil.',
	'offline.page_kept': 'Lisibles sans connexion',
	'offline.page_kept_at': 'enregistré le {date}',
	'offline.page_none':
		'Aucun document n’est encore enregistré sur cet appareil pour être lu sans connexion.',
	'offline.page_how':
		'Les {limit} derniers documents et réunions que vous ouvrez en ligne restent lisibles ici sans connexion, jusqu’à votre déconnexion.',
	'offline.page_retry': 'Réessayer'
};

/** The open-house event as its organisers and its sites' people run it inside the network. */
export const eventAdmin = {
	'events.title': 'Événements',
	'events.intro':
		'Les portes ouvertes du réseau : les sites des entreprises, leurs créneaux de visite et les inscriptions du public.',
	'events.none': 'Aucun événement pour l’instant.',
	'events.create': 'Créer un événement',
	'events.create_intro':
		'L’événement est préparé par un groupe : ses animateurs l’organisent. Il reste un brouillon, visible des seuls organisateurs, jusqu’à sa publication.',
	'events.create_submit': 'Créer le brouillon',
	'events.site_count': { one: '{count} site', other: '{count} sites' },
	'events.prepared_by': 'préparé par le groupe {group}',
	'events.field_group': 'Groupe qui le prépare',
	'events.field_group_placeholder': 'Choisir un groupe',
	'events.field_name': 'Nom',
	'events.field_slug': 'Adresse publique',
	'events.field_slug_hint':
		'La page publique sera à cette adresse, après le nom du site : /route-de-l-industrie-2027.',
	'events.field_description': 'Présentation pour le public',
	'events.field_description_hint': 'Texte simple ; une ligne vide sépare les paragraphes.',
	'events.field_starts_on': 'Premier jour',
	'events.field_ends_on': 'Dernier jour',
	'events.field_opens_at': 'Ouverture des inscriptions',
	'events.field_closes_at': 'Clôture des inscriptions',
	'events.field_max_people': 'Personnes au plus par inscription (grand public)',
	'events.field_max_people_hint':
		'Une classe compte ses élèves et ses adultes, dans la limite du créneau.',
	'events.field_confirm_email':
		'Le grand public confirme son adresse e-mail par un lien avant que l’inscription compte',
	'events.field_privacy': 'Notice de confidentialité',
	'events.field_privacy_hint':
		'Montrée avant chaque inscription. Laissée vide, une notice type est montrée : données utilisées pour cette visite seulement, effacées automatiquement après l’événement.',
	'events.field_status': 'État',
	'events.status_submit': 'Changer l’état',
	'events.status_saved': 'L’état de l’événement est enregistré.',
	'events.status_hint':
		'Brouillon : visible des organisateurs seuls. Publié : la page publique est en ligne. Inscriptions ouvertes : entre les dates d’ouverture et de clôture.',
	'events.registration_window': 'Inscriptions du {from} au {to}',
	'events.public_page': 'Page publique',
	'events.public_page_draft': 'Page publique à la publication : {path}',
	'events.edit': 'Modifier l’événement',
	'events.save': 'Enregistrer',
	'events.sites': 'Sites',
	'events.no_sites': 'Aucun site pour l’instant.',
	'events.open_site': 'Ouvrir un site',
	'events.open_site_intro':
		'Un site est un lieu de visite d’une organisation. Ses personnes le gèrent : créneaux, inscrits, accueil le jour venu.',
	'events.open_site_submit': 'Ouvrir le site',
	'events.site': 'Site',
	'events.slot_count': 'Créneaux',
	'events.held_of_capacity': 'Places prises',
	'events.waiting': 'En attente',
	'events.site_withdrawn': 'Retiré',
	'events.site_withdrawn_notice':
		'Ce site s’est retiré de l’événement : ses inscriptions ont été annulées.',
	'events.edit_site': 'Modifier le site',
	'events.site_organisation': 'Organisation',
	'events.site_name': 'Nom du site',
	'events.site_address': 'Adresse',
	'events.site_postcode': 'Code postal',
	'events.site_town': 'Commune',
	'events.site_sector': 'Secteur d’activité',
	'events.site_min_age': 'Âge minimum (facultatif)',
	'events.site_other_rules': 'Autres consignes',
	'events.site_welcome': 'Accueil',
	'events.site_languages': 'Langues de la visite',
	'events.slot_when': 'Créneau',
	'events.slot_tools': 'Modifier',
	'events.slot_change': 'Modifier ou annuler',
	'events.slot_starts_at': 'Début',
	'events.slot_duration': 'Durée (minutes)',
	'events.slot_capacity': 'Places',
	'events.slot_cancel': 'Annuler ce créneau',
	'events.slot_cancelled_tag': 'Annulé',
	'events.cancel_note': 'Message aux inscrits (facultatif)',
	'events.add_slots': 'Ajouter des créneaux',
	'events.add_slots_hint':
		'Chaque jour coché, à chacune des heures : « tous les jours à 9:00, 10:30 et 14:00, 25 places ». Un créneau qui existe déjà n’est pas ajouté deux fois.',
	'events.slot_days': 'Jours',
	'events.slot_times': 'Heures de début',
	'events.slot_times_hint': 'Séparées par des virgules : 09:00, 10:30, 14:00.',
	'events.add_slots_submit': 'Ajouter',
	'events.slots_added': {
		one: '{count} créneau ajouté.',
		other: '{count} créneaux ajoutés.'
	},
	'events.slot_changed':
		'Le créneau est modifié ; les inscrits sont prévenus d’un changement d’horaire.',
	'events.slot_cancelled': {
		one: 'Créneau annulé ; {count} inscription annulée et prévenue.',
		other: 'Créneau annulé ; {count} inscriptions annulées et prévenues.'
	},
	'events.visitors': 'Inscrits',
	'events.no_visitors': 'Aucune inscription pour l’instant.',
	'events.erased_visitor': 'Données effacées',
	'events.registration_status.pending': 'adresse à confirmer',
	'events.registration_status.confirmed': 'confirmée',
	'events.registration_status.waiting': 'en attente',
	'events.registration_status.offered': 'places proposées',
	'events.registration_status.cancelled': 'annulée',
	'events.registration_status.expired': 'expirée',
	'events.message_title': 'Écrire aux inscrits',
	'events.message_hint': 'Un e-mail à chaque inscrit de ce site, et à sa liste d’attente.',
	'events.message_subject': 'Objet',
	'events.message_body': 'Message',
	'events.message_submit': 'Envoyer',
	'events.message_sent': {
		one: 'Message envoyé à {count} inscrit.',
		other: 'Message envoyé à {count} inscrits.'
	},
	'events.withdraw_title': 'Retirer le site de l’événement',
	'events.withdraw_hint':
		'Toutes ses inscriptions sont annulées, chacune avec un e-mail qui reprend votre message. Cela ne peut pas être défait.',
	'events.withdraw_submit': 'Retirer le site',
	'events.site_withdrawn_done': {
		one: 'Site retiré ; {count} inscription annulée et prévenue.',
		other: 'Site retiré ; {count} inscriptions annulées et prévenues.'
	}
};

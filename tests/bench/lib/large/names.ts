// Words the large network is drawn from. Every company and person is invented; the towns are
// real towns of Alsace, so that the figures read like the territory the app is made for.

// prettier-ignore
export const FIRST_NAMES = [
	'Camille', 'Julie', 'Sophie', 'Élodie', 'Laura', 'Émilie', 'Céline', 'Aurélie', 'Hélène',
	'Manon', 'Nadia', 'Sandrine', 'Isabelle', 'Claire', 'Anne', 'Marie', 'Pauline', 'Lucie',
	'Chloé', 'Léa', 'Emma', 'Inès', 'Sarah', 'Mathilde', 'Charlotte', 'Juliette', 'Margaux',
	'Océane', 'Audrey', 'Virginie', 'Nathalie', 'Valérie', 'Stéphanie', 'Christine', 'Sylvie',
	'Martine', 'Catherine', 'Agnès', 'Béatrice', 'Delphine', 'Karine', 'Laetitia', 'Amandine',
	'Coralie', 'Estelle', 'Fanny', 'Gaëlle', 'Jeanne', 'Louise', 'Alice', 'Zoé', 'Yasmina',
	'Fatima', 'Leïla', 'Sonia', 'Anaïs', 'Morgane', 'Noémie', 'Solène', 'Maëlle', 'Luc', 'Bernard',
	'Mathieu', 'Antoine', 'Romain', 'Nicolas', 'Philippe', 'Karim', 'Patrick', 'Sébastien',
	'Vincent', 'Olivier', 'Yannick', 'Thomas', 'Julien', 'Maxime', 'Alexandre', 'Guillaume',
	'Pierre', 'Jean', 'François', 'Michel', 'Laurent', 'Frédéric', 'Christophe', 'Stéphane',
	'David', 'Éric', 'Thierry', 'Pascal', 'Didier', 'Hervé', 'Jérôme', 'Cédric', 'Fabien',
	'Damien', 'Arnaud', 'Benoît', 'Bruno', 'Denis', 'Emmanuel', 'Florian', 'Grégory', 'Hugo',
	'Jonathan', 'Kévin', 'Lucas', 'Mehdi', 'Nabil', 'Quentin', 'Raphaël', 'Samuel', 'Théo',
	'Valentin', 'Xavier', 'Yves', 'Adrien', 'Baptiste', 'Clément', 'Dominique', 'Étienne',
	'Gilles', 'Joël', 'Marc', 'René', 'Serge', 'Tristan', 'Loïc', 'Mickaël', 'Rachid'
];

// prettier-ignore
export const LAST_NAMES = [
	'Hoffmann', 'Schaeffer', 'Walter', 'Klein', 'Roth', 'Herrmann', 'Fritsch', 'Weber', 'Vogel',
	'Kuntz', 'Haas', 'Gross', 'Stoffel', 'Wendling', 'Haddad', 'Ott', 'Zimmermann', 'Lang',
	'Ritter', 'Koenig', 'Heitz', 'Wolff', 'Benali', 'Keller', 'Bauer', 'Marchal', 'Muller',
	'Meyer', 'Schmitt', 'Schneider', 'Fischer', 'Wagner', 'Becker', 'Schwartz', 'Hertz', 'Kieffer',
	'Jung', 'Lutz', 'Frey', 'Huber', 'Baumann', 'Kern', 'Graff', 'Heckel', 'Oberlé', 'Ehrhart',
	'Gerber', 'Hurst', 'Kessler', 'Lehmann', 'Mosser', 'Nussbaum', 'Riehl', 'Sieffert',
	'Spielmann', 'Stoecklé', 'Ulrich', 'Voegtlin', 'Wurtz', 'Zeller', 'Martin', 'Bernard',
	'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon',
	'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
	'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Mercier', 'Blanc', 'Guérin',
	'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin',
	'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
	'Marchand', 'Duval', 'Denis', 'Lemaire', 'Noël', 'Meunier', 'Brun', 'Blanchard', 'Giraud',
	'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard',
	'Roche', 'Renard', 'Schmitz', 'Roy', 'Leclerc', 'Colin', 'Vidal', 'Caron', 'Picard', 'Roger',
	'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe', 'Bourgeois',
	'Pierre', 'Benoit', 'Rey', 'Leclercq', 'Payet', 'Rolland', 'Lefèvre', 'Rodriguez', 'Ferreira',
	'Da Silva', 'Nguyen', 'Yilmaz', 'Bouzid', 'Mansouri', 'Kaya', 'Diallo', 'Traoré'
];

// prettier-ignore
export const TOWNS = [
	'Sélestat', 'Erstein', 'Obernai', 'Barr', 'Marckolsheim', 'Villé', 'Benfeld', 'Rhinau',
	'Molsheim', 'Mutzig', 'Rosheim', 'Dambach-la-Ville', 'Châtenois', 'Scherwiller', 'Kogenheim',
	'Ebersheim', 'Huttenheim', 'Sand', 'Geispolsheim', 'Illkirch-Graffenstaden', 'Colmar',
	'Ribeauvillé', 'Bergheim', 'Saint-Hippolyte', 'Kintzheim', 'Boofzheim', 'Gerstheim',
	'Plobsheim', 'Entzheim', 'Duttlenheim', 'Dachstein', 'Bischoffsheim', 'Andlau', 'Epfig'
];

/** Kinds of companies: the trade in the name and the sector shown on their page. */
// prettier-ignore
export const TRADES = [
	['Mécanique', 'mécanique de précision'], ['Plastiques', 'plasturgie'],
	['Aciéries', 'métallurgie'], ['Fonderie', 'fonderie'], ['Transports', 'logistique'],
	['Circuits', 'électronique'], ['Cartonnages', 'emballage'], ['Charpentes', 'bois'],
	['Saveurs', 'agroalimentaire'], ['Chaudronnerie', 'chaudronnerie'],
	['Laboratoires', 'chimie fine'], ['Imprimerie', 'imprimerie'], ['Menuiseries', 'menuiserie'],
	['Textiles', 'textile technique'], ['Verrerie', 'verre'], ['Automatismes', 'automatisme'],
	['Brasserie', 'boissons'], ['Décolletage', 'décolletage'],
	['Traitements', 'traitement de surface'], ['Composites', 'matériaux composites']
];

/** What follows the trade: a river, a hill, a landscape of the territory. */
// prettier-ignore
export const PLACES = [
	'du Ried', 'de l’Ill', 'de la Bruche', 'du Bernstein', 'de l’Andlau', 'du Giessen',
	'de la Hardt', 'du Kochersberg', 'du Vignoble', 'de la Plaine', 'du Rhin', 'de la Zorn',
	'de l’Ehn', 'du Haut-Koenigsbourg', 'du Mont Sainte-Odile', 'de la Scheer', 'du Hohwald',
	'de la Moder', 'du Sundgau', 'de la Sauer'
];

/** Partner bodies, which are not companies: [kind, name, sector]. */
// prettier-ignore
export const PARTNERS = [
	['local_authority', 'Communauté de communes Centre-Alsace Ried', 'développement économique'],
	['local_authority', 'Communauté de communes du Pays de Barr', 'développement économique'],
	['local_authority', 'Communauté de communes du Canton d’Erstein', 'développement économique'],
	['local_authority', 'Ville de Sélestat', 'emploi et insertion'],
	['training_centre', 'Centre de formation industrielle du Ried', 'formation aux métiers de l’industrie'],
	['training_centre', 'Lycée des métiers Schweisguth', 'formation initiale'],
	['training_centre', 'Pôle formation UIMM Alsace centrale', 'apprentissage'],
	['association', 'Association Jeunes et Industrie', 'emploi des jeunes'],
	['association', 'Club des DRH du Centre-Alsace', 'ressources humaines'],
	['association', 'Mobilités Solidaires Alsace', 'mobilité'],
	['other', 'Chambre de commerce et d’industrie, antenne de Sélestat', 'accompagnement des entreprises']
];

/** Group themes: the network's usual ones (as stored) and a few of the groups' own. */
// prettier-ignore
export const THEMES = [
	['mobility', 6], ['recruitment', 6], ['pooling', 5], ['attractiveness', 4], ['events', 3],
	['Énergie', 2], ['Numérique', 2], ['RSE', 2], ['Sécurité au travail', 1], ['Achats', 1]
];

/** What a group of each theme works on; the place or a number makes each name unique. */
export const TOPICS = {
	mobility: [
		'Covoiturage',
		'Navettes gares',
		'Vélo au travail',
		'Plan de mobilité employeur',
		'Horaires décalés et transports'
	],
	recruitment: [
		'Recrutement soudeurs',
		'Alternance',
		'Compétences numériques',
		'Accueil des nouveaux salariés',
		'Emplois partagés',
		'Reconversion'
	],
	pooling: [
		'Groupement d’achats',
		'Mutualisation des équipements',
		'Déchets et recyclage',
		'Restauration inter-entreprises',
		'Maintenance partagée'
	],
	attractiveness: [
		'Marque employeur',
		'Portes ouvertes',
		'Industrie au féminin',
		'Collèges et lycées',
		'Logement des salariés'
	],
	events: [
		'Salon de l’industrie',
		'Semaine de l’industrie',
		'Rencontres d’affaires',
		'Forum emploi'
	],
	Énergie: ['Sobriété énergétique', 'Photovoltaïque en toiture', 'Chaleur fatale'],
	Numérique: ['Cybersécurité', 'Industrie 4.0', 'Données de production'],
	RSE: ['Bilan carbone', 'Achats responsables', 'Qualité de vie au travail'],
	'Sécurité au travail': ['Prévention des risques', 'Premiers secours'],
	Achats: ['Énergie groupée', 'Fournitures industrielles']
};

// prettier-ignore
export const COLORS = [
	'#2f6f8f', '#7a4e9c', '#b5532a', '#3d7a3a', '#a3366a', '#5a6b2f', '#1f5f7a', '#8a5a00'
];

// prettier-ignore
export const ACTION_VERBS = [
	'Relancer', 'Préparer', 'Rédiger', 'Organiser', 'Contacter', 'Chiffrer', 'Valider', 'Envoyer',
	'Recenser', 'Planifier', 'Présenter', 'Comparer', 'Compléter', 'Mettre à jour', 'Diffuser',
	'Analyser', 'Visiter', 'Négocier', 'Solliciter', 'Finaliser'
];

// prettier-ignore
export const ACTION_OBJECTS = [
	'les fournisseurs du groupement', 'la fiche de poste de soudeur', 'le planning des navettes',
	'la visite de site', 'le devis de maintenance', 'la convention de partenariat',
	'le compte rendu de la dernière réunion', 'les besoins en alternance',
	'le questionnaire aux salariés', 'la liste des entreprises volontaires',
	'le budget prévisionnel', 'l’offre de covoiturage', 'la présentation au comité de pilotage',
	'les horaires de poste', 'la demande de subvention', 'le cahier des charges',
	'les candidatures reçues', 'le stand du salon', 'l’affiche des portes ouvertes',
	'le bilan des consommations', 'les contrats d’énergie', 'le plan de prévention',
	'la charte du groupe', 'le calendrier des interventions en lycée',
	'les indicateurs du trimestre', 'la newsletter du réseau', 'le retour d’expérience',
	'la mutualisation des bennes', 'le diagnostic cybersécurité', 'la formation premiers secours',
	'les tarifs négociés', 'la carte des zones d’activité', 'le parcours d’accueil',
	'l’enquête mobilité', 'le kit de communication', 'la liste des parrains',
	'le relevé de décisions', 'les statistiques d’emploi', 'le prestataire de transport',
	'la salle du forum'
];

// prettier-ignore
export const MEETING_TITLES = [
	'Réunion mensuelle', 'Comité de pilotage', 'Point d’étape', 'Atelier de travail',
	'Visite de site', 'Réunion plénière', 'Groupe de travail', 'Bilan trimestriel',
	'Séance de lancement', 'Retour d’expérience'
];

// prettier-ignore
export const OBJECTIVES = [
	'Signer une convention avec {n} entreprises', 'Réduire de {n} % les coûts d’achat',
	'Accueillir {n} alternants à la rentrée', 'Lancer la première ligne de navette',
	'Publier le guide commun', 'Former {n} référents', 'Organiser un événement grand public',
	'Mesurer les consommations de tous les sites', 'Atteindre {n} salariés inscrits',
	'Mettre en place un tableau de bord partagé'
];

// prettier-ignore
export const MOVED = [
	'Deux nouvelles entreprises ont rejoint la démarche.', 'Le cahier des charges est validé.',
	'La visite de site a réuni une quinzaine de participants.', 'Les premiers devis sont arrivés.',
	'Le questionnaire a reçu plus de cent réponses.', 'La convention est signée.',
	'Le planning du trimestre est arrêté.', 'Trois actions en retard ont été soldées.', ''
];

// prettier-ignore
export const BLOCKS = [
	'', '', '', 'Peu de disponibilités des participants ce mois-ci.',
	'En attente de la réponse de la communauté de communes.',
	'Le budget n’est pas encore arbitré.', 'Le prestataire ne répond plus.',
	'Difficile de trouver une date commune.'
];

// prettier-ignore
export const HELP = [
	'', '', '', '', 'Un contact à la région serait utile.',
	'Besoin d’un appui juridique sur la convention.', 'Une salle pour la prochaine plénière.',
	'Relayer l’enquête auprès des directions.'
];

// prettier-ignore
export const THREAD_TITLES = [
	'Date de la prochaine réunion', 'Retour sur la visite', 'Question sur le devis',
	'Partage de documents', 'Idées pour le salon', 'Proposition de calendrier', 'Contacts utiles',
	'Bilan de l’enquête', 'Organisation du covoiturage', 'Suite à donner'
];

// prettier-ignore
export const SENTENCES = [
	'Merci pour le compte rendu, tout est clair de mon côté.',
	'Je propose que l’on en reparle à la prochaine réunion.',
	'Nous pouvons accueillir la réunion sur notre site, avec une salle pour vingt personnes.',
	'Le devis reçu est plus élevé que prévu, il faudrait en demander un second.',
	'J’ai relancé le prestataire, il doit revenir vers nous cette semaine.',
	'Nos équipes de production ne sont disponibles que le matin.',
	'Bonne idée, je transmets à notre responsable des ressources humaines.',
	'Le lycée est d’accord pour une intervention en classe de terminale.',
	'Je joins le tableau des besoins de notre entreprise.',
	'Attention à la date limite de dépôt du dossier de subvention.',
	'Nous avons deux alternants à accueillir en septembre.',
	'La navette du matin est pleine depuis trois semaines.',
	'Qui peut représenter le groupe au comité de pilotage ?',
	'Je serai absent la semaine prochaine, Sophie me remplacera.',
	'Le retour des salariés est très positif.'
];

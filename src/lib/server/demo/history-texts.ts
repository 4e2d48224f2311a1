/**
 * What a year of the demo groups' check-ins and actions say, group by group, so that two groups
 * never read the same and a month does not repeat the one before.
 */

export interface GroupTexts {
	meeting: string;
	moved: string[];
	blocks: string[];
	help: string[];
	actions: string[];
}

const GENERIC: GroupTexts = {
	meeting: 'Réunion mensuelle',
	moved: [
		'Deux nouvelles entreprises ont rejoint la démarche.',
		'Le calendrier de l’année est validé par les directions.',
		'Premier bilan chiffré partagé avec les partenaires.',
		'Le cahier des charges est finalisé.'
	],
	blocks: [
		'Peu de disponibilité des équipes en période de clôture.',
		'Le budget n’est pas encore arbitré.',
		'Difficile de mobiliser les PME du secteur nord.'
	],
	help: ['Un relais des directions auprès de leurs équipes.', 'Une salle pour l’atelier du mois.'],
	actions: [
		'Relancer les entreprises qui n’ont pas répondu',
		'Préparer la synthèse pour les directions',
		'Mettre à jour la liste des contacts',
		'Envoyer le compte rendu aux partenaires'
	]
};

const BY_GROUP: Record<string, GroupTexts> = {
	mobilites: {
		meeting: 'Comité mobilités',
		moved: [
			'Le sondage sur les trajets a recueilli 480 réponses.',
			'Deux entreprises ont ouvert leur parking au covoiturage.',
			'La ligne de bus du matin part quinze minutes plus tôt, à notre demande.',
			'Premier trajet de la navette d’essai : douze passagers.',
			'Les horaires de poste des sites de la zone sont recensés.'
		],
		blocks: [
			'Les horaires en trois-huit compliquent le covoiturage.',
			'En attente de la réponse de la communauté de communes.',
			'La répartition du coût de la navette n’est pas décidée.'
		],
		help: [
			'Un contact au service transport de la région.',
			'Des directions prêtes à essayer des horaires décalés.'
		],
		actions: [
			'Relancer les sites qui n’ont pas diffusé le sondage',
			'Demander les horaires de la ligne 240',
			'Préparer la rencontre avec la communauté de communes',
			'Installer les panneaux des aires de covoiturage',
			'Comparer les devis de navette',
			'Rédiger la charte du covoiturage',
			'Recenser les places de parking partageables'
		]
	},
	'recrutement-competences': {
		meeting: 'Atelier recrutement',
		moved: [
			'Le job dating a réuni quarante candidats pour dix-huit postes.',
			'Trois alternants recrutés grâce au parcours commun.',
			'La fiche métier de régleur est publiée.',
			'Le centre de formation confirme la session d’automne.',
			'Les besoins de recrutement de l’année sont consolidés.'
		],
		blocks: [
			'Peu de candidats pour les postes de maintenance.',
			'Les tuteurs manquent de temps pour accueillir les alternants.',
			'Le calendrier du centre de formation a glissé d’un mois.'
		],
		help: [
			'Des tuteurs volontaires dans les entreprises du nord.',
			'Un relais auprès de France Travail.'
		],
		actions: [
			'Mettre à jour la liste des postes ouverts',
			'Préparer les stands du job dating',
			'Contacter les lycées professionnels',
			'Rédiger la fiche métier de soudeur',
			'Recenser les tuteurs disponibles',
			'Organiser la visite du centre de formation',
			'Faire le bilan des alternances de l’année'
		]
	},
	mutualisation: {
		meeting: 'Réunion mutualisation',
		moved: [
			'Le cahier des charges de l’achat d’électricité est validé.',
			'Premier prêt de nacelle entre deux sites.',
			'Six entreprises partagent la collecte des palettes.',
			'Les offres des trois fournisseurs sont arrivées.',
			'L’inventaire du matériel prêtable compte quarante lignes.'
		],
		blocks: [
			'Les fins de contrat d’électricité diffèrent trop d’un site à l’autre.',
			'L’assurance du matériel prêté n’est pas réglée.',
			'Le budget n’est pas encore arbitré.'
		],
		help: [
			'Un juriste pour relire la convention de prêt.',
			'Une entreprise pour porter l’achat groupé.'
		],
		actions: [
			'Collecter les factures d’électricité des sites',
			'Lister le matériel prêtable',
			'Rédiger la convention de prêt de matériel',
			'Comparer les offres des fournisseurs',
			'Organiser la collecte commune des palettes',
			'Chiffrer un contrat de maintenance commun',
			'Recenser les besoins en formation sécurité'
		]
	},
	attractivite: {
		meeting: 'Groupe attractivité',
		moved: [
			'Deux collèges ont visité les ateliers de soudure.',
			'Le portrait vidéo d’une conductrice de ligne est en ligne.',
			'Stand commun réservé au salon de l’orientation.',
			'Les ambassadeurs de cinq entreprises sont formés.',
			'Le kit de présentation des métiers est imprimé.'
		],
		blocks: [
			'Difficile de libérer des salariés pour intervenir en classe.',
			'Les collèges répondent tard à nos propositions.',
			'Le tournage des portraits a pris du retard.'
		],
		help: [
			'Des salariés volontaires pour témoigner.',
			'Un relais des directions auprès de leurs équipes.'
		],
		actions: [
			'Confirmer les dates avec les collèges',
			'Tourner le portrait d’une technicienne',
			'Réserver le stand du salon de l’orientation',
			'Former les ambassadeurs métiers',
			'Préparer le kit de présentation des métiers',
			'Envoyer les invitations aux professeurs',
			'Faire le bilan des visites de classes'
		]
	},
	'usines-ouvertes': {
		meeting: 'Comité d’organisation',
		moved: [
			'Vingt-deux sites ont confirmé leur participation.',
			'Le plan des parkings est prêt.',
			'Les inscriptions des classes sont ouvertes.',
			'Le programme est chez l’imprimeur.',
			'Les référents des sites se sont réunis pour la première fois.'
		],
		blocks: [
			'Trois sites n’ont pas encore désigné de référent.',
			'Le transport des classes n’est pas financé.',
			'Les consignes de sécurité des visites restent à harmoniser.'
		],
		help: ['Des bénévoles pour accueillir les classes.', 'Un financement pour les cars scolaires.'],
		actions: [
			'Relancer les sites sans référent',
			'Commander les badges visiteurs',
			'Valider le parcours de visite avec chaque site',
			'Réserver les cars pour les classes',
			'Préparer le communiqué de presse',
			'Mettre à jour la carte des sites',
			'Envoyer les consignes de sécurité aux sites'
		]
	}
};

export function textsFor(slug: string): GroupTexts {
	return BY_GROUP[slug] ?? GENERIC;
}

/** Where the monthly meetings of the history took place, in turn. */
export const MEETING_PLACES = [
	'Salle du réseau, Sélestat',
	'Maison des entreprises, Erstein',
	'Salle du conseil, Marckolsheim'
];

/**
 * Picks from `list` with `random`, never the same as `previous` when the list has a choice: a
 * check-in does not repeat last month's.
 */
export function pickOther(list: string[], random: () => number, previous?: string): string {
	const choices = list.length > 1 ? list.filter((t) => t !== previous) : list;
	return choices[Math.floor(random() * choices.length)];
}

/**
 * Each active demo group gets two past meetings whose published minutes hold task items (now
 * actions, some done, some overdue) and a planned next meeting with empty notes.
 */

export interface DemoTask {
	text: string;
	/** Local part of the owner's e-mail, mentioned in the task. */
	owner?: string;
	/** Days after the meeting when it is due ("avant le 12/03" is written in the text). */
	dueInDays?: number;
	done?: boolean;
}

export interface DemoAgendaItem {
	title: string;
	minutes: number;
	/** Local part of the owner's e-mail. */
	owner?: string;
	/** What was said, in the notes of a past meeting. */
	said?: string;
}

export interface DemoMeeting {
	group: string;
	title: string;
	/** Days from today; negative for past meetings. */
	inDays: number;
	host: string;
	agenda: DemoAgendaItem[];
	decisions: string[];
	tasks: DemoTask[];
}

export const MEETINGS: DemoMeeting[] = [
	{
		group: 'mobilites',
		title: 'Comité mobilités',
		inDays: -70,
		host: 'Transports Rhin-Ill',
		agenda: [
			{
				title: 'Tour de table',
				minutes: 15,
				said: 'Chaque site a présenté ses horaires de poste et ses difficultés d’accès.'
			},
			{
				title: 'Covoiturage inter-entreprises',
				minutes: 45,
				owner: 'karim.haddad',
				said: 'Trois plateformes repérées ; les équipes en horaires décalés sont les plus intéressées.'
			}
		],
		decisions: ['Lancer la plateforme de covoiturage au printemps.'],
		tasks: [
			{
				text: 'Comparer trois plateformes de covoiturage',
				owner: 'karim.haddad',
				dueInDays: 20,
				done: true
			},
			{
				text: 'Recenser les horaires de poste des sites de la zone',
				owner: 'celine.ott',
				dueInDays: 30,
				done: true
			}
		]
	},
	{
		group: 'mobilites',
		title: 'Comité mobilités',
		inDays: -25,
		host: 'Saveurs de la Plaine',
		agenda: [
			{
				title: 'Navette du matin',
				minutes: 40,
				owner: 'partenaire',
				said: 'La communauté de communes cofinance un essai si quatre entreprises s’engagent.'
			},
			{
				title: 'Plan de mobilité commun',
				minutes: 30,
				said: 'Le diagnostic reprendra les enquêtes déjà menées par deux sites.'
			}
		],
		decisions: ['Essai de navette sur six mois, à financer à parts égales.'],
		tasks: [
			{
				text: 'Envoyer le devis de navette à la communauté de communes',
				owner: 'partenaire',
				dueInDays: 10
			},
			{ text: 'Sonder les salariés sur l’usage de la navette', owner: 'membre', dueInDays: 40 },
			{
				text: 'Préparer la convention de financement',
				owner: 'karim.haddad',
				dueInDays: 15,
				done: true
			}
		]
	},
	{
		group: 'mobilites',
		title: 'Comité mobilités',
		inDays: 12,
		host: 'Mécanique Ried Précision',
		agenda: [
			{ title: 'Bilan du sondage', minutes: 30, owner: 'membre' },
			{ title: 'Calendrier de la navette', minutes: 30, owner: 'karim.haddad' }
		],
		decisions: [],
		tasks: []
	},
	{
		group: 'recrutement-competences',
		title: 'Atelier recrutement',
		inDays: -40,
		host: 'Centre de formation industrielle du Ried',
		agenda: [
			{
				title: 'Métiers en tension',
				minutes: 30,
				said: 'Maintenance, soudure et conduite de ligne reviennent dans presque toutes les entreprises.'
			},
			{
				title: 'Parcours maintenance',
				minutes: 45,
				owner: 'sandrine.bauer',
				said: 'Le centre de formation ouvre douze places en alternance à la rentrée.'
			}
		],
		decisions: ['Monter un parcours commun de maintenance.'],
		tasks: [
			{ text: 'Rédiger la fiche du parcours maintenance', owner: 'sandrine.bauer', dueInDays: 25 },
			{ text: 'Réserver la salle du job dating', owner: 'helene.ritter', dueInDays: 14, done: true }
		]
	},
	{
		group: 'recrutement-competences',
		title: 'Atelier recrutement',
		inDays: 20,
		host: 'Plastiques du Bernstein',
		agenda: [{ title: 'Job dating de printemps', minutes: 60, owner: 'helene.ritter' }],
		decisions: [],
		tasks: []
	},
	{
		group: 'mutualisation',
		title: 'Réunion mutualisation',
		inDays: -30,
		host: 'Cartonnages de l’Ill',
		agenda: [
			{
				title: 'Achats d’électricité',
				minutes: 45,
				owner: 'nicolas.haas',
				said: 'Les contrats de cinq sites arrivent à échéance la même année : un achat groupé est possible.'
			},
			{
				title: 'Bourse de matériel',
				minutes: 30,
				said: 'Nacelles, chariots et appareils de mesure sont les premiers candidats au prêt.'
			}
		],
		decisions: ['Consulter trois fournisseurs d’électricité ensemble.'],
		tasks: [
			{
				text: 'Collecter les courbes de charge des sites',
				owner: 'nicolas.haas',
				dueInDays: 12,
				done: true
			},
			{ text: 'Consulter trois fournisseurs', owner: 'membre', dueInDays: 21 },
			{ text: 'Lister le matériel prêtable', owner: 'sebastien.koenig', dueInDays: 60 }
		]
	},
	{
		group: 'mutualisation',
		title: 'Réunion mutualisation',
		inDays: 9,
		host: 'Aciéries de l’Andlau',
		agenda: [
			{ title: 'Offres des fournisseurs', minutes: 45, owner: 'membre' },
			{ title: 'Bourse de matériel : premiers prêts', minutes: 20, owner: 'sebastien.koenig' }
		],
		decisions: [],
		tasks: []
	},
	{
		group: 'attractivite',
		title: 'Groupe attractivité',
		inDays: -20,
		host: 'Association Jeunes et Industrie',
		agenda: [
			{
				title: 'Calendrier des collèges',
				minutes: 40,
				owner: 'manon.wolff',
				said: 'Les collèges préfèrent mars et avril, hors des périodes d’examens.'
			}
		],
		decisions: ['Dix collèges visés cette année.'],
		tasks: [
			{
				text: 'Confirmer la date avec le collège de Marckolsheim',
				owner: 'manon.wolff',
				dueInDays: 7
			},
			{ text: 'Écrire le portrait d’une soudeuse', owner: 'emilie.gross', dueInDays: 30 }
		]
	},
	{
		group: 'attractivite',
		title: 'Groupe attractivité',
		inDays: 15,
		host: 'Circuits du Giessen',
		agenda: [
			{ title: 'Portraits de salariés', minutes: 40, owner: 'emilie.gross' },
			{ title: 'Questions diverses', minutes: 15 }
		],
		decisions: [],
		tasks: []
	},
	{
		group: 'usines-ouvertes',
		title: 'Comité d’organisation',
		inDays: -15,
		host: 'Bois et Charpentes du Ried',
		agenda: [
			{
				title: 'Sites candidats',
				minutes: 45,
				owner: 'mathieu.roth',
				said: 'Vingt-deux sites déjà partants, dont six nouveaux.'
			},
			{
				title: 'Communication',
				minutes: 30,
				said: 'Affiches et programme à finaliser avant les vacances de février.'
			}
		],
		decisions: ['Ouverture des inscriptions des sites en janvier.'],
		tasks: [
			{ text: 'Relancer les sites de l’édition précédente', owner: 'mathieu.roth', dueInDays: 10 },
			{ text: 'Commander la signalétique des parkings', owner: 'romain.vogel', dueInDays: 45 }
		]
	},
	{
		group: 'usines-ouvertes',
		title: 'Comité d’organisation',
		inDays: 25,
		host: 'Saveurs de la Plaine',
		agenda: [{ title: 'Programme des visites', minutes: 60, owner: 'romain.vogel' }],
		decisions: [],
		tasks: []
	}
];

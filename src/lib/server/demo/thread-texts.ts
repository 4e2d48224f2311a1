import type { ThreadSubject } from '$lib/server/db/schema';

/**
 * Each active demo group gets a few discussions in French: replies at several levels, @mentions,
 * a quotation, and threads about one of the group's actions and its next meeting. Every member
 * has read all but the last message of each thread, so the demo shows unread counts.
 */

export interface DemoMessage {
	/** Local part of the author's e-mail. */
	by: string;
	/** Hours before now. */
	hoursAgo: number;
	/** Paragraphs; "@local" mentions a person, a leading "> " makes a quotation. */
	text: string[];
	replies?: DemoMessage[];
}

export interface DemoThread {
	group: string;
	title: string;
	/**
	 * The thread is about the group's next meeting, its first open action, or the document whose
	 * title contains `contains`.
	 */
	about?: { type: ThreadSubject; contains?: string };
	pinned?: boolean;
	messages: DemoMessage[];
}

/** The groups' everyday discussions, two of them about the next meeting or an open action. */
export const DISCUSSIONS: DemoThread[] = [
	{
		group: 'mobilites',
		title: 'Horaires de la navette Erstein – zone d’activités',
		pinned: true,
		messages: [
			{
				by: 'karim.haddad',
				hoursAgo: 200,
				text: [
					'Bonjour à tous, la communauté de communes propose de caler la navette sur les prises de poste de 5 h 30 et 13 h 30.',
					'@partenaire, pouvez-vous nous confirmer le nombre d’arrêts prévus côté Erstein ?'
				],
				replies: [
					{
						by: 'partenaire',
						hoursAgo: 180,
						text: [
							'Trois arrêts : gare d’Erstein, place de la Mairie et rond-point Krafft. Le premier passage serait à 5 h 05.'
						],
						replies: [
							{
								by: 'celine.ott',
								hoursAgo: 170,
								text: [
									'> Le premier passage serait à 5 h 05.',
									'Pour nos équipes du matin, c’est parfait. Il faudrait aussi un retour vers 21 h 45 pour l’équipe d’après-midi.'
								],
								replies: [
									{
										by: 'mathieu.roth',
										hoursAgo: 150,
										text: ['Même besoin chez MRP, une quinzaine de personnes concernées.']
									}
								]
							}
						]
					},
					{
						by: 'vincent.heitz',
						hoursAgo: 120,
						text: [
							'Je peux partager les horaires de nos trois équipes si cela aide à dimensionner. @karim.haddad je vous les envoie ?'
						]
					},
					{
						by: 'karim.haddad',
						hoursAgo: 20,
						text: [
							'Merci à tous. Je fais la synthèse des besoins pour la réunion avec la communauté de communes. @membre, vous pourrez relire avant envoi ?'
						]
					}
				]
			}
		]
	},
	{
		group: 'mobilites',
		title: 'Préparer la prochaine réunion',
		about: { type: 'meeting' },
		messages: [
			{
				by: 'karim.haddad',
				hoursAgo: 60,
				text: [
					'Des sujets à ajouter à l’ordre du jour ? Je propose un point sur le covoiturage inter-entreprises.'
				],
				replies: [
					{
						by: 'laura.wendling',
						hoursAgo: 30,
						text: ['Oui, et un retour sur l’essai des vélos à assistance électrique chez ADA.']
					}
				]
			}
		]
	},
	{
		group: 'recrutement-competences',
		title: 'Job dating du printemps : quelles entreprises participent ?',
		messages: [
			{
				by: 'sophie.klein',
				hoursAgo: 300,
				text: [
					'Nous avons besoin de la liste des entreprises participantes avant fin du mois pour France Travail.',
					'Merci d’indiquer ici le nombre de postes que vous présenterez.'
				],
				replies: [
					{
						by: 'antoine.weber',
						hoursAgo: 280,
						text: ['SDP : 4 postes (2 régleurs, 1 technicien de maintenance, 1 cariste).']
					},
					{
						by: 'aurelie.lang',
						hoursAgo: 250,
						text: ['Cartonnerie de la Gare : 2 postes de conducteurs de ligne.'],
						replies: [
							{
								by: 'sophie.klein',
								hoursAgo: 240,
								text: [
									'Merci @aurelie.lang ! Les postes en alternance comptent aussi si vous en avez.'
								]
							}
						]
					},
					{
						by: 'yannick.marchal',
						hoursAgo: 10,
						text: [
							'L’association peut tenir un stand d’accueil pour orienter les candidats vers les bons stands.'
						]
					}
				]
			}
		]
	},
	{
		group: 'recrutement-competences',
		title: 'Suivi de l’action en cours',
		about: { type: 'action' },
		messages: [
			{
				by: 'helene.ritter',
				hoursAgo: 90,
				text: ['Où en est-on sur ce point ? Il conditionne la suite du calendrier.'],
				replies: [
					{
						by: 'membre',
						hoursAgo: 40,
						text: ['J’ai relancé hier, réponse attendue cette semaine.']
					}
				]
			}
		]
	},
	{
		group: 'mutualisation',
		title: 'Achat groupé de gants et de chaussures de sécurité',
		pinned: true,
		messages: [
			{
				by: 'membre',
				hoursAgo: 400,
				text: [
					'Trois fournisseurs ont répondu à la consultation. Les écarts de prix vont de 8 à 15 % selon les volumes.',
					'@nicolas.haas, @sebastien.koenig : pouvez-vous me dire vos volumes annuels ?'
				],
				replies: [
					{
						by: 'nicolas.haas',
						hoursAgo: 380,
						text: ['Environ 1 200 paires de gants et 150 paires de chaussures par an.']
					},
					{
						by: 'sebastien.koenig',
						hoursAgo: 360,
						text: ['Chez nous, 800 paires de gants. Les chaussures passent par un contrat cadre.'],
						replies: [
							{
								by: 'membre',
								hoursAgo: 350,
								text: ['Jusqu’à quand court le contrat cadre ?'],
								replies: [
									{
										by: 'sebastien.koenig',
										hoursAgo: 340,
										text: ['Fin juin. On pourrait rejoindre l’achat groupé ensuite.'],
										replies: [
											{
												by: 'elodie.herrmann',
												hoursAgo: 330,
												text: ['Même échéance chez MRP, on pourrait caler les deux.']
											}
										]
									}
								]
							}
						]
					},
					{
						by: 'romain.vogel',
						hoursAgo: 6,
						text: ['Je peux me charger de comparer les fiches techniques des gants anti-coupure.']
					}
				]
			}
		]
	},
	{
		group: 'mutualisation',
		title: 'Prêt d’un chariot élévateur pendant les congés',
		messages: [
			{
				by: 'laura.wendling',
				hoursAgo: 100,
				text: [
					'Notre chariot part en révision trois semaines en août. Quelqu’un aurait-il un chariot disponible à prêter ?'
				],
				replies: [
					{
						by: 'elodie.herrmann',
						hoursAgo: 70,
						text: ['MRP ferme deux semaines en août : notre chariot 2,5 t peut être disponible.']
					}
				]
			}
		]
	},
	{
		group: 'attractivite',
		title: 'Vidéos métiers : choix des ateliers à filmer',
		messages: [
			{
				by: 'emilie.gross',
				hoursAgo: 220,
				text: [
					'Le vidéaste peut tourner dans quatre ateliers. Proposez vos ateliers les plus parlants pour les collégiens.'
				],
				replies: [
					{
						by: 'vincent.heitz',
						hoursAgo: 200,
						text: ['La ligne de découpe laser de BCR impressionne toujours les visiteurs.']
					},
					{
						by: 'antoine.weber',
						hoursAgo: 12,
						text: [
							'L’atelier de maintenance de SDP, avec nos deux apprentis qui peuvent témoigner. @manon.wolff ?'
						]
					}
				]
			}
		]
	},
	{
		group: 'usines-ouvertes',
		title: 'Parcours de visite et sécurité des visiteurs',
		messages: [
			{
				by: 'mathieu.roth',
				hoursAgo: 150,
				text: [
					'Pour l’édition de cette année, il faut un parcours balisé par usine et un briefing sécurité de cinq minutes à l’accueil.',
					'@celine.ott, vous aviez un modèle de plan de visite l’an dernier ?'
				],
				replies: [
					{
						by: 'celine.ott',
						hoursAgo: 130,
						text: ['Oui, je le dépose dans les documents du groupe cette semaine.']
					},
					{
						by: 'karim.haddad',
						hoursAgo: 8,
						text: ['Pensez aux chaussures : prévoir des surchaussures pour le public.']
					}
				]
			}
		]
	},
	{
		group: 'usines-ouvertes',
		title: 'Communication : affiches et réseaux sociaux',
		about: { type: 'action' },
		messages: [
			{
				by: 'manon.wolff',
				hoursAgo: 50,
				text: ['Je propose un visuel commun avec le logo de chaque usine participante.']
			}
		]
	}
];

import type { DemoThread } from './thread-texts';

/** Threads that follow the groups' work: each about one of their documents, one about an action. */
export const FOLLOW_UPS: DemoThread[] = [
	{
		group: 'mobilites',
		title: 'Étude des horaires de navettes : vos relevés',
		about: { type: 'document', contains: 'horaires de navettes' },
		messages: [
			{
				by: 'karim.haddad',
				hoursAgo: 140,
				text: [
					'J’ai ouvert le document de l’étude. Il manque encore les relevés de trois entreprises pour la semaine type.',
					'@laura.wendling @vincent.heitz, pouvez-vous ajouter vos heures d’embauche et de débauche ?'
				],
				replies: [
					{
						by: 'laura.wendling',
						hoursAgo: 110,
						text: ['C’est fait pour ADA : deux équipes, 5 h 30 – 13 h 30 et 13 h 30 – 21 h 30.'],
						replies: [
							{
								by: 'celine.ott',
								hoursAgo: 96,
								text: [
									'> deux équipes, 5 h 30 – 13 h 30 et 13 h 30 – 21 h 30',
									'Mêmes horaires chez nous : une seule navette pourrait desservir les deux sites.'
								]
							}
						]
					},
					{
						by: 'vincent.heitz',
						hoursAgo: 8,
						text: ['Ajouté aussi, avec l’équipe de nuit en plus (21 h 30 – 5 h 30).']
					}
				]
			}
		]
	},
	{
		group: 'recrutement-competences',
		title: 'Cartographie des métiers en tension : compléter le tableau',
		about: { type: 'document', contains: 'Cartographie' },
		messages: [
			{
				by: 'helene.ritter',
				hoursAgo: 160,
				text: [
					'Le tableau des métiers en tension est en ligne. Chaque entreprise indique les postes ouverts depuis plus de trois mois.',
					'@sandrine.bauer, pouvez-vous y reporter les chiffres de l’agence ?'
				],
				replies: [
					{
						by: 'sandrine.bauer',
						hoursAgo: 130,
						text: [
							'Oui : 42 offres de soudeurs et 35 de techniciens de maintenance sur le bassin, c’est ajouté.'
						]
					},
					{
						by: 'antoine.weber',
						hoursAgo: 70,
						text: ['Nous cherchons deux régleurs sur presse depuis janvier, je complète.'],
						replies: [
							{
								by: 'aurelie.lang',
								hoursAgo: 16,
								text: [
									'Pareil pour nous. @sophie.klein, faut-il prévoir une formation commune de régleur ?'
								]
							}
						]
					}
				]
			}
		]
	},
	{
		group: 'mutualisation',
		title: 'Groupement d’achat d’électricité 2027',
		about: { type: 'document', contains: 'électricité' },
		messages: [
			{
				by: 'membre',
				hoursAgo: 190,
				text: [
					'Le courtier attend nos consommations de 2025 pour lancer la consultation.',
					'@romain.vogel @sebastien.koenig, vous pouvez les ajouter au document d’ici la fin du mois ?'
				],
				replies: [
					{
						by: 'romain.vogel',
						hoursAgo: 150,
						text: ['1,8 GWh pour Saveurs de la Plaine, dont la moitié en heures creuses.']
					},
					{
						by: 'sebastien.koenig',
						hoursAgo: 40,
						text: [
							'> lancer la consultation',
							'Attention, notre contrat actuel court jusqu’en mars 2027 : il faudrait un démarrage décalé.'
						],
						replies: [
							{
								by: 'membre',
								hoursAgo: 5,
								text: ['Bien noté, je le demande au courtier.']
							}
						]
					}
				]
			}
		]
	},
	{
		group: 'attractivite',
		title: 'Calendrier des interventions en collège',
		about: { type: 'document', contains: 'Calendrier des interventions' },
		pinned: true,
		messages: [
			{
				by: 'manon.wolff',
				hoursAgo: 300,
				text: [
					'Le calendrier du trimestre est dans le document. Il reste des créneaux à Benfeld et à Obernai.',
					'@olivier.keller, votre apprentie pourrait-elle venir témoigner à Benfeld ?'
				],
				replies: [
					{
						by: 'olivier.keller',
						hoursAgo: 260,
						text: ['Oui, le jeudi matin lui convient. Je l’inscris.']
					},
					{
						by: 'aurelie.lang',
						hoursAgo: 90,
						text: ['Je prends Obernai, avec notre technicienne qualité.'],
						replies: [
							{
								by: 'emilie.gross',
								hoursAgo: 30,
								text: ['Merci ! Pensez à apporter des pièces que les élèves peuvent toucher.']
							}
						]
					}
				]
			}
		]
	},
	{
		group: 'attractivite',
		title: 'Où en est-on de l’action en cours ?',
		about: { type: 'action' },
		messages: [
			{
				by: 'emilie.gross',
				hoursAgo: 75,
				text: [
					'Point d’étape avant la prochaine réunion : qu’est-ce qui avance, qu’est-ce qui bloque ?'
				],
				replies: [
					{
						by: 'yannick.marchal',
						hoursAgo: 50,
						text: [
							'Les établissements répondent lentement en période d’examens. @manon.wolff, tu as un contact au rectorat ?'
						],
						replies: [
							{
								by: 'manon.wolff',
								hoursAgo: 3,
								text: ['Oui, je l’appelle lundi et je vous dis.']
							}
						]
					}
				]
			}
		]
	},
	{
		group: 'usines-ouvertes',
		title: 'Bilan de l’édition précédente : ce qu’on garde',
		about: { type: 'document', contains: 'Bilan' },
		messages: [
			{
				by: 'mathieu.roth',
				hoursAgo: 400,
				text: [
					'Le bilan est rédigé. Trois points à trancher : les navettes entre sites, les inscriptions en ligne, la visite du samedi soir.'
				],
				replies: [
					{
						by: 'elodie.herrmann',
						hoursAgo: 350,
						text: ['Les inscriptions en ligne ont évité les files d’attente chez nous : à garder.']
					},
					{
						by: 'romain.vogel',
						hoursAgo: 100,
						text: [
							'La visite du samedi soir a eu peu de monde. @mathieu.roth, on la remplace par un dimanche matin ?'
						],
						replies: [
							{
								by: 'karim.haddad',
								hoursAgo: 26,
								text: ['D’accord pour le dimanche matin, les familles viennent plus facilement.']
							}
						]
					}
				]
			}
		]
	}
];

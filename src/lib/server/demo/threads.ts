import { and, asc, eq, inArray } from 'drizzle-orm';
import { toPlainText } from '$lib/richtext/render';
import type { RichDoc, RichNode } from '$lib/richtext/types';
import { db } from '$lib/server/db';
import {
	actions,
	documents,
	groupMembers,
	groups,
	meetings,
	threadMessages,
	threadReads,
	threads,
	threadSubscriptions,
	users,
	type ThreadSubject
} from '$lib/server/db/schema';
import { DEMO_EMAIL_DOMAIN } from './data';

/**
 * Each active demo group gets a few discussions in French: replies at several levels, @mentions,
 * a quotation, and threads about one of the group's actions and its next meeting. Every member
 * has read all but the last message of each thread, so the demo shows unread counts.
 */

interface DemoMessage {
	/** Local part of the author's e-mail. */
	by: string;
	/** Hours before now. */
	hoursAgo: number;
	/** Paragraphs; "@local" mentions a person, a leading "> " makes a quotation. */
	text: string[];
	replies?: DemoMessage[];
}

interface DemoThread {
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

const DEMO_THREADS: DemoThread[] = [
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
	},
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

const t = (text: string): RichNode => ({ type: 'text', text });

/** A paragraph with its @mentions as mention nodes. */
function paragraph(text: string, person: (local: string) => { id: string; name: string }) {
	const content: RichNode[] = [];
	let rest = text;
	for (const match of text.matchAll(/@([a-z.]+[a-z])/g)) {
		const [before] = rest.split(match[0]);
		if (before) content.push(t(before));
		const who = person(match[1]);
		content.push({ type: 'mention', attrs: { id: who.id, label: who.name } });
		rest = rest.slice(before.length + match[0].length);
	}
	if (rest) content.push(t(rest));
	return { type: 'paragraph', content };
}

function body(lines: string[], person: (local: string) => { id: string; name: string }): RichDoc {
	const content: RichNode[] = [];
	for (const line of lines) {
		if (line.startsWith('> ')) {
			content.push({ type: 'blockquote', content: [paragraph(line.slice(2), person)] });
		} else content.push(paragraph(line, person));
	}
	return { type: 'doc', content };
}

export async function seedThreads(): Promise<void> {
	const people = await db
		.select({ id: users.id, email: users.email, name: users.name })
		.from(users);
	const person = (local: string) => {
		const found = people.find((p) => p.email === `${local}@${DEMO_EMAIL_DOMAIN}`);
		if (!found) throw new Error(`Unknown demo person: ${local}`);
		return found;
	};
	const now = Date.now();
	const hoursAgo = (h: number) => new Date(now - h * 3_600_000);

	await db.transaction(async (tx) => {
		for (const demo of DEMO_THREADS) {
			const [group] = await tx.select().from(groups).where(eq(groups.slug, demo.group));
			let subject: { type: ThreadSubject; id: string } | null = null;
			if (demo.about?.type === 'meeting') {
				const [next] = await tx
					.select({ id: meetings.id })
					.from(meetings)
					.where(and(eq(meetings.groupId, group.id), eq(meetings.status, 'planned')))
					.orderBy(asc(meetings.startsAt))
					.limit(1);
				if (next) subject = { type: 'meeting', id: next.id };
			} else if (demo.about?.type === 'action') {
				const [open] = await tx
					.select({ id: actions.id, title: actions.title })
					.from(actions)
					.where(
						and(
							eq(actions.groupId, group.id),
							inArray(actions.status, ['open', 'in_progress', 'blocked'])
						)
					)
					.orderBy(asc(actions.dueDate))
					.limit(1);
				if (open) subject = { type: 'action', id: open.id };
			} else if (demo.about?.type === 'document') {
				const rows = await tx
					.select({ id: documents.id, title: documents.title })
					.from(documents)
					.where(eq(documents.groupId, group.id));
				const found = rows.find((d) => d.title.includes(demo.about?.contains ?? ''));
				if (found) subject = { type: 'document', id: found.id };
			}
			const flat: { id: string; at: Date; by: string }[] = [];
			const threadId = crypto.randomUUID();
			const insert = async (
				message: DemoMessage,
				parent: { id: string; level: number; displayParentId: string | null; rootId: string } | null
			) => {
				const id = crypto.randomUUID();
				const level = parent ? Math.min(parent.level + 1, 3) : 1;
				const displayParentId = parent
					? parent.level < 3
						? parent.id
						: parent.displayParentId
					: null;
				const rootId = parent ? parent.rootId : id;
				const doc = body(message.text, person);
				const at = hoursAgo(message.hoursAgo);
				await tx.insert(threadMessages).values({
					id,
					threadId,
					authorId: person(message.by).id,
					parentId: parent?.id ?? null,
					displayParentId,
					level,
					rootId,
					body: doc,
					bodyText: toPlainText(doc),
					createdAt: at
				});
				flat.push({ id, at, by: message.by });
				for (const reply of message.replies ?? []) {
					await insert(reply, { id, level, displayParentId, rootId });
				}
			};
			const first = demo.messages[0];
			await tx.insert(threads).values({
				id: threadId,
				groupId: group.id,
				title: demo.title,
				authorId: person(first.by).id,
				subjectType: subject?.type ?? null,
				subjectId: subject?.id ?? null,
				pinned: !!demo.pinned,
				createdAt: hoursAgo(first.hoursAgo),
				lastMessageAt: hoursAgo(first.hoursAgo)
			});
			for (const message of demo.messages) await insert(message, null);
			flat.sort((a, b) => a.at.getTime() - b.at.getTime());
			const last = flat.at(-1)!;
			await tx.update(threads).set({ lastMessageAt: last.at }).where(eq(threads.id, threadId));
			// Everyone has read all but the last message; its author has read everything.
			const members = await tx
				.select({ userId: groupMembers.userId })
				.from(groupMembers)
				.where(eq(groupMembers.groupId, group.id));
			const beforeLast = flat.length > 1 ? flat.at(-2)!.at : hoursAgo(first.hoursAgo + 1);
			if (members.length) {
				await tx.insert(threadReads).values(
					members.map((m) => ({
						userId: m.userId,
						threadId,
						readAt: m.userId === person(last.by).id ? last.at : beforeLast
					}))
				);
			}
			const writers = [...new Set(flat.map((m) => person(m.by).id))];
			await tx
				.insert(threadSubscriptions)
				.values(writers.map((userId) => ({ userId, threadId, state: 'following' as const })))
				.onConflictDoNothing();
		}
	});
}

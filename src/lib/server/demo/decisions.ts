import { inArray } from 'drizzle-orm';
import { fromPlainText, toPlainText } from '$lib/richtext/render';
import { db } from '$lib/server/db';
import {
	activity,
	decisions,
	groups,
	pollAnswers,
	pollChoices,
	pollOptions,
	polls,
	pollVoters,
	users,
	type Stance
} from '$lib/server/db/schema';
import { todayInParis, addDays, parisLocalToDate } from '$lib/server/dates';
import { DEMO_EMAIL_DOMAIN } from './data';

// Each active group has decided a few things this year by proposal, has one proposal and one date
// poll open that the demo accounts can answer, Mutualisation has a quick poll open, and Mobilités
// has recorded a decision taken in a meeting, then revised it.

interface DemoProposal {
	title: string;
	text: string;
	by: string;
	/** How many days ago it opened, and how long it stayed open. */
	daysAgo: number;
	days: number;
	answers: [string, Stance, string?][];
	/** The outcome, for a closed proposal. */
	outcome?: { title: string; text: string };
}

const PROPOSALS: Record<string, DemoProposal[]> = {
	mobilites: [
		{
			title: 'Retenir Transports Kieffer pour la navette de la zone Nord',
			text: 'Sur les trois devis reçus, celui de Transports Kieffer est le seul qui desserve la gare aux heures de poste (6 h 40 et 7 h 20). Je propose de le retenir pour un essai de six mois.',
			by: 'karim.haddad',
			daysAgo: 40,
			days: 7,
			answers: [
				['celine.ott', 'agree', 'Les horaires collent à nos équipes du matin.'],
				['mathieu.roth', 'agree'],
				['vincent.heitz', 'abstain', 'Nous ne sommes pas sur la zone Nord.'],
				['laura.wendling', 'agree']
			],
			outcome: {
				title: 'Navette de la zone Nord confiée à Transports Kieffer pour six mois',
				text: 'Adopté : trois réponses d’accord, une abstention, aucun blocage. Karim signe le bon de commande ; bilan de fréquentation au bout de trois mois.'
			}
		},
		{
			title: 'Partager le coût de la navette au prorata des salariés transportés',
			text: 'Chaque entreprise paie selon le nombre de ses salariés inscrits à la navette, relevé chaque mois.',
			by: 'celine.ott',
			daysAgo: 6,
			days: 9,
			answers: [
				['karim.haddad', 'agree', 'Simple et juste.'],
				[
					'vincent.heitz',
					'disagree',
					'Un forfait par site serait plus prévisible pour nos budgets.'
				]
			]
		}
	],
	'recrutement-competences': [
		{
			title: 'Tenir le job dating commun à la salle des fêtes de Sélestat',
			text: 'La salle est gratuite pour les associations du territoire et accessible en train. Date visée : le jeudi 15 avril.',
			by: 'sophie.klein',
			daysAgo: 25,
			days: 5,
			answers: [
				['helene.ritter', 'agree'],
				['membre', 'agree', 'Proche de la gare : bien pour les candidats sans voiture.'],
				['antoine.weber', 'agree'],
				['aurelie.lang', 'abstain']
			],
			outcome: {
				title: 'Job dating commun le 15 avril à la salle des fêtes de Sélestat',
				text: 'Adopté sans objection. Hélène réserve la salle ; chaque entreprise annonce ses postes avant le 1er mars.'
			}
		},
		{
			title: 'Ouvrir le job dating aux intérimaires en mission chez nous',
			text: 'Beaucoup d’intérimaires cherchent un poste durable : les inviter élargirait le vivier.',
			by: 'helene.ritter',
			daysAgo: 3,
			days: 10,
			answers: [['sophie.klein', 'agree']]
		}
	],
	mutualisation: [
		{
			title: 'Acheter en commun les équipements de protection individuelle',
			text: 'Un groupement de commandes pour les gants, lunettes et chaussures de sécurité : cinq sites, un seul appel d’offres, des prix négociés pour deux ans.',
			by: 'membre',
			daysAgo: 55,
			days: 10,
			answers: [
				['nicolas.haas', 'agree', 'Nous gagnerions 12 % sur les gants.'],
				['sebastien.koenig', 'agree'],
				['laura.wendling', 'block', 'Notre contrat actuel court jusqu’en juin : pas avant.'],
				['elodie.herrmann', 'agree']
			],
			outcome: {
				title: 'Groupement de commandes d’EPI à partir de juillet',
				text: 'Adopté en tenant compte du blocage : le groupement démarre en juillet, à l’échéance du contrat en cours chez Wendling. Julie rédige le cahier des charges.'
			}
		},
		{
			title: 'Mettre le chariot élévateur de secours en prêt entre sites',
			text: 'Le chariot de réserve de Haas Mécanique resterait disponible pour les autres sites, réservé ici même, avec un état des lieux à chaque prêt.',
			by: 'nicolas.haas',
			daysAgo: 2,
			days: 7,
			answers: [['sebastien.koenig', 'agree', 'Utile pendant nos inventaires.']]
		}
	],
	attractivite: [
		{
			title: 'Publier une série de portraits de salariés chaque mois',
			text: 'Un portrait par mois sur les réseaux du réseau, avec l’accord écrit de chaque personne.',
			by: 'emilie.gross',
			daysAgo: 30,
			days: 7,
			answers: [
				['yannick.marchal', 'agree'],
				['olivier.keller', 'agree', 'Nos apprentis seront partants.']
			],
			outcome: {
				title: 'Un portrait de salarié par mois, à partir de février',
				text: 'Adopté. Émilie tient le calendrier des portraits ; chaque entreprise en propose au moins un dans l’année.'
			}
		},
		{
			title: 'Tourner une vidéo commune pour les collèges',
			text: 'Trois minutes, cinq métiers, tournées dans trois usines du réseau.',
			by: 'yannick.marchal',
			daysAgo: 4,
			days: 14,
			answers: []
		}
	],
	'usines-ouvertes': [
		{
			title: 'Ouvrir les inscriptions des classes dès janvier',
			text: 'Les enseignants bâtissent leurs sorties au premier trimestre : ouvrir les inscriptions en janvier leur laisse le temps.',
			by: 'mathieu.roth',
			daysAgo: 35,
			days: 7,
			answers: [
				['celine.ott', 'agree'],
				['nicolas.haas', 'agree'],
				['manon.wolff', 'disagree', 'Trop tôt pour connaître nos créneaux.'],
				['romain.vogel', 'agree']
			],
			outcome: {
				title: 'Inscriptions des classes ouvertes le 15 janvier',
				text: 'Adopté à la majorité ; les sites qui ne connaissent pas encore leurs créneaux les ajoutent jusqu’à fin février.'
			}
		},
		{
			title: 'Limiter les groupes de visite à 25 personnes',
			text: 'Au-delà, les consignes de sécurité en atelier ne s’entendent plus.',
			by: 'mathieu.roth',
			daysAgo: 1,
			days: 8,
			answers: [['karim.haddad', 'agree']]
		}
	]
};

/** The open date poll of each active group: the meeting it is for. */
const DATE_POLL_TITLES: Record<string, string> = {
	mobilites: 'Comité mobilité de janvier',
	'recrutement-competences': 'Bilan du job dating et suite',
	mutualisation: 'Réunion sur les achats groupés d’énergie',
	'usines-ouvertes': 'Répartition des sites par journée',
	attractivite: 'Préparation de la campagne vidéo'
};

/** Its slots: in how many days, from, to (Paris time), where. */
const DATE_SLOTS: [number, string, string, string][] = [
	[9, '18:00', '20:00', 'Salle du conseil, CCI de Colmar'],
	[11, '08:30', '10:00', 'En visio'],
	[14, '18:00', '20:00', 'Salle du conseil, CCI de Colmar']
];

const DAY = 86_400_000;
const at = (daysAgo: number, now: Date) => new Date(now.getTime() - daysAgo * DAY);

export async function seedDecisions(now = new Date()): Promise<void> {
	const [groupRows, userRows] = await Promise.all([
		db
			.select({ id: groups.id, slug: groups.slug })
			.from(groups)
			.where(inArray(groups.slug, Object.keys(PROPOSALS))),
		db.select({ id: users.id, email: users.email }).from(users)
	]);
	const groupId = new Map(groupRows.map((g) => [g.slug, g.id]));
	const userId = new Map(userRows.map((u) => [u.email, u.id]));
	const person = (local: string) => {
		const id = userId.get(`${local}@${DEMO_EMAIL_DOMAIN}`);
		if (!id) throw new Error(`demo decisions: no ${local}`);
		return id;
	};
	const today = todayInParis(now);
	await db.transaction(async (tx) => {
		for (const [slug, proposals] of Object.entries(PROPOSALS)) {
			const group = groupId.get(slug);
			if (!group) continue;
			for (const p of proposals) {
				const body = fromPlainText(p.text);
				const createdAt = at(p.daysAgo, now);
				const closesAt = new Date(createdAt.getTime() + p.days * DAY);
				const closed = closesAt.getTime() <= now.getTime();
				const [poll] = await tx
					.insert(polls)
					.values({
						groupId: group,
						kind: 'proposal',
						title: p.title,
						body,
						bodyText: toPlainText(body),
						authorId: person(p.by),
						createdAt,
						closesAt,
						closedAt: closed ? closesAt : null
					})
					.returning({ id: polls.id });
				for (const [i, [who, stance, reason]] of p.answers.entries()) {
					const answeredAt = new Date(createdAt.getTime() + (i + 1) * 3_600_000 * 5);
					await tx.insert(pollAnswers).values({
						pollId: poll.id,
						userId: person(who),
						stance,
						reason: reason ?? '',
						createdAt: answeredAt
					});
					await tx.insert(pollVoters).values({ pollId: poll.id, userId: person(who), answeredAt });
				}
				await tx.insert(activity).values({
					groupId: group,
					actorId: person(p.by),
					subjectType: 'proposal',
					subjectId: poll.id,
					verb: 'created',
					label: p.title,
					createdAt
				});
				if (closed && p.outcome) {
					const outcome = fromPlainText(p.outcome.text);
					const decidedOn = addDays(today, -(p.daysAgo - p.days));
					const [decision] = await tx
						.insert(decisions)
						.values({
							groupId: group,
							title: p.outcome.title,
							body: outcome,
							bodyText: toPlainText(outcome),
							decidedOn,
							pollId: poll.id,
							recordedById: person(p.by),
							createdAt: closesAt
						})
						.returning({ id: decisions.id });
					await tx.insert(activity).values({
						groupId: group,
						actorId: person(p.by),
						subjectType: 'decision',
						subjectId: decision.id,
						verb: 'created',
						label: p.outcome.title,
						createdAt: closesAt
					});
				}
			}
		}
		// Mutualisation: an open quick poll, answered by two members.
		const pooling = groupId.get('mutualisation');
		if (pooling) {
			const createdAt = at(1, now);
			const [poll] = await tx
				.insert(polls)
				.values({
					groupId: pooling,
					kind: 'choice',
					title: 'Quel créneau pour la formation commune aux gestes de premiers secours ?',
					authorId: person('nicolas.haas'),
					createdAt,
					closesAt: new Date(createdAt.getTime() + 5 * DAY)
				})
				.returning({ id: polls.id });
			const options = await tx
				.insert(pollOptions)
				.values(
					['Mardi matin', 'Mercredi après-midi', 'Jeudi matin'].map((label, position) => ({
						pollId: poll.id,
						position,
						label
					}))
				)
				.returning({ id: pollOptions.id });
			for (const [who, option] of [
				['sebastien.koenig', 0],
				['elodie.herrmann', 2]
			] as const) {
				const answeredAt = new Date(createdAt.getTime() + 3 * 3_600_000);
				const [answer] = await tx
					.insert(pollAnswers)
					.values({ pollId: poll.id, userId: person(who), createdAt: answeredAt })
					.returning({ id: pollAnswers.id });
				await tx
					.insert(pollChoices)
					.values({ answerId: answer.id, optionId: options[option].id, value: 1 });
				await tx.insert(pollVoters).values({ pollId: poll.id, userId: person(who), answeredAt });
			}
		}
		// Mobilités: a decision taken in a meeting, recorded by its lead, then revised.
		const mobility = groupId.get('mobilites');
		if (mobility) {
			const first = fromPlainText(
				'Le covoiturage inter-entreprises passe par une seule plateforme, celle de la communauté de communes, plutôt que par une application par entreprise.'
			);
			const [earlier] = await tx
				.insert(decisions)
				.values({
					groupId: mobility,
					title: 'Une seule plateforme de covoiturage pour tout le réseau',
					body: first,
					bodyText: toPlainText(first),
					decidedOn: addDays(today, -80),
					recordedById: person('karim.haddad'),
					createdAt: at(80, now)
				})
				.returning({ id: decisions.id });
			const second = fromPlainText(
				'La plateforme de la communauté de communes reste la seule ; les entreprises qui ont déjà une application la gardent jusqu’à la fin de leur contrat, puis la rejoignent.'
			);
			await tx.insert(decisions).values({
				groupId: mobility,
				title: 'Plateforme de covoiturage commune : transition jusqu’à la fin des contrats',
				body: second,
				bodyText: toPlainText(second),
				decidedOn: addDays(today, -20),
				refersToId: earlier.id,
				change: 'revises',
				recordedById: person('karim.haddad'),
				createdAt: at(20, now)
			});
		}
		// Every active group: an open date poll for its next meeting, answered by a few.
		for (const [slug, proposals] of Object.entries(PROPOSALS)) {
			const group = groupId.get(slug);
			if (!group) continue;
			const createdAt = at(2, now);
			// Not the demo's own account: it has a poll to answer, not one it sent.
			const by = proposals.find((p) => p.by !== 'membre')?.by ?? proposals[0].by;
			const [poll] = await tx
				.insert(polls)
				.values({
					groupId: group,
					kind: 'dates',
					title: DATE_POLL_TITLES[slug] ?? 'Prochaine réunion du groupe',
					authorId: person(by),
					createdAt,
					closesAt: new Date(now.getTime() + 4 * DAY)
				})
				.returning({ id: polls.id });
			const slots = await tx
				.insert(pollOptions)
				.values(
					DATE_SLOTS.map(([inDays, from, to, place], position) => ({
						pollId: poll.id,
						position,
						startsAt: parisLocalToDate(`${addDays(today, inDays)}T${from}`)!,
						endsAt: parisLocalToDate(`${addDays(today, inDays)}T${to}`)!,
						place
					}))
				)
				.returning({ id: pollOptions.id });
			// Up to three of those who answered its proposals say what suits them.
			const answering = proposals
				.flatMap((p) => p.answers.map(([who]) => who))
				.filter((who, i, all) => who !== 'membre' && all.indexOf(who) === i)
				.slice(0, 3);
			for (const [i, who] of answering.entries()) {
				const answeredAt = new Date(createdAt.getTime() + (i + 1) * 3_600_000 * 3);
				const [answer] = await tx
					.insert(pollAnswers)
					.values({ pollId: poll.id, userId: person(who), createdAt: answeredAt })
					.returning({ id: pollAnswers.id });
				await tx.insert(pollChoices).values(
					slots.map((slot, s) => ({
						answerId: answer.id,
						optionId: slot.id,
						// Each says yes to two slots and "if need be" or no to the third, in turn.
						value: s === i % slots.length ? (i % 2 ? 1 : 0) : 2
					}))
				);
				await tx.insert(pollVoters).values({ pollId: poll.id, userId: person(who), answeredAt });
			}
			await tx.insert(activity).values({
				groupId: group,
				actorId: person(by),
				subjectType: 'poll',
				subjectId: poll.id,
				verb: 'created',
				label: DATE_POLL_TITLES[slug] ?? 'Prochaine réunion du groupe',
				createdAt
			});
		}
	});
}

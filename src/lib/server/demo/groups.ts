import type { RichDoc, RichNode } from '$lib/richtext/types';
import type { GroupRole, GroupStatus, NewGroup, ObjectiveStatus } from '$lib/server/db/schema';

export interface DemoObjective {
	title: string;
	description?: string;
	/** Months from today (negative: in the past), so the demo never looks stale. */
	dueInMonths: number;
	status: ObjectiveStatus;
}

export type DemoGroup = Required<
	Pick<NewGroup, 'slug' | 'name' | 'theme' | 'description' | 'color' | 'joinPolicy'>
> & {
	status: GroupStatus;
	purpose: RichDoc;
	/** Local part of the e-mail (before @maillage.test) and role in the group. */
	members: [string, GroupRole][];
	objectives: DemoObjective[];
};

const text = (t: string): RichNode => ({ type: 'text', text: t });
const para = (...parts: RichNode[]): RichNode => ({ type: 'paragraph', content: parts });
const bold = (t: string): RichNode => ({ type: 'text', text: t, marks: [{ type: 'bold' }] });
const bullets = (...items: string[]): RichNode => ({
	type: 'bulletList',
	content: items.map((item) => ({ type: 'listItem', content: [para(text(item))] }))
});
const doc = (...content: RichNode[]): RichDoc => ({ type: 'doc', content });

// membre@ leads one group and sits in two others, partenaire@ is in exactly two; direction@ and
// coordination@ belong to none, since their network role already lets them see every group.
export const DEMO_GROUPS: DemoGroup[] = [
	{
		slug: 'mobilites',
		name: 'Mobilités',
		theme: 'mobility',
		description: 'Faciliter les trajets domicile-travail des salariés du territoire.',
		purpose: doc(
			para(
				text('Pour que l’accès à l’emploi ne dépende plus de la '),
				bold('voiture individuelle'),
				text(', le groupe cherche des solutions communes entre sites voisins :')
			),
			bullets(
				'covoiturage entre entreprises d’une même zone d’activité ;',
				'navettes vers les gares de Sélestat et d’Erstein aux heures de poste ;',
				'plans de mobilité employeur partagés avec la communauté de communes.'
			)
		),
		color: '#2f6f8f',
		joinPolicy: 'open',
		status: 'active',
		members: [
			['karim.haddad', 'lead'],
			['membre', 'member'],
			['partenaire', 'member'],
			['celine.ott', 'member'],
			['mathieu.roth', 'member'],
			['vincent.heitz', 'member'],
			['laura.wendling', 'member'],
			['patrick.zimmermann', 'observer']
		],
		objectives: [
			{
				title: 'Lancer une plateforme de covoiturage inter-entreprises',
				dueInMonths: -2,
				status: 'achieved'
			},
			{
				title: 'Navette du matin entre la gare d’Erstein et la zone d’activité',
				description: 'Essai de six mois avec deux entreprises et la communauté de communes.',
				dueInMonths: 3,
				status: 'in_progress'
			},
			{ title: 'Plan de mobilité commun à cinq entreprises', dueInMonths: 9, status: 'not_started' }
		]
	},
	{
		slug: 'recrutement-competences',
		name: 'Recrutement et compétences',
		theme: 'recruitment',
		description: 'Attirer, former et fidéliser les talents dont nos usines ont besoin.',
		purpose: doc(
			para(
				text(
					'Les entreprises du réseau partagent leurs besoins en compétences, montent des parcours de formation avec les partenaires et organisent ensemble des actions de recrutement, de l’alternance aux reconversions.'
				)
			)
		),
		color: '#b5523b',
		joinPolicy: 'closed',
		status: 'active',
		members: [
			['sophie.klein', 'lead'],
			['helene.ritter', 'lead'],
			['membre', 'member'],
			['partenaire', 'member'],
			['sandrine.bauer', 'member'],
			['antoine.weber', 'member'],
			['emilie.gross', 'member'],
			['yannick.marchal', 'member'],
			['aurelie.lang', 'member']
		],
		objectives: [
			{
				title: 'Former 20 opérateurs de production en reconversion',
				dueInMonths: 6,
				status: 'in_progress'
			},
			{ title: 'Job dating commun au printemps', dueInMonths: 4, status: 'not_started' },
			{ title: 'Cartographie des métiers en tension', dueInMonths: -1, status: 'achieved' }
		]
	},
	{
		slug: 'mutualisation',
		name: 'Mutualisation des ressources',
		theme: 'pooling',
		description: 'Partager équipements, achats et services entre entreprises voisines.',
		purpose: doc(
			para(
				text(
					'Le groupe repère ce que les sites peuvent mettre en commun pour réduire leurs coûts et leur empreinte :'
				)
			),
			bullets(
				'achats groupés d’énergie et de consommables ;',
				'prêt de machines et de compétences ;',
				'gestion commune des déchets industriels.'
			)
		),
		color: '#4f7d3a',
		joinPolicy: 'open',
		status: 'active',
		members: [
			['membre', 'lead'],
			['nicolas.haas', 'member'],
			['sebastien.koenig', 'member'],
			['laura.wendling', 'member'],
			['elodie.herrmann', 'member'],
			['romain.vogel', 'member'],
			['olivier.keller', 'observer']
		],
		objectives: [
			{
				title: 'Groupement d’achat d’électricité pour 2027',
				dueInMonths: 2,
				status: 'in_progress'
			},
			{ title: 'Bourse d’échange de matériel entre sites', dueInMonths: 5, status: 'not_started' },
			{ title: 'Collecte commune des palettes', dueInMonths: -3, status: 'dropped' }
		]
	},
	{
		slug: 'attractivite',
		name: 'Attractivité du territoire',
		theme: 'attractiveness',
		description: 'Faire connaître l’industrie d’Alsace centrale et ses métiers.',
		purpose: doc(
			para(
				text(
					'Interventions dans les collèges et lycées, présence sur les salons, récits d’entreprises et de salariés : le groupe fait rayonner le territoire auprès des jeunes, des familles et des candidats venus d’ailleurs.'
				)
			)
		),
		color: '#8a5a9e',
		joinPolicy: 'open',
		status: 'active',
		members: [
			['emilie.gross', 'lead'],
			['manon.wolff', 'lead'],
			['yannick.marchal', 'member'],
			['olivier.keller', 'member'],
			['antoine.weber', 'member'],
			['aurelie.lang', 'member'],
			['vincent.heitz', 'member']
		],
		objectives: [
			{
				title: 'Intervenir dans dix collèges du territoire',
				dueInMonths: 7,
				status: 'in_progress'
			},
			{ title: 'Série de portraits de salariés', dueInMonths: 1, status: 'in_progress' }
		]
	},
	{
		slug: 'usines-ouvertes',
		name: 'Usines ouvertes',
		theme: 'events',
		description: 'Organiser chaque année quatre jours de portes ouvertes dans nos usines.',
		purpose: doc(
			para(
				text('Une trentaine de sites accueillent '),
				bold('plus de mille visiteurs'),
				text(
					' pendant quatre jours. Le groupe coordonne le programme, la communication, la sécurité des visites et le bilan de chaque édition.'
				)
			)
		),
		color: '#c28a1e',
		joinPolicy: 'open',
		status: 'active',
		members: [
			['mathieu.roth', 'lead'],
			['celine.ott', 'member'],
			['nicolas.haas', 'member'],
			['sebastien.koenig', 'member'],
			['manon.wolff', 'member'],
			['romain.vogel', 'member'],
			['elodie.herrmann', 'member'],
			['karim.haddad', 'member']
		],
		objectives: [
			{
				title: '30 sites ouverts pour l’édition de l’automne',
				dueInMonths: 10,
				status: 'in_progress'
			},
			{ title: 'Bilan de l’édition précédente', dueInMonths: -4, status: 'achieved' }
		]
	},
	{
		slug: 'salon-emploi-2025',
		name: 'Salon de l’emploi industriel 2025',
		theme: 'events',
		description: 'Le stand commun du réseau au salon de l’emploi de Sélestat (terminé).',
		purpose: doc(
			para(
				text(
					'Groupe éphémère qui a préparé le stand commun du réseau. Le salon a eu lieu ; le groupe est archivé et ses travaux restent consultables.'
				)
			)
		),
		color: '#6b7280',
		joinPolicy: 'closed',
		status: 'archived',
		members: [
			['helene.ritter', 'lead'],
			['sophie.klein', 'member'],
			['emilie.gross', 'member'],
			['sandrine.bauer', 'member']
		],
		objectives: [
			{ title: 'Tenir le stand commun pendant les deux jours', dueInMonths: -8, status: 'achieved' }
		]
	}
];

import type { GroupRole, NetworkRole, NewGroup, OrganisationKind } from '$lib/server/db/schema';

// Every company, body and person below is invented; the towns are real towns of Alsace centrale
// so that the demo reads like the territory it is made for.

export const DEMO_NETWORK_NAME = 'Réseau Industries Centre-Alsace';

export interface DemoOrganisation {
	key: string;
	name: string;
	kind: OrganisationKind;
	town: string;
	sector: string;
}

const organisation = (
	key: string,
	name: string,
	kind: OrganisationKind,
	town: string,
	sector: string
): DemoOrganisation => ({ key, name, kind, town, sector });

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
	organisation('reseau', DEMO_NETWORK_NAME, 'association', 'Sélestat', 'réseau d’entreprises'),
	organisation('mrp', 'Mécanique Ried Précision', 'company', 'Sélestat', 'mécanique de précision'),
	organisation('sdp', 'Saveurs de la Plaine', 'company', 'Erstein', 'agroalimentaire'),
	organisation('pdb', 'Plastiques du Bernstein', 'company', 'Obernai', 'plasturgie'),
	organisation('ada', 'Aciéries de l’Andlau', 'company', 'Barr', 'métallurgie'),
	organisation('tri', 'Transports Rhin-Ill', 'company', 'Marckolsheim', 'logistique'),
	organisation('cdg', 'Circuits du Giessen', 'company', 'Villé', 'électronique'),
	organisation('cdi', 'Cartonnages de l’Ill', 'company', 'Benfeld', 'emballage'),
	organisation('bcr', 'Bois et Charpentes du Ried', 'company', 'Rhinau', 'bois'),
	organisation(
		'cc',
		'Communauté de communes Centre-Alsace Ried',
		'local_authority',
		'Sélestat',
		'collectivité'
	),
	organisation(
		'cfi',
		'Centre de formation industrielle du Ried',
		'training_centre',
		'Erstein',
		'formation'
	),
	organisation(
		'aje',
		'Association Jeunes et Industrie',
		'association',
		'Obernai',
		'emploi des jeunes'
	)
];

export interface DemoPerson {
	email: string;
	name: string;
	role: NetworkRole;
	organisation: DemoOrganisation['key'];
}

/** Everyone's address is <local part>@maillage.test; memberships below use the local part. */
export const DEMO_EMAIL_DOMAIN = 'maillage.test';

const person = (
	local: string,
	name: string,
	role: NetworkRole,
	organisation: string
): DemoPerson => ({ email: `${local}@${DEMO_EMAIL_DOMAIN}`, name, role, organisation });

export const DEMO_PEOPLE: DemoPerson[] = [
	person('admin', 'Luc Hoffmann', 'admin', 'reseau'),
	person('coordination', 'Camille Schaeffer', 'coordinator', 'reseau'),
	person('direction', 'Bernard Walter', 'director', 'mrp'),
	person('sophie.klein', 'Sophie Klein', 'member', 'mrp'),
	person('mathieu.roth', 'Mathieu Roth', 'member', 'mrp'),
	person('elodie.herrmann', 'Élodie Herrmann', 'member', 'mrp'),
	person('membre', 'Julie Fritsch', 'member', 'sdp'),
	person('antoine.weber', 'Antoine Weber', 'member', 'sdp'),
	person('romain.vogel', 'Romain Vogel', 'member', 'sdp'),
	person('isabelle.kuntz', 'Isabelle Kuntz', 'director', 'pdb'),
	person('nicolas.haas', 'Nicolas Haas', 'member', 'pdb'),
	person('emilie.gross', 'Émilie Gross', 'member', 'pdb'),
	person('philippe.stoffel', 'Philippe Stoffel', 'director', 'ada'),
	person('laura.wendling', 'Laura Wendling', 'member', 'ada'),
	person('karim.haddad', 'Karim Haddad', 'member', 'tri'),
	person('celine.ott', 'Céline Ott', 'member', 'tri'),
	person('patrick.zimmermann', 'Patrick Zimmermann', 'director', 'cdg'),
	person('aurelie.lang', 'Aurélie Lang', 'member', 'cdg'),
	person('helene.ritter', 'Hélène Ritter', 'member', 'cdi'),
	person('sebastien.koenig', 'Sébastien Koenig', 'member', 'cdi'),
	person('vincent.heitz', 'Vincent Heitz', 'member', 'bcr'),
	person('manon.wolff', 'Manon Wolff', 'member', 'bcr'),
	person('partenaire', 'Nadia Benali', 'partner', 'cc'),
	person('olivier.keller', 'Olivier Keller', 'partner', 'cc'),
	person('sandrine.bauer', 'Sandrine Bauer', 'partner', 'cfi'),
	person('yannick.marchal', 'Yannick Marchal', 'partner', 'aje')
];

export type DemoGroup = Required<
	Pick<NewGroup, 'slug' | 'name' | 'theme' | 'description' | 'purpose' | 'color' | 'joinPolicy'>
> & {
	/** Local part of the e-mail (before @maillage.test) and role in the group. */
	members: [string, GroupRole][];
};

// membre@ leads one group and sits in two others, partenaire@ is in exactly two; direction@ and
// coordination@ belong to none, since their network role already lets them see every group.
export const DEMO_GROUPS: DemoGroup[] = [
	{
		slug: 'mobilites',
		name: 'Mobilités',
		theme: 'mobility',
		description: 'Faciliter les trajets domicile-travail des salariés du territoire.',
		purpose:
			'Covoiturage entre sites voisins, navettes vers les gares de Sélestat et d’Erstein, ' +
			'plans de mobilité partagés : le groupe cherche des solutions communes pour que ' +
			'l’accès à l’emploi ne dépende plus de la voiture individuelle.',
		color: '#2f6f8f',
		joinPolicy: 'open',
		members: [
			['karim.haddad', 'lead'],
			['membre', 'member'],
			['partenaire', 'member'],
			['celine.ott', 'member'],
			['mathieu.roth', 'member'],
			['vincent.heitz', 'member'],
			['laura.wendling', 'member'],
			['patrick.zimmermann', 'observer']
		]
	},
	{
		slug: 'recrutement-competences',
		name: 'Recrutement et compétences',
		theme: 'recruitment',
		description: 'Attirer, former et fidéliser les talents dont nos usines ont besoin.',
		purpose:
			'Les entreprises du réseau partagent leurs besoins en compétences, montent des ' +
			'parcours de formation avec les partenaires et organisent ensemble des actions de ' +
			'recrutement, de l’alternance aux reconversions.',
		color: '#b5523b',
		joinPolicy: 'closed',
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
		]
	},
	{
		slug: 'mutualisation',
		name: 'Mutualisation des ressources',
		theme: 'pooling',
		description: 'Partager équipements, achats et services entre entreprises voisines.',
		purpose:
			'Achats groupés, prêt de machines et de compétences, gestion commune des déchets ' +
			'industriels : le groupe repère ce que les sites peuvent mettre en commun pour ' +
			'réduire leurs coûts et leur empreinte.',
		color: '#4f7d3a',
		joinPolicy: 'open',
		members: [
			['membre', 'lead'],
			['nicolas.haas', 'member'],
			['sebastien.koenig', 'member'],
			['laura.wendling', 'member'],
			['elodie.herrmann', 'member'],
			['romain.vogel', 'member'],
			['olivier.keller', 'observer']
		]
	},
	{
		slug: 'attractivite',
		name: 'Attractivité du territoire',
		theme: 'attractiveness',
		description: 'Faire connaître l’industrie d’Alsace centrale et ses métiers.',
		purpose:
			'Interventions dans les collèges et lycées, présence sur les salons, récits ' +
			'd’entreprises et de salariés : le groupe fait rayonner le territoire auprès des ' +
			'jeunes, des familles et des candidats venus d’ailleurs.',
		color: '#8a5a9e',
		joinPolicy: 'open',
		members: [
			['emilie.gross', 'lead'],
			['manon.wolff', 'lead'],
			['yannick.marchal', 'member'],
			['olivier.keller', 'member'],
			['antoine.weber', 'member'],
			['aurelie.lang', 'member'],
			['vincent.heitz', 'member']
		]
	},
	{
		slug: 'usines-ouvertes',
		name: 'Usines ouvertes',
		theme: 'events',
		description: 'Organiser chaque année quatre jours de portes ouvertes dans nos usines.',
		purpose:
			'Une trentaine de sites accueillent plus de mille visiteurs pendant quatre jours. ' +
			'Le groupe coordonne le programme, la communication, la sécurité des visites et le ' +
			'bilan de chaque édition.',
		color: '#c28a1e',
		joinPolicy: 'closed',
		members: [
			['mathieu.roth', 'lead'],
			['celine.ott', 'member'],
			['nicolas.haas', 'member'],
			['sebastien.koenig', 'member'],
			['manon.wolff', 'member'],
			['romain.vogel', 'member'],
			['elodie.herrmann', 'member'],
			['karim.haddad', 'member']
		]
	}
];

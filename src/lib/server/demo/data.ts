import type { NetworkRole, OrganisationKind } from '$lib/server/db/schema';

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
		'développement économique'
	),
	organisation(
		'cfi',
		'Centre de formation industrielle du Ried',
		'training_centre',
		'Erstein',
		'formation aux métiers de l’industrie'
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

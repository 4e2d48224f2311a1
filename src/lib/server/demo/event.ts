import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	eventRegistrations,
	eventSites,
	events,
	groups,
	organisations,
	users
} from '$lib/server/db/schema';
import { addDays, parisLocalToDate } from '$lib/server/dates';
import { DEMO_EMAIL_DOMAIN, DEMO_ORGANISATIONS } from './data';
import { firstTuesdayFrom, insertSlots, type SlotPlan } from './event-plan';
import { seedLastEdition } from './last-edition';

// "La route de l'industrie 2027", published by the Usines ouvertes group with registrations open:
// about thirty sites (the demo's companies and the training centre, and a score of companies of
// the territory that open their doors without being in Maillage's groups), four days of slots for
// classes, the public and job seekers, and some registrations already in, a few slots full with
// people waiting.

/** Companies of the territory that take part in the event only. */
const GUESTS: [string, string, string][] = [
	['Brasserie du Ried', 'Sélestat', 'agroalimentaire'],
	['Fonderie de Châtenois', 'Châtenois', 'métallurgie'],
	['Menuiseries Scherwiller', 'Scherwiller', 'bois'],
	['Tissage d’Ebersheim', 'Ebersheim', 'textile'],
	['Verrerie de Dambach', 'Dambach-la-Ville', 'verre'],
	['Robotique Kogenheim', 'Kogenheim', 'automatismes'],
	['Laiterie de Muttersholtz', 'Muttersholtz', 'agroalimentaire'],
	['Imprimerie Sundhouse', 'Sundhouse', 'imprimerie'],
	['Chaudronnerie de Barr', 'Barr', 'chaudronnerie'],
	['Moulins d’Erstein', 'Erstein', 'agroalimentaire'],
	['Composites d’Obernai', 'Obernai', 'plasturgie'],
	['Électricité Benfeld Services', 'Benfeld', 'électricité'],
	['Pharmacie industrielle du Rhin', 'Marckolsheim', 'pharmacie'],
	['Scierie de la Vallée de Villé', 'Villé', 'bois'],
	['Outillage de Rhinau', 'Rhinau', 'mécanique'],
	['Énergie Verte Ried', 'Sélestat', 'énergie'],
	['Emballages Kintzheim', 'Kintzheim', 'emballage'],
	['Papeterie de l’Ill', 'Erstein', 'papeterie'],
	['Biscuiterie d’Obernai', 'Obernai', 'agroalimentaire']
];

/** The demo's own organisations that open a site, and those that open two. */
const MEMBERS = ['mrp', 'sdp', 'pdb', 'ada', 'tri', 'cdg', 'cdi', 'bcr', 'cfi'];
const SECOND_SITE = new Set(['mrp', 'ada']);

const FIRST_NAMES = [
	'Léa',
	'Hugo',
	'Chloé',
	'Nathan',
	'Manon',
	'Lucas',
	'Emma',
	'Théo',
	'Inès',
	'Louis'
];
const LAST_NAMES = ['Muller', 'Schmitt', 'Meyer', 'Weber', 'Fischer', 'Wagner', 'Becker', 'Keller'];
const SCHOOLS = [
	['Collège Jean-Mentel', '3e'],
	['Lycée Koeberlé', 'Seconde'],
	['Lycée professionnel Schweisguth', 'Bac pro MELEC'],
	['Collège Robert-Schuman', '4e'],
	['Lycée Freppel', 'Terminale STI2D']
];

export async function seedEvent(): Promise<void> {
	const [group] = await db.select().from(groups).where(eq(groups.slug, 'usines-ouvertes'));
	const [author] = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, `coordination@${DEMO_EMAIL_DOMAIN}`));
	const guests = await db
		.insert(organisations)
		.values(
			GUESTS.map(([name, town, sector]) => ({ name, town, sector, kind: 'company' as const }))
		)
		.returning();
	const members = await db.select().from(organisations);
	const keyOf = new Map(DEMO_ORGANISATIONS.map((o) => [o.name, o.key]));
	const byKey = new Map(members.map((o) => [o.id, keyOf.get(o.name)]));
	// Its first day: the first Tuesday at least four months from today.
	const start = firstTuesdayFrom(120);
	const days = [0, 1, 2, 3].map((n) => addDays(start, n));
	const [event] = await db
		.insert(events)
		.values({
			slug: 'route-de-l-industrie-2027',
			name: 'La route de l’industrie 2027',
			groupId: group?.id ?? null,
			description:
				'Pendant quatre jours, une trentaine d’entreprises du Centre-Alsace ouvrent leurs ateliers aux classes, aux familles et aux personnes en recherche d’emploi.\n\nVisites guidées par celles et ceux qui y travaillent, démonstrations, rencontres avec les apprentis : inscrivez-vous gratuitement au créneau de votre choix.',
			startsOn: days[0],
			endsOn: days[3],
			registrationOpensAt: new Date(Date.now() - 7 * 86_400_000),
			registrationClosesAt: parisLocalToDate(`${addDays(days[0], -2)}T18:00`)!,
			status: 'open',
			maxPeople: 6,
			createdById: author?.id ?? null
		})
		.returning();
	const hosts = [
		...members
			.filter((o) => MEMBERS.includes(byKey.get(o.id) ?? ''))
			.flatMap((o) => (SECOND_SITE.has(byKey.get(o.id) ?? '') ? [o, { ...o, second: true }] : [o])),
		...guests
	] as ((typeof guests)[number] & { second?: boolean })[];
	await seedLastEdition(group?.id ?? null, author?.id ?? null, hosts);
	const siteRows = await db
		.insert(eventSites)
		.values(
			hosts.map((o, i) => ({
				eventId: event.id,
				organisationId: o.id,
				name: o.second ? `${o.name} — site 2` : o.name,
				address: `${3 + ((i * 7) % 40)} rue de l’Industrie`,
				postcode: '67600',
				town: o.town,
				sector: o.sector,
				description: `Découvrez les métiers de ${o.name} : accueil, visite des ateliers, démonstration et échange avec les équipes.`,
				accessNotes: 'Accueil à l’entrée principale, fléchage « Route de l’industrie ».',
				parking: i % 3 === 0 ? 'Parking visiteurs devant le bâtiment.' : '',
				transit: i % 4 === 0 ? 'Gare à 10 minutes à pied.' : '',
				closedShoes: i % 2 === 0,
				noPhotos: i % 3 !== 1,
				minAge: i % 5 === 0 ? 14 : null,
				wheelchair: i % 3 !== 2,
				languages: i % 4 === 1 ? ['fr', 'de'] : ['fr']
			}))
		)
		.returning();
	const plan: SlotPlan = [
		['09:00', 'school', 28],
		['10:30', 'school', 28],
		['14:00', 'public', 18],
		['16:00', 'job_seekers', 12]
	];
	const slotRows = await insertSlots(event.id, siteRows, days, plan);
	// Registrations already in: every third slot has some, every 25th is full with two waiting.
	const rows: (typeof eventRegistrations.$inferInsert)[] = [];
	slotRows.forEach((slot, i) => {
		if (i % 3 !== 0 && i % 25 !== 0) return;
		const full = i % 25 === 0;
		let taken = 0;
		let n = 0;
		const add = (status: 'confirmed' | 'waiting', people: number, asClass: boolean) => {
			const first = FIRST_NAMES[(i + n) % FIRST_NAMES.length];
			const last = LAST_NAMES[(i * 3 + n) % LAST_NAMES.length];
			const [school, level] = SCHOOLS[(i + n) % SCHOOLS.length];
			rows.push({
				eventId: event.id,
				slotId: slot.id,
				kind: asClass ? 'class' : 'visitor',
				status,
				name: `${first} ${last}`,
				email: `${first}.${last}.${i}.${n}@exemple.test`
					.toLowerCase()
					.normalize('NFD')
					.replace(/[\u0300-\u036f]/g, ''),
				phone: asClass ? '03 88 00 00 00' : null,
				people,
				pupils: asClass ? people - 2 : null,
				adults: asClass ? 2 : null,
				school: asClass ? school : null,
				classLevel: asClass ? level : null,
				confirmedAt: status === 'confirmed' ? new Date() : null
			});
			n++;
		};
		const school = slot.audience === 'school';
		const party = school ? 14 : 3;
		const target = full ? slot.capacity : Math.floor(slot.capacity / 2);
		while (taken + party <= target) {
			add('confirmed', party, school);
			taken += party;
		}
		if (full && taken < slot.capacity)
			add('confirmed', slot.capacity - taken, school && slot.capacity - taken > 2);
		if (full) {
			add('waiting', school ? 12 : 2, school);
			add('waiting', school ? 10 : 1, school);
		}
	});
	for (let i = 0; i < rows.length; i += 500)
		await db.insert(eventRegistrations).values(rows.slice(i, i + 500));
}

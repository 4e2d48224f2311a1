import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { db } from '$lib/server/db';
import { activity, fileVersions, files, groups, users } from '$lib/server/db/schema';
import { createFolder } from '$lib/server/files/library';
import { upload } from '$lib/server/files/uploads';
import { afterAnswersSettled } from '$lib/server/jobs';
import { DEMO_EMAIL_DOMAIN } from './data';
import { simplePdf } from './simple-pdf';

// A few files in each group, as a group gathers them in a year: quotes, timetables, plans and
// photos of sites, some in folders. The PDFs hold real text; the photos are drawn here.

interface DemoFile {
	group: string;
	folder?: string;
	by: string;
	name: string;
	daysAgo: number;
	content: () => Promise<Buffer> | Buffer;
}

/** A landscape of a site: sky, hills, a workshop and its chimney, in the given colours. */
function sitePhoto(sky: string, ground: string, building: string): () => Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
		<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1">
			<stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="#f4efe4"/>
		</linearGradient></defs>
		<rect width="1200" height="800" fill="url(#s)"/>
		<path d="M0 520 Q300 430 600 500 T1200 470 V800 H0Z" fill="${ground}" opacity="0.7"/>
		<rect x="330" y="380" width="520" height="260" fill="${building}"/>
		<path d="M330 380 L430 320 L530 380 L630 320 L730 380 L830 320 L850 380Z" fill="${building}"/>
		<rect x="760" y="220" width="44" height="170" fill="#5b5b5b"/>
		<rect x="400" y="470" width="90" height="60" fill="#cfe3ef"/>
		<rect x="540" y="470" width="90" height="60" fill="#cfe3ef"/>
		<rect x="680" y="520" width="110" height="120" fill="#3d3d3d"/>
		<rect x="0" y="640" width="1200" height="160" fill="#8a8a84"/>
	</svg>`;
	return () => sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

const pdf = (title: string, lines: string[]) => () => simplePdf(title, lines);

const DEMO_FILES: DemoFile[] = [
	{
		group: 'mobilites',
		folder: 'Navette inter-entreprises',
		by: 'karim.haddad',
		name: 'Devis Transports Kieffer - navette.pdf',
		daysAgo: 40,
		content: pdf('Devis n° 2027-014 - navette inter-entreprises', [
			'Transports Kieffer, 12 rue du Tramway, 67600 Sélestat',
			'Objet : navette entre la gare de Sélestat et la zone d’activités Nord',
			'Départs : 6h40 et 7h20 le matin, 16h50 et 17h30 le soir, du lundi au vendredi',
			'Véhicule : autocar de 38 places, accessible aux fauteuils roulants',
			'Prix : 1 240 € HT par mois pour les quatre rotations, engagement de six mois',
			'Validité de l’offre : trois mois à compter de ce jour'
		])
	},
	{
		group: 'mobilites',
		folder: 'Navette inter-entreprises',
		by: 'membre',
		name: 'Horaires ligne 5 - zone d’activités.pdf',
		daysAgo: 33,
		content: pdf('Ligne 5 - Gare de Sélestat / Zone d’activités Nord', [
			'Gare de Sélestat : 6h12, 6h42, 7h12, 7h42, 8h12',
			'Rue de l’Industrie : 6h21, 6h51, 7h21, 7h51, 8h21',
			'Zone d’activités Nord : 6h27, 6h57, 7h27, 7h57, 8h27',
			'Retour : 16h35, 17h05, 17h35, 18h05',
			'Pas de service le dimanche ni les jours fériés'
		])
	},
	{
		group: 'mobilites',
		by: 'celine.ott',
		name: 'Arrêt rue de l’Industrie.jpg',
		daysAgo: 21,
		content: sitePhoto('#9ec9e2', '#7aa35b', '#b4533a')
	},
	{
		group: 'recrutement-competences',
		by: 'sophie.klein',
		name: 'Fiche de poste - technicien de maintenance.pdf',
		daysAgo: 50,
		content: pdf('Technicien de maintenance industrielle (H/F)', [
			'Lieu : Sélestat, atelier d’usinage, horaires en deux équipes',
			'Missions : maintenance préventive et curative des lignes, suivi de la GMAO',
			'Profil : BTS maintenance des systèmes ou expérience équivalente',
			'Habilitation électrique BR souhaitée, formation assurée en interne',
			'Contact : service des ressources humaines'
		])
	},
	{
		group: 'recrutement-competences',
		by: 'membre',
		name: 'Calendrier du forum de l’emploi.pdf',
		daysAgo: 12,
		content: pdf('Forum de l’emploi industriel - calendrier', [
			'J-60 : réservation de la salle des fêtes et des stands',
			'J-30 : offres d’emploi collectées auprès des entreprises du réseau',
			'J-15 : communication avec France Travail et les missions locales',
			'Jour J : accueil des visiteurs de 9h à 17h, ateliers CV à 10h et 14h'
		])
	},
	{
		group: 'mutualisation',
		folder: 'Devis',
		by: 'membre',
		name: 'Devis nacelle mutualisée - Alsace Levage.pdf',
		daysAgo: 45,
		content: pdf('Devis - location d’une nacelle élévatrice partagée', [
			'Alsace Levage, Châtenois',
			'Nacelle articulée 16 m, livrée sur site, entretien compris',
			'Location annuelle partagée entre trois entreprises : 9 600 € HT',
			'Planning de mise à disposition par semaine, réservation en ligne'
		])
	},
	{
		group: 'mutualisation',
		folder: 'Devis',
		by: 'nicolas.haas',
		name: 'Devis formation CACES.pdf',
		daysAgo: 38,
		content: pdf('Formation CACES R489 - chariots élévateurs', [
			'Session inter-entreprises de six stagiaires, trois jours',
			'Prix par stagiaire : 690 € HT, examen compris',
			'Dates proposées : deuxième semaine de mars'
		])
	},
	{
		group: 'mutualisation',
		by: 'sebastien.koenig',
		name: 'Chariot élévateur partagé.jpg',
		daysAgo: 16,
		content: sitePhoto('#bcd7e8', '#9a9a6a', '#2f6f8f')
	},
	{
		group: 'attractivite',
		folder: 'Photos visite collège',
		by: 'emilie.gross',
		name: 'Atelier - visite des 3e.jpg',
		daysAgo: 27,
		content: sitePhoto('#d6e6f2', '#6f9a55', '#7a4690')
	},
	{
		group: 'attractivite',
		by: 'manon.wolff',
		name: 'Kit de communication - réseau.pdf',
		daysAgo: 19,
		content: pdf('Kit de communication du réseau', [
			'Logo, couleurs et typographie du réseau',
			'Modèles de publication pour les réseaux sociaux',
			'Phrases clés pour présenter les métiers de l’industrie aux collégiens'
		])
	},
	{
		group: 'usines-ouvertes',
		by: 'coordination',
		name: 'Plan d’accès - parcours des sites.pdf',
		daysAgo: 14,
		content: pdf('Route de l’industrie - plan d’accès', [
			'Parking visiteurs : place de la gare, navettes toutes les 20 minutes',
			'Sites ouverts : Sélestat, Châtenois, Scherwiller, Marckolsheim',
			'Chaussures fermées obligatoires dans les ateliers'
		])
	}
];

const DAY = 24 * 60 * 60 * 1000;

/** Uploads the demo's files as their people would, then dates them back. */
export async function seedFiles(): Promise<void> {
	const people = await db
		.select({
			id: users.id,
			email: users.email,
			role: users.role,
			organisationId: users.organisationId
		})
		.from(users);
	const groupRows = await db.select({ id: groups.id, slug: groups.slug }).from(groups);
	const person = (local: string) =>
		people.find((p) => p.email === `${local}@${DEMO_EMAIL_DOMAIN}`)!;
	const groupId = (slug: string) => groupRows.find((g) => g.slug === slug)!.id;
	const folders = new Map<string, string>();
	for (const demo of DEMO_FILES) {
		const by = person(demo.by);
		let folderId: string | null = null;
		if (demo.folder) {
			const key = `${demo.group}/${demo.folder}`;
			if (!folders.has(key)) {
				folders.set(key, (await createFolder(by, groupId(demo.group), null, demo.folder)).id);
			}
			folderId = folders.get(key)!;
		}
		const bytes = await demo.content();
		const stored = await upload(
			by,
			{ groupId: groupId(demo.group), folderId },
			demo.name,
			[new Uint8Array(bytes)],
			bytes.length
		);
		const at = new Date(Date.now() - demo.daysAgo * DAY);
		await db.update(files).set({ createdAt: at, updatedAt: at }).where(eq(files.id, stored.id));
		await db.update(fileVersions).set({ uploadedAt: at }).where(eq(fileVersions.fileId, stored.id));
		await db
			.update(activity)
			.set({ createdAt: at })
			.where(inArray(activity.subjectId, [stored.id, folderId ?? stored.id]));
	}
	// Searchable as soon as the demo opens, not once the background reading is done.
	await afterAnswersSettled();
}

import type { RichNode } from '$lib/richtext/types';

/** A demo document: its title, tags, content, and the names of versions saved along the way. */
export interface DemoDocument {
	group: string;
	title: string;
	tags: string[];
	content: RichNode;
	versions: string[];
	/** Local part of the author's e-mail. */
	author: string;
}

const t = (text: string): RichNode => ({ type: 'text', text });
const b = (text: string): RichNode => ({ type: 'text', text, marks: [{ type: 'bold' }] });
const p = (...parts: (RichNode | string)[]): RichNode => ({
	type: 'paragraph',
	content: parts.map((x) => (typeof x === 'string' ? t(x) : x))
});
const h = (level: number, text: string): RichNode => ({
	type: 'heading',
	attrs: { level },
	content: [t(text)]
});
const ul = (...items: string[]): RichNode => ({
	type: 'bulletList',
	content: items.map((item) => ({ type: 'listItem', content: [p(item)] }))
});
let taskCounter = 0;
const tasks = (...items: [string, boolean][]): RichNode => ({
	type: 'taskList',
	content: items.map(([text, checked]) => ({
		type: 'taskItem',
		attrs: { checked, taskId: `demo${(++taskCounter).toString(36).padStart(4, '0')}` },
		content: [p(text)]
	}))
});
const table = (...rows: string[][]): RichNode => ({
	type: 'table',
	content: rows.map((cells, r) => ({
		type: 'tableRow',
		content: cells.map((cell) => ({
			type: r === 0 ? 'tableHeader' : 'tableCell',
			content: [p(cell)]
		}))
	}))
});
// Ending with a paragraph, as every editor keeps it: otherwise the first editors to open the
// document would each add one (Tiptap's trailing node), and two opening it together add two.
const doc = (...content: RichNode[]): RichNode => ({
	type: 'doc',
	content: content.at(-1)?.type === 'paragraph' ? content : [...content, { type: 'paragraph' }]
});

function charter(group: string, group_name: string, author: string, aims: string[]): DemoDocument {
	return {
		group,
		title: `Charte du groupe ${group_name}`,
		tags: ['charte'],
		author,
		versions: ['Adoptée en réunion plénière'],
		content: doc(
			h(1, `Charte du groupe ${group_name}`),
			p(
				'Cette charte dit pourquoi le groupe existe, comment il travaille et ce que chacun y apporte.'
			),
			h(2, 'Nos objectifs'),
			ul(...aims),
			h(2, 'Fonctionnement'),
			ul(
				'Une réunion toutes les six semaines, accueillie à tour de rôle par une entreprise membre.',
				'Un compte rendu partagé dans Maillage dans la semaine qui suit.',
				'Les actions ont un ou une responsable et une échéance.'
			),
			h(2, 'Engagements'),
			p(
				b('Confidentialité : '),
				'les informations échangées entre entreprises restent dans le groupe, sauf accord explicite.'
			)
		)
	};
}

export const DEMO_DOCUMENTS: DemoDocument[] = [
	charter('mobilites', 'Mobilités', 'karim.haddad', [
		'Réduire la part de l’autosolisme dans les trajets domicile-travail.',
		'Relier les zones d’activité aux gares aux heures de poste.'
	]),
	{
		group: 'mobilites',
		title: 'Étude des horaires de navettes — gare d’Erstein',
		tags: ['étude', 'navette'],
		author: 'karim.haddad',
		versions: ['Première collecte', 'Avec les horaires de la ligne TER'],
		content: doc(
			h(1, 'Horaires de navettes vers la gare d’Erstein'),
			p(
				'Relevé des prises de poste dans les cinq entreprises de la zone et des trains qui les desservent. Le site d’Erstein ouvre à 5 h 30 ; le premier train utile arrive à 5 h 12.'
			),
			table(
				['Entreprise', 'Prise de poste', 'Salariés concernés', 'Train utile'],
				['Saveurs de la Plaine', '5 h 30', '42', '5 h 12'],
				['Transports Rhin-Ill', '6 h 00', '18', '5 h 42'],
				['Cartonnages de l’Ill', '7 h 30', '25', '7 h 12']
			),
			h(2, 'Prochaines étapes'),
			tasks(
				['Demander le devis de la navette à la communauté de communes', true],
				['Sonder les salariés sur l’usage réel', false],
				['Présenter le budget au comité de direction', false]
			)
		)
	},
	charter('recrutement-competences', 'Recrutement et compétences', 'sophie.klein', [
		'Partager les besoins en compétences des entreprises.',
		'Monter des parcours de formation avec les partenaires.'
	]),
	{
		group: 'recrutement-competences',
		title: 'Cartographie des métiers en tension',
		tags: ['étude'],
		author: 'helene.ritter',
		versions: ['Version présentée aux directions'],
		content: doc(
			h(1, 'Métiers en tension dans le réseau'),
			p('Synthèse des réponses de 14 entreprises au questionnaire du printemps.'),
			table(
				['Métier', 'Postes ouverts', 'Délai moyen de recrutement'],
				['Conducteur·rice de ligne', '23', '4 mois'],
				['Technicien·ne de maintenance', '17', '6 mois'],
				['Soudeur·se', '9', '5 mois']
			),
			p(
				b('Piste : '),
				'un parcours commun de formation à la maintenance avec le centre de formation du Ried.'
			)
		)
	},
	charter('mutualisation', 'Mutualisation des ressources', 'membre', [
		'Réduire les coûts par des achats groupés.',
		'Mettre en commun machines, compétences et services.'
	]),
	{
		group: 'mutualisation',
		title: 'Groupement d’achat d’électricité 2027',
		tags: ['achats', 'énergie'],
		author: 'membre',
		versions: ['Cahier des charges v1'],
		content: doc(
			h(1, 'Groupement d’achat d’électricité'),
			p(
				'Sept entreprises ont transmis leurs consommations ; le volume cumulé est de 38 GWh par an.'
			),
			tasks(
				['Recueillir les courbes de charge des sites', true],
				['Rédiger le cahier des charges', true],
				['Consulter trois fournisseurs', false]
			)
		)
	},
	charter('attractivite', 'Attractivité du territoire', 'emilie.gross', [
		'Faire connaître les métiers de l’industrie aux jeunes.',
		'Raconter le territoire à ceux qui pourraient y venir.'
	]),
	{
		group: 'attractivite',
		title: 'Calendrier des interventions en collège',
		tags: ['collèges'],
		author: 'manon.wolff',
		versions: [],
		content: doc(
			h(1, 'Interventions en collège'),
			ul(
				'Collège de Benfeld : 12 mars, deux classes de 4e.',
				'Collège de Barr : 2 avril, forum des métiers.',
				'Collège de Marckolsheim : à confirmer.'
			)
		)
	},
	charter('usines-ouvertes', 'Usines ouvertes', 'mathieu.roth', [
		'Ouvrir trente sites pendant quatre jours.',
		'Accueillir plus de mille visiteurs en toute sécurité.'
	]),
	{
		group: 'usines-ouvertes',
		title: 'Bilan de l’édition précédente',
		tags: ['bilan'],
		author: 'mathieu.roth',
		versions: ['Bilan validé'],
		content: doc(
			h(1, 'Bilan de l’édition précédente'),
			p('28 sites ouverts, 1 140 visiteurs, dont 310 collégiens et lycéens.'),
			h(2, 'Ce qui a bien marché'),
			ul('Les parcours guidés par des salariés.', 'Le covoiturage organisé depuis les gares.'),
			h(2, 'À améliorer'),
			ul('La signalétique des parkings.', 'Les inscriptions de dernière minute.')
		)
	},
	charter('salon-emploi-2025', 'Salon de l’emploi industriel 2025', 'helene.ritter', [
		'Tenir un stand commun du réseau pendant les deux jours du salon.'
	])
];

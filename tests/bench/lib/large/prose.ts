// Sentences for the large network's documents and messages, drawn from templates whose slots
// take the group's people, the network's companies, the territory's towns, objects, numbers and
// times. Each group also writes about its own theme (a mobility group about buses and car
// sharing, an energy group about its bills): words common everywhere and words found only in a
// few groups, as in real notes, so that a search benchmark does not only ever look up the same
// handful of sentences.
import { ACTION_OBJECTS, ACTION_VERBS, TOWNS } from './names.ts';

/** Sentences any group writes. */
// prettier-ignore
const GENERAL = [
	'{person} propose de {verb} {object} avant la prochaine réunion.',
	'La réunion à {town} chez {company} a réuni {n} participants.',
	'{company} accepte d’accueillir la prochaine plénière dans sa salle de formation.',
	'Le devis du prestataire s’élève à {amount} euros hors taxes pour {n} sites.',
	'{person} rappelle que la date limite de dépôt du dossier est fixée au {day}.',
	'Un référent par entreprise sera désigné d’ici le {day}.',
	'{person} se charge de {verb} {object}.',
	'Le comité de pilotage se tiendra le {day} à {hour} à {town}.',
	'La demande de subvention à la Région porte sur {amount} euros.',
	'{person} demande que le compte rendu soit diffusé à toutes les directions.',
	'Le groupe souhaite associer la chambre de commerce à la démarche.',
	'{person} regrette le peu de retours des entreprises de {town}.',
	'Une enquête sera envoyée aux salariés de {n} entreprises du réseau.',
	'Le groupe de travail se retrouvera à {town} le {day} à {hour}.',
	'Il faut {verb} {object} pour la fin du mois.',
	'Le budget prévisionnel de l’opération s’élève à {amount} euros.',
	'{person} remercie {person2} pour l’organisation de la visite.',
	'{person} présentera l’avancement au bureau de l’association le {day}.',
	'Les entreprises de {town} souhaitent être associées plus tôt aux décisions.'
];

/** Sentences of each theme's groups (the themes of tests/bench/lib/large/names.ts). */
const THEMED = {
	// prettier-ignore
	mobility: [
		'Le bus de la ligne {line} dessert le site de {town} à {hour} et à {hour2}.',
		'Les horaires de la navette entre la gare de {town} et la zone d’activité changent le {day}.',
		'La communauté de communes finance la moitié du coût de la navette de {town}.',
		'Le covoiturage entre {town} et {town2} concerne déjà {n} salariés.',
		'La piste cyclable entre {town} et la zone industrielle sera terminée au printemps.',
		'La charte de covoiturage est signée par {n} entreprises.',
		'La navette du matin part de la gare de {town} à {hour}.',
		'Les salariés de {company} ont répondu à {n} % au questionnaire sur les trajets.',
		'Plusieurs entreprises signalent des difficultés de stationnement sur le site de {town}.',
		'Le plan de mobilité employeur de {company} prévoit {n} places pour les vélos.'
	],
	// prettier-ignore
	recruitment: [
		'{company} cherche {n} {trade} pour son site de {town}.',
		'Les alternants de {company} présenteront leur projet au forum de {town}.',
		'Le parcours d’accueil des nouveaux salariés dure {n} jours chez {company}.',
		'Le parrainage des jeunes embauchés sera proposé chez {company} et {company2}.',
		'{person} partage la liste des contacts à la mission locale de {town}.',
		'La prochaine newsletter présentera le métier de {trade}.',
		'Les horaires de poste de {company} commencent à {hour} le matin.',
		'{company} propose de mutualiser ses formations de cariste.',
		'Le job dating de {town} a permis {n} entretiens d’embauche.'
	],
	// prettier-ignore
	pooling: [
		'Le groupe valide le principe d’un achat groupé de {supply}.',
		'La benne partagée de la zone de {town} est vidée tous les {weekday}s.',
		'L’atelier de {company} peut prêter sa presse plieuse deux jours par mois.',
		'La maintenance partagée des compresseurs est confiée à un prestataire de {town}.',
		'Le restaurant inter-entreprises de {town} servira {n} repas par jour.',
		'Le tarif négocié pour {supply} baisse de {n} % à partir du {day}.',
		'Le chariot élévateur de {company} sera disponible pour les voisins le {weekday}.'
	],
	// prettier-ignore
	attractiveness: [
		'Les portes ouvertes de {company} accueilleront des collégiens de {town}.',
		'Le lycée de {town} propose une visite de ses ateliers aux entreprises du réseau.',
		'Les collégiens de {town} visiteront les ateliers de {company}.',
		'La vidéo sur le métier de {trade} a été vue {n} fois.',
		'Les entreprises de {town} manquent de logements pour leurs saisonniers.',
		'La visite de l’usine de {company} est confirmée pour le {day}.'
	],
	// prettier-ignore
	events: [
		'Le stand commun du salon mesurera {n} mètres carrés.',
		'La semaine de l’industrie mobilisera {n} entreprises du territoire.',
		'Il reste {n} places dans le car affrété pour la visite de {company}.',
		'Le forum emploi de {town} ouvrira ses portes à {hour}.',
		'Les rencontres d’affaires réuniront {n} acheteurs le {day}.'
	],
	// prettier-ignore
	Énergie: [
		'{person} présente le bilan des consommations d’énergie du trimestre.',
		'L’équipe de {company} a réduit sa facture d’électricité de {n} % en un an.',
		'Le photovoltaïque en toiture de {company} produit {n} mégawattheures par an.',
		'La chaleur fatale des fours de {company} pourrait chauffer les bureaux voisins.'
	],
	// prettier-ignore
	Numérique: [
		'Le diagnostic de cybersécurité de {company} révèle {n} points à corriger.',
		'Les données de production de {company} remontent désormais toutes les {n} minutes.',
		'Une sauvegarde hors ligne est recommandée à toutes les entreprises du groupe.'
	],
	// prettier-ignore
	RSE: [
		'Le bilan carbone du réseau sera présenté le {day}.',
		'Le retour d’expérience de {company} sur le travail en équipe de nuit est très apprécié.',
		'La charte des achats responsables est signée par {n} entreprises.'
	],
	// prettier-ignore
	'Sécurité au travail': [
		'La formation de sauveteur secouriste du travail aura lieu chez {company} le {day}.',
		'Le plan de prévention commun couvre les interventions de {n} sous-traitants.',
		'{company} partage son analyse des presqu’accidents du trimestre.'
	],
	// prettier-ignore
	Achats: [
		'Le groupement d’achat d’énergie couvre {n} sites du territoire.',
		'Les fournitures industrielles seront commandées ensemble chaque {weekday}.',
		'Le tarif négocié pour {supply} baisse de {n} % à partir du {day}.'
	]
};

// prettier-ignore
const ENGLISH = [
	'{person} will share the bus schedule for the {town} site before the next meeting.',
	'The shuttle from {town} station now leaves at {hour} every weekday.',
	'{company} agreed to host the steering committee on {dayEn}.',
	'The quote from the supplier comes to {amount} euros for {n} sites.',
	'Our apprentices will present their project at the {town} job fair.',
	'The survey received {n} answers from employees of the network.',
	'Energy bills fell by {n} % after the lighting was replaced at {company}.',
	'The working group meets again in {town} on {dayEn} at {hour}.',
	'{person} asked for the minutes to be sent to every plant manager.',
	'Car sharing between {town} and {town2} now involves {n} employees.'
];

// prettier-ignore
const SUPPLIES = [
	'gants de protection', 'palettes', 'fournitures de bureau', 'électricité', 'gaz naturel',
	'équipements de protection individuelle', 'huiles de coupe', 'cartons d’emballage',
	'vêtements de travail', 'prestations de nettoyage', 'extincteurs'
];
// prettier-ignore
const TRADES = [
	'soudeurs', 'chaudronniers', 'techniciens de maintenance', 'conducteurs de ligne',
	'usineurs', 'caristes', 'électrotechniciens', 'opérateurs de production', 'logisticiens',
	'régleurs', 'tourneurs', 'ingénieurs méthodes'
];
const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'];
// prettier-ignore
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
	'septembre', 'octobre', 'novembre', 'décembre'];
// prettier-ignore
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
	'September', 'October', 'November', 'December'];

/**
 * Who and where a text is about: the people of its group, the companies of the network, and the
 * group's theme (its own sentences, half of the time).
 */
export type ProseContext = {
	people: string[];
	companies: string[];
	theme?: string;
	english?: boolean;
};

/**
 * One sentence, its slots filled.
 */
export function sentence(random: import('./random.ts').Random, ctx: ProseContext) {
	const themed = (THEMED as Record<string, string[]>)[ctx.theme ?? ''];
	const template = random.pick(
		ctx.english ? ENGLISH : themed && random.chance(0.5) ? themed : GENERAL
	);
	return template.replace(/\{(\w+)\}/g, (_, slot) => fill(random, ctx, slot));
}

/** Several sentences, as one paragraph's text. */
export function paragraph(
	random: import('./random.ts').Random,
	ctx: ProseContext,
	sentences: number
) {
	return Array.from({ length: sentences }, () => sentence(random, ctx)).join(' ');
}

function fill(random: import('./random.ts').Random, ctx: ProseContext, slot: string) {
	switch (slot) {
		case 'person':
		case 'person2':
			return random.pick(ctx.people);
		case 'company':
		case 'company2':
			return random.pick(ctx.companies);
		case 'town':
		case 'town2':
			return random.pick(TOWNS);
		case 'verb':
			return random.pick(ACTION_VERBS).toLowerCase();
		case 'object':
			return random.pick(ACTION_OBJECTS);
		case 'n':
			return String(random.int(2, 60));
		case 'line':
			return String(random.int(200, 290));
		case 'amount':
			return (random.int(8, 400) * 250).toLocaleString('fr-FR').replace(/\s/g, ' ');
		case 'hour':
		case 'hour2':
			return `${random.int(5, 19)} h ${random.pick(['00', '15', '30', '45'])}`;
		case 'day':
			return `${random.int(1, 28)} ${random.pick(MONTHS)}`;
		case 'dayEn':
			return `${random.pick(MONTHS_EN)} ${random.int(1, 28)}`;
		case 'weekday':
			return random.pick(WEEKDAYS);
		case 'supply':
			return random.pick(SUPPLIES);
		case 'trade':
			return random.pick(TRADES);
		default:
			throw new Error(`unknown slot ${slot}`);
	}
}

/** Notification preferences, the e-mail of an action given, and the digests. */
export const digest = {
	'prefs.title': 'Notifications par courriel',
	'prefs.intro':
		'Pour chaque type d’événement, choisissez comment Maillage vous prévient. Les notifications dans l’application (la cloche) restent affichées quel que soit votre choix.',
	'prefs.topic.decisions': 'Propositions et décisions',
	'prefs.topic.decisions.hint':
		'Une proposition soumise dans l’un de vos groupes, le rappel la veille de sa clôture si vous n’avez pas répondu, la décision prise.',
	'prefs.topic.mention': 'Mentions',
	'prefs.topic.mention.hint': 'Quelqu’un vous cite avec @ dans une discussion.',
	'prefs.topic.assignment': 'Actions confiées',
	'prefs.topic.assignment.hint':
		'Quelqu’un vous confie une action, sur le tableau des actions ou dans des notes.',
	'prefs.topic.due': 'Échéances',
	'prefs.topic.due.hint': 'Vos actions en retard ou bientôt à échéance.',
	'prefs.topic.minutes': 'Comptes rendus',
	'prefs.topic.minutes.hint': 'Le compte rendu d’une réunion de vos groupes est publié.',
	'prefs.topic.reply': 'Réponses',
	'prefs.topic.reply.hint': 'Un nouveau message dans une discussion que vous suivez.',
	'prefs.topic.check_in': 'Points d’étape',
	'prefs.topic.check_in.hint':
		'Pilotes : le point d’étape du mois à remplir et les questions restées sans réponse dans vos groupes. Direction : les groupes qui demandent de l’attention et ce qui a changé.',
	'prefs.delivery.immediate': 'Tout de suite',
	'prefs.delivery.daily': 'Résumé quotidien',
	'prefs.delivery.weekly': 'Résumé hebdomadaire',
	'prefs.delivery.off': 'Jamais',
	'prefs.digest_note':
		'Le résumé quotidien part chaque matin à partir de 7 h et couvre la veille ; le résumé hebdomadaire part le lundi et couvre la semaine écoulée. Un résumé ne part que s’il a quelque chose à vous dire. Pour les points d’étape, « Tout de suite » vous écrit dès qu’un point est attendu, et le point sur vos groupes arrive avec le résumé hebdomadaire.',
	'prefs.save': 'Enregistrer mes choix',
	'prefs.saved': 'Vos choix de notification sont enregistrés.',
	'prefs.invalid': 'Choisissez une des quatre options.',
	'prefs.not_saved':
		'Vos choix n’ont pas été enregistrés : pour chaque type d’événement, choisissez une des quatre options.',
	'mail.prefs_footer': 'Pour choisir comment Maillage vous prévient : {link}',
	'mail.assigned.subject': {
		one: 'Une action vous est confiée : {title}',
		other: '{count} actions vous sont confiées'
	},
	'mail.assigned.by': {
		one: '{actor} vous a confié cette action :',
		other: '{actor} vous a confié ces actions :'
	},
	'mail.assigned.by_nobody': {
		one: 'Cette action vous a été confiée :',
		other: 'Ces actions vous ont été confiées :'
	},
	'mail.assigned.body':
		'Bonjour {name},\n\n{intro}\n\n{list}\n\nToutes vos actions : {link}\n\n—\nPour choisir comment Maillage vous prévient : {prefs}',
	'mail.reassign.subject': {
		one: '{group} : une action de {person} est à réattribuer',
		other: '{group} : {count} actions de {person} sont à réattribuer'
	},
	'mail.reassign.body':
		'Bonjour {name},\n\n{person} ne fait plus partie du groupe {group}. Ses actions en cours n’ont plus de responsable ; confiez-les à quelqu’un du groupe :\n\n{list}',
	'mail.digest.hello': 'Bonjour {name},',
	'mail.digest.subject.member': 'Votre résumé Maillage {period}',
	'mail.digest.subject.lead': 'Vos groupes et vos actions {period}',
	'mail.digest.subject.network': 'Le point sur les groupes du réseau {period}',
	'digest.period.daily': 'du {date}',
	'digest.period.weekly': 'de la semaine du {date}',
	'digest.since.daily': 'hier',
	'digest.since.weekly': 'la semaine dernière',
	'digest.intro.network':
		'Voici les groupes qui demandent de l’attention et ce qui a changé {since} dans le réseau.',
	'digest.intro.lead':
		'Voici ce qui attend les groupes que vous pilotez, puis ce qui vous concerne.',
	'digest.intro.member': 'Voici ce qui vous concerne sur Maillage.',
	'digest.at_risk': 'Groupes qui demandent de l’attention',
	'digest.at_risk.weather': 'point d’étape de {period} : {weather}',
	'digest.at_risk.overdue': {
		one: '{count} action en retard',
		other: '{count} actions en retard'
	},
	'digest.at_risk_none': 'Aucun groupe ne demande d’attention particulière.',
	'digest.weather.on_track': 'en bonne voie',
	'digest.weather.at_risk': 'à surveiller',
	'digest.weather.off_track': 'en difficulté',
	'digest.decisions': 'Décisions des groupes {since}',
	'digest.changes': 'Ce qui a changé {since}',
	'digest.changes.check_ins': 'Points d’étape : {list}',
	'digest.changes.actions_done': {
		one: '{count} action terminée',
		other: '{count} actions terminées'
	},
	'digest.changes.meetings_held': {
		one: '{count} réunion tenue',
		other: '{count} réunions tenues'
	},
	'digest.dashboard': 'Le tableau de bord du réseau : {link}',
	'digest.check_ins_due': 'Point d’étape de {period} à remplir',
	'digest.open_questions': 'Questions sans réponse dans vos groupes',
	'digest.question': '« {thread} » — {group}, posée par {author} le {date}',
	'digest.due': 'Vos actions en retard ou à échéance dans les {days} jours',
	'digest.overdue_since': 'en retard depuis le {date}',
	'digest.due_on': 'échéance le {date}',
	'digest.assigned': 'Actions qui vous ont été confiées',
	'digest.assigned_by': 'par {name}',
	'digest.mentions': 'Vous avez été mentionné·e',
	'digest.mention': '{author} dans « {thread} » — {group}',
	'digest.replies': 'Nouveaux messages dans les discussions que vous suivez',
	'digest.reply': {
		one: '« {thread} » — {group} : {count} nouveau message',
		other: '« {thread} » — {group} : {count} nouveaux messages'
	},
	'digest.minutes': 'Comptes rendus publiés'
};

/** Search: the box in the header and the results page. */
export const search = {
	'search.title': 'Recherche',
	'search.label': 'Rechercher',
	'search.placeholder': 'Rechercher… (/)',
	'search.submit': 'Rechercher',
	'search.shortcut': 'Raccourci : /',
	'search.suggestions': 'Suggestions',
	'search.suggestions_count': {
		one: '{count} suggestion, flèches haut et bas pour choisir',
		other: '{count} suggestions, flèches haut et bas pour choisir'
	},
	'search.suggestions_none': 'Aucune suggestion',
	'search.see_all': 'Tous les résultats pour « {q} »',
	'search.filters': 'Filtres',
	'search.kind': 'Type',
	'search.any_kind': 'Tous les types',
	'search.group': 'Groupe',
	'search.any_group': 'Tous les groupes',
	'search.author': 'Auteur',
	'search.any_author': 'Tout le monde',
	'search.author_pick_group': 'Choisissez d’abord un groupe pour y choisir une personne.',
	'search.from': 'Du',
	'search.to': 'Au',
	'search.apply': 'Appliquer',
	'search.clear_filters': 'Effacer les filtres',
	'search.results_for': 'Résultats pour « {q} »',
	'search.page': 'Page {page}',
	'search.previous': 'Résultats précédents',
	'search.next': 'Résultats suivants',
	'search.archived': 'Archivé',
	'search.in_group': 'dans {group}',
	'search.kind.group': 'Groupe',
	'search.kind.document': 'Document',
	'search.kind.meeting': 'Réunion',
	'search.kind.action': 'Action',
	'search.kind.message': 'Message',
	'search.kind.person': 'Personne',
	'search.kind.organisation': 'Organisation',
	'search.empty_title': 'Que cherchez-vous ?',
	'search.empty_body':
		'Tapez au moins deux lettres : un mot d’un compte rendu, d’un document, d’un message ou d’une action, le nom d’un groupe, d’une personne ou d’une entreprise. Les accents et les majuscules ne comptent pas.',
	'search.no_words':
		'Votre recherche ne contient aucun mot à chercher : seules les lettres et les chiffres comptent, et les mots d’une lettre sont ignorés.',
	'search.none_title': 'Aucun résultat pour « {q} »',
	'search.none_tips':
		'Vérifiez l’orthographe, essayez moins de mots ou un mot voisin, ou élargissez les filtres. Vous ne trouvez que ce que vous pouvez lire.',
	'search.truncated': 'Seuls les {count} premiers mots de votre recherche ont été pris en compte.'
};

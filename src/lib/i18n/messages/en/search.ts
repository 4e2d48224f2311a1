import type { search as fr } from '../fr/search';
import type { Message } from '../types';

export const search = {
	'search.title': 'Search',
	'search.label': 'Search',
	'search.placeholder': 'Search… (/)',
	'search.submit': 'Search',
	'search.shortcut': 'Shortcut: /',
	'search.suggestions': 'Suggestions',
	'search.suggestions_count': {
		one: '{count} suggestion, up and down arrows to choose',
		other: '{count} suggestions, up and down arrows to choose'
	},
	'search.suggestions_none': 'No suggestions',
	'search.see_all': 'All results for “{q}”',
	'search.filters': 'Filters',
	'search.kind': 'Kind',
	'search.any_kind': 'All kinds',
	'search.group': 'Group',
	'search.any_group': 'All groups',
	'search.author': 'Author',
	'search.any_author': 'Anyone',
	'search.author_pick_group': 'Choose a group first to pick one of its people.',
	'search.from': 'From',
	'search.to': 'To',
	'search.apply': 'Apply',
	'search.clear_filters': 'Clear filters',
	'search.results_for': 'Results for “{q}”',
	'search.page': 'Page {page}',
	'search.previous': 'Previous results',
	'search.next': 'Next results',
	'search.archived': 'Archived',
	'search.in_group': 'in {group}',
	'search.kind.group': 'Group',
	'search.kind.document': 'Document',
	'search.kind.meeting': 'Meeting',
	'search.kind.action': 'Action',
	'search.kind.message': 'Message',
	'search.kind.file': 'File',
	'search.kind.proposal': 'Proposal',
	'search.kind.decision': 'Decision',
	'search.kind.person': 'Person',
	'search.kind.organisation': 'Organisation',
	'search.empty_title': 'What are you looking for?',
	'search.empty_body':
		'Type at least two letters: a word from meeting notes, a document, a message or an action, the name of a group, a person or a company. Accents and capitals do not matter.',
	'search.no_words':
		'Your search has no word to look for: only letters and digits count, and one-letter words are left out.',
	'search.none_title': 'No results for “{q}”',
	'search.none_tips':
		'Check the spelling, try fewer words or a related word, or widen the filters. You only find what you may read.',
	'search.truncated': 'Only the first {count} words of your search were used.'
} satisfies { [K in keyof typeof fr]: Message };

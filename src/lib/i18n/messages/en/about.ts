import type { about as fr } from '../fr/about';
import type { Message } from '../types';

export const about = {
	'about.title': 'About Maillage',
	'about.network': 'This space belongs to {network}.',
	'about.what':
		'Maillage is where the groups of a network of companies and their partners work: they write meeting notes together, prepare meetings, follow their actions and discuss. Everyone sees what their group decided and what is left to do, and the coordination follows the whole network.',
	'about.licence_title': 'Licence',
	'about.licence': 'Maillage is free software.',
	'about.start_title': 'Getting started',
	'about.home': 'Home: your next meetings, your actions and the discussions to read.',
	'about.groups': 'Groups: the network’s working groups, their documents and meetings.',
	'about.actions': 'The actions board: every action, to filter and sort.',
	'nav.about': 'About'
} satisfies { [K in keyof typeof fr]: Message };

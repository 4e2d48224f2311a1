import type { toolbar as fr } from '../fr/toolbar';
import type { Message } from '../types';

export const toolbar = {
	'toolbar.more': 'More tools'
} satisfies { [K in keyof typeof fr]: Message };

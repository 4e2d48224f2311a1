import type { phone as fr } from '../fr/phone';
import type { Message } from '../types';

export const phone = {
	'phone.more': 'Other pages',
	'phone.notifications_short': 'Alerts',
	'phone.filters': 'Filters',
	'phone.filters_active': 'Filters ({count})',
	'phone.bulk': 'Bulk change',
	'phone.selected': {
		one: '{count} selected',
		other: '{count} selected'
	},
	'phone.selected_change': 'Change',
	'phone.selected_clear': 'Clear the selection'
} satisfies { [K in keyof typeof fr]: Message };

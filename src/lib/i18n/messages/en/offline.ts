import type { offline as fr } from '../fr/offline';
import type { Message } from '../types';

export const offline = {
	'offline.copy_notice':
		'Offline: copy of this page saved on this device on {date}, read-only until the connection returns.',
	'offline.copy_list': 'Documents readable offline',
	'offline.copy_refused':
		'Nothing can be sent from an offline copy: wait for the connection to return.',
	'offline.copy_dismiss': 'Close',
	'offline.status': 'Offline copy',
	'offline.logged_out_unsaved':
		'You were logged out before your last changes were saved: copy them before leaving the page, then log in again.',
	'offline.page_title': 'Offline',
	'offline.page_lead': 'No connection, and this page is not saved on this device.',
	'offline.page_kept': 'Readable without a connection',
	'offline.page_kept_at': 'saved on {date}',
	'offline.page_none': 'No document is saved on this device for reading offline yet.',
	'offline.page_how':
		'The last {limit} documents and meetings you open online stay readable here without a connection, until you log out.',
	'offline.page_retry': 'Try again'
} satisfies { [K in keyof typeof fr]: Message };

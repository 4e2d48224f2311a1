import type { account as fr } from '../fr/account';
import type { Message } from '../types';

export const account = {
	'profile.title': 'My profile',
	'profile.details': 'My details',
	'profile.name': 'Name',
	'profile.email': 'E-mail address',
	'profile.organisation': 'Organisation',
	'profile.role': 'Role in the network',
	'profile.locale': 'Interface language',
	'profile.saved': 'Your details are saved.',
	'profile.password': 'Change password',
	'profile.password_intro':
		'Changing your password logs out all your other sessions, on every device.',
	'profile.current_password': 'Current password',
	'profile.new_password': 'New password',
	'profile.password_changed': 'Your password is changed; your other sessions are closed.'
} satisfies { [K in keyof typeof fr]: Message };

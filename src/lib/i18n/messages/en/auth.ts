import type { auth as fr } from '../fr/auth';
import type { Message } from '../types';

export const auth = {
	'login.title': 'Log in',
	'login.intro': 'Log in to find your working groups.',
	'login.email': 'E-mail address',
	'login.password': 'Password',
	'login.submit': 'Log in',
	'login.forgot': 'Forgot your password?',
	'login.invitation_only': "Access is by invitation: ask the network's coordination for one.",
	'auth.invalid_credentials': 'Wrong e-mail address or password.',
	'auth.rate_limited': 'Too many login attempts. Wait 15 minutes or reset your password.',
	'auth.disabled': "This account is disabled. Contact the network's coordination.",
	'auth.wrong_current_password': 'The current password is wrong.',
	'auth.password_check_limited':
		'Too many tries of the current password. Wait 15 minutes before trying again.',
	'auth.logged_out': 'You are logged out.',
	'setup.title': 'Set up the network',
	'setup.intro':
		'Welcome! Name your network and create the first account, which will be its administrator.',
	'setup.network_name': 'Network name',
	'setup.organisation_name': 'Your organisation',
	'setup.organisation_kind': 'Kind of organisation',
	'setup.name': 'Your name',
	'setup.email': 'Your e-mail address',
	'setup.password': 'Password',
	'setup.password_hint': 'At least 10 characters, without your name or e-mail.',
	'setup.public_origin': 'Public address of the hub',
	'setup.public_origin_hint':
		'The address members open Maillage at (https://maillage.example.org). Links in e-mails use it; it can be changed in Administration → Settings.',
	'setup.submit': 'Create the network',
	'setup.already_done': 'The network is already set up.',
	'invitation.title': 'Join {network}',
	'invitation.intro': '{inviter} invites you to join the network as {role} ({organisation}).',
	'invitation.email': 'Your e-mail address',
	'invitation.name': 'Your name',
	'invitation.password': 'Choose a password',
	'invitation.submit': 'Create my account',
	'invitation.link_invalid':
		"This invitation link is not valid. Ask the network's coordination for a new invitation.",
	'invitation.expired':
		'This invitation link has expired (it is valid for 7 days). Ask the coordination to send it again.',
	'invitation.used': 'This invitation has already been used. Log in with your account.',
	'invitation.revoked': 'This invitation has been cancelled.',
	'invitation.email_taken': 'An account already exists with this e-mail address.',
	'invitation.not_pending': 'This invitation is no longer pending.',
	'invitation.rate_limited':
		'Too many invalid invitation links tried from your connection. Wait 15 minutes before trying again.',
	'forgot.title': 'Forgotten password',
	'forgot.intro':
		'Enter your e-mail address: if it belongs to an account, you will receive a link to choose a new password.',
	'forgot.submit': 'Send the link',
	'forgot.sent':
		'If this address belongs to an account, a link has just been sent to it. It is valid for one hour.',
	'forgot.back': 'Back to login',
	'reset.title': 'New password',
	'reset.password': 'New password',
	'reset.submit': 'Save the password',
	'reset.link_invalid':
		'This link is not valid or has expired. Ask for a new one from the login page.',
	'mail.invitation.subject': 'Invitation to join {network} on Maillage',
	'mail.invitation.body':
		'Hello,\n\n{inviter} invites you to join {network} on Maillage, as {role}.{groups}\n\nTo create your account, open this link (valid for 7 days):\n{link}\n\nSee you soon!',
	'mail.reset.subject': 'Resetting your Maillage password',
	'mail.reset.body':
		'Hello {name},\n\nTo choose a new password, open this link (valid for one hour, usable once):\n{link}\n\nIf you did not ask for this, ignore this message: your password stays unchanged.'
} satisfies { [K in keyof typeof fr]: Message };

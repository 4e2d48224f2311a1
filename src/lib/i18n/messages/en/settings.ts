import type { settings as fr } from '../fr/settings';
import type { Message } from '../types';

export const settings = {
	'settings.general': 'Network',
	'settings.logo.title': 'Network logo',
	'settings.logo.hint':
		'PNG, JPEG, WebP or SVG, 500 kB at most. It is shown in the header of every page and on the login page, on a white background, beside the network’s name. An SVG is turned into an image.',
	'settings.logo.field': 'Logo file',
	'settings.logo.current': 'Current logo:',
	'settings.logo.none': 'No logo: the header shows the network’s name alone.',
	'settings.logo.upload': 'Upload the logo',
	'settings.logo.remove': 'Remove the logo',
	'settings.logo.saved': 'The logo is saved.',
	'settings.logo.removed': 'The logo is removed.',
	'settings.logo.required': 'Choose an image file.',
	'settings.logo.too_large': 'The file is over 500 kB: save it smaller.',
	'settings.logo.not_image': 'This file is not a readable image.',
	'settings.logo.format': 'Format not accepted: choose a PNG, JPEG, WebP or SVG image.',
	'settings.logo.too_many_pixels':
		'The image is too large (over 40 million pixels): make it smaller before uploading it.',
	'settings.colour.title': 'Network colour',
	'settings.colour.hint':
		'The colour of buttons, links and the header. White text must stay readable on it: a colour that is too light is darkened until it reaches the 4.5:1 contrast the accessibility rules ask for (WCAG AA).',
	'settings.colour.field': 'Main colour',
	'settings.colour.save': 'Apply the colour',
	'settings.colour.reset': 'Back to the original colour',
	'settings.colour.current': 'Current colour: {colour}',
	'settings.colour.default': 'Maillage’s original colour ({colour})',
	'settings.colour.sample': 'White text on this colour',
	'settings.colour.saved':
		'The colour {colour} is applied (contrast of {ratio}:1 with white text).',
	'settings.colour.adjusted':
		'The colour {asked} is too light for white text (contrast of {askedRatio}:1, at least 4.5:1 is needed). It was darkened to {colour} (contrast of {ratio}:1), which is applied.',
	'settings.colour.reset_done': 'The original colour is back.',
	'settings.colour.invalid': 'A colour written #rrggbb, for example #1f5f7a.',
	'settings.mail_test.title': 'Sending e-mail',
	'settings.mail_test.transport': 'Sending server (SMTP_URL): {address}',
	'settings.mail_test.transport_none':
		'No sending server is set (SMTP_URL): e-mails stay in the outbox, where you read them.',
	'settings.mail_test.from': 'Sender (MAIL_FROM): {from}',
	'settings.mail_test.hint':
		'These are set on the server, through its environment variables. The test e-mail is sent to you ({email}).',
	'settings.mail_test.send': 'Send a test e-mail',
	'settings.mail_test.sending': 'Sending…',
	'settings.mail_test.sent':
		'The test e-mail went out to {email}. Check your inbox, and the spam folder.',
	'settings.mail_test.kept':
		'No sending server is set: the test e-mail is in the outbox, it did not go out.',
	'settings.mail_test.failed': 'The test e-mail did not go out.',
	'settings.mail_test.detail': 'Technical answer: {detail}',
	'settings.mail_test.outbox_link': 'See the outbox',
	'settings.mail_test.limited':
		'Too many test e-mails in a short time: try again in a quarter of an hour.',
	'settings.mail_test.host_unknown':
		'The sending server’s name is unknown: check the host written in SMTP_URL.',
	'settings.mail_test.refused':
		'The sending server refuses the connection: check the host and port of SMTP_URL.',
	'settings.mail_test.timeout':
		'The sending server did not answer in time: a firewall may be blocking this port.',
	'settings.mail_test.auth': 'The sending server refuses the user name or password in SMTP_URL.',
	'settings.mail_test.tls':
		'The encrypted connection failed: the port and the protocol (smtp:// or smtps://) may not match.',
	'settings.mail_test.envelope':
		'The sending server refused the sender (MAIL_FROM) or your address.',
	'settings.mail_test.other': 'The sending server refused the e-mail.',
	'settings.mail_test.subject': 'Test e-mail from {network}',
	'settings.mail_test.body':
		'Hello {name},\n\nThis test e-mail was sent from the settings of {network}.\nSending server: {transport}\nSender: {from}\n\nIf it reached you, the hub’s e-mails go out.',
	'settings.mail_test.no_transport': 'none (outbox only)',
	'admin.themes': 'Themes',
	'themes.title': 'Group themes',
	'themes.intro':
		'Every working group is filed under a theme. This list, in this order, is the one of the group forms and of the dashboard’s filter. A theme a group uses cannot be deleted: archive it, and it is no longer offered to new groups.',
	'themes.list': 'Themes',
	'themes.new': 'New theme',
	'themes.label_fr': 'Label in French',
	'themes.label_en': 'Label in English',
	'themes.add': 'Add the theme',
	'themes.added': 'The theme “{label}” is added.',
	'themes.edit': 'Rename “{label}”',
	'themes.rename': 'Save',
	'themes.renamed': 'The theme is renamed.',
	'themes.move_up': 'Move “{label}” up',
	'themes.move_down': 'Move “{label}” down',
	'themes.moved': 'The order of the themes is saved.',
	'themes.archive': 'Archive “{label}”',
	'themes.restore': 'Offer “{label}” again',
	'themes.delete': 'Delete “{label}”',
	'themes.archived': 'The theme is archived: it is no longer offered to new groups.',
	'themes.restored': 'The theme is offered again.',
	'themes.deleted': 'The theme is deleted.',
	'themes.archived_badge': 'Archived',
	'themes.used_by': { one: '{count} group', other: '{count} groups' },
	'themes.unused': 'No group',
	'themes.label_taken': 'A theme already has this label.',
	'themes.in_use': 'Groups use this theme: archive it instead.',
	'themes.archived_choice': '{theme} (archived)',
	'themes.none_to_choose':
		'No theme is offered: the administration adds some in Administration → Themes.',
	'themes.none': 'No theme yet: add the first one below.'
} satisfies { [K in keyof typeof fr]: Message };

import type { inviting as fr } from '../fr/inviting';
import type { Message } from '../types';

export const inviting = {
	'invite.name': 'Name (optional)',
	'invite.name_hint': 'Offered to the person when they create their account; they may correct it.',
	'invite.see_mail': 'See the e-mail sent',
	'invite.bulk_link': 'Invite several people from a list',
	'invite.groups.legend': 'Groups to join (optional)',
	'invite.groups.hint':
		'The person joins these groups on accepting the invitation, with the role chosen.',
	'invite.groups.role': 'Role in “{group}”',
	'invite.groups.none': 'No open group yet.',
	'invite.groups.paused': '(paused)',
	'invite.groups.unavailable':
		'One of the groups chosen no longer exists, has been archived or is not open to you. Choose again.',
	'invite.groups.too_many': 'Too many groups chosen at once.',
	'invite.groups.list': 'Groups: {groups}',
	'mail.invitation.groups': 'On accepting, you will also join these working groups:\n{list}',
	'invitation.groups': 'On accepting, you will also join these working groups:',
	'invitation.welcome': 'Welcome! Your account is created.',
	'invitation.joined': 'You have joined these groups:',
	'invitation.skipped_archived':
		'The group “{group}” was archived after you were invited: you have not joined it.',
	'invitation.skipped_deleted': 'The group “{group}” no longer exists: you have not joined it.',
	'invitation.skipped_help': 'Ask the coordination whether another group is waiting for you.',
	'invitation.continue': 'Go on to the home page',
	'invite.bulk.title': 'Invite several people',
	'invite.bulk.back': 'Back to invitations',
	'invite.bulk.intro':
		'Paste a list or choose a CSV file: one person a line, with their name, e-mail address, organisation and role in the network (member when the cell is empty). Cells are separated by semicolons, commas or tabs; a header line is recognised. At most {max} people at a time. Nothing is sent before you have checked the preview.',
	'invite.bulk.list': 'List to paste',
	'invite.bulk.list_hint':
		'For example: Inès Meyer;ines.meyer@example.org;Mécanique Ried Précision;member',
	'invite.bulk.file': 'Or a CSV file',
	'invite.bulk.file_hint':
		'Saved from a spreadsheet as CSV (UTF-8 or Windows), at most {max} KB. The file replaces the pasted list.',
	'invite.bulk.preview': 'Check the list',
	'invite.bulk.preview_title': 'Preview before sending',
	'invite.bulk.summary': {
		one: '{ready} invitation ready out of {count} line.',
		other: '{ready} invitations ready out of {count} lines.'
	},
	'invite.bulk.summary_errors':
		'Lines with errors will not be sent: correct the list and check it again, or send without them.',
	'invite.bulk.lines': 'Lines of the list',
	'invite.bulk.line': 'Line',
	'invite.bulk.col_name': 'Name',
	'invite.bulk.col_email': 'E-mail',
	'invite.bulk.col_organisation': 'Organisation',
	'invite.bulk.col_role': 'Role',
	'invite.bulk.col_check': 'Check',
	'invite.bulk.ready': 'Ready',
	'invite.bulk.new_organisation': 'new organisation: {kind}',
	'invite.bulk.groups_all': 'Each person will join: {groups}.',
	'invite.bulk.no_groups': 'No group chosen.',
	'invite.bulk.unknown_title': 'Unknown organisations',
	'invite.bulk.unknown_hint_create':
		'Create each one or attach its people to an existing organisation, then check again.',
	'invite.bulk.unknown_hint_pick':
		'Attach these people to an existing organisation, then check again (only an administrator may create an organisation).',
	'invite.bulk.unknown_label': {
		one: '“{name}” (line {lines})',
		other: '“{name}” (lines {lines})'
	},
	'invite.bulk.unknown_leave': '— Leave these lines aside —',
	'invite.bulk.unknown_create': 'Create it: {kind}',
	'invite.bulk.unknown_pick': 'Attach to an existing organisation',
	'invite.bulk.recheck': 'Check again',
	'invite.bulk.send': {
		one: 'Send {count} invitation',
		other: 'Send {count} invitations'
	},
	'invite.bulk.sent': {
		one: '{count} invitation sent.',
		other: '{count} invitations sent.'
	},
	'invite.bulk.sent_see': 'See the invitation e-mails',
	'invite.bulk.changed':
		'The list has changed since the preview: nothing is sent. Check the new preview below before sending.',
	'invite.bulk.nothing_to_send': 'No line is ready: nothing is sent.',
	'invite.bulk.empty': 'The list is empty: paste at least one line or choose a file.',
	'invite.bulk.file_empty': 'The file is empty.',
	'invite.bulk.file_too_large': 'The file is too large (at most {max} KB).',
	'invite.bulk.file_binary':
		'This file is not a text file. Save the table as “CSV” from your spreadsheet.',
	'invite.bulk.text_too_long': 'The list is too long (at most {max} people at a time).',
	'invite.bulk.too_many':
		'The list has {count} people: at most {max} at a time. Split it into several sendings.',
	'invite.bulk.unreadable': 'This line cannot be read: a quote is out of place.',
	'invite.bulk.columns_unknown':
		'Columns not recognised: {columns}. The expected columns are name, e-mail, organisation and role.',
	'invite.bulk.columns_twice': 'A column is named twice in the header line.',
	'invite.bulk.columns_no_email':
		'No e-mail address in the list: the expected columns are name, e-mail, organisation and role.',
	'invite.bulk.too_many_cells': 'More cells than columns (name, e-mail, organisation, role).',
	'invite.bulk.text_invalid': 'Contains invisible characters or a line break.',
	'invite.bulk.formula': 'Starts with =, +, - or @, like a spreadsheet formula: refused.',
	'invite.bulk.email_missing': 'E-mail address missing.',
	'invite.bulk.duplicate': 'Address already on line {line}.',
	'invite.bulk.has_account': 'This person already has an account.',
	'invite.bulk.already_invited': 'This person already has a pending invitation.',
	'invite.bulk.organisation_missing': 'Organisation missing.',
	'invite.bulk.organisation_unknown': 'Unknown organisation: “{name}”.',
	'invite.bulk.organisation_archived': 'Archived organisation: “{name}”.',
	'invite.bulk.role_unknown':
		'Unknown role: “{role}” (member, partner, director, coordination or administrator).',
	'invite.bulk.role_forbidden': 'You may not give this role.'
} satisfies { [K in keyof typeof fr]: Message };

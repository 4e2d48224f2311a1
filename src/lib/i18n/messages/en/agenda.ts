import type { agenda as fr } from '../fr/agenda';
import type { Message } from '../types';

export const agenda = {
	'nav.agenda': 'Calendar',
	'agenda.title_network': 'Network calendar',
	'agenda.title_groups': 'Groups calendar',
	'agenda.intro_network': 'Every meeting of the network’s groups, with the invitees’ answers.',
	'agenda.intro_groups': 'The meetings of the groups you may read, with the invitees’ answers.',
	'agenda.month_invalid':
		'This month does not exist (write it YYYY-MM, for example 2026-03): here is the current month.',
	'agenda.view_invalid': 'This view does not exist: here is the month view.',
	'agenda.group_unknown':
		'This group does not exist or you have no access to it: here are the meetings of every group.',
	'agenda.navigation': 'Choose the month',
	'agenda.previous': 'Previous month',
	'agenda.next': 'Next month',
	'agenda.today': 'This month',
	'agenda.views': 'View',
	'agenda.view.month': 'Month',
	'agenda.view.list': 'List',
	'agenda.group': 'Group',
	'agenda.all_groups': 'All groups',
	'agenda.filter': 'Show',
	'agenda.caption': 'Meetings of {month}',
	'agenda.empty': 'No meeting in {month}.',
	'agenda.empty_group': 'No meeting of this group in {month}.',
	'agenda.meetings_count': { one: '{count} meeting', other: '{count} meetings' },
	'agenda.answer.attending': '{count} yes',
	'agenda.answer.not_attending': '{count} no',
	'agenda.answer.maybe': '{count} maybe',
	'agenda.answer.pending': '{count} not answered',
	'agenda.answers_line': 'Answers: {yes} yes, {no} no, {maybe} maybe, {pending} not answered',
	'agenda.no_invitees': 'Nobody is invited.',
	'agenda.personal':
		'Your own meetings and due dates are also on the home page, and in your personal calendar:',
	'agenda.feed_name': 'network calendar',
	'agenda.feed.title': 'Subscribe to the network calendar',
	'agenda.feed.intro':
		'A private address to follow every meeting of the network, with its answers, in Google Calendar, Outlook or Thunderbird. It stops working if your account is disabled or no longer has access to the network calendar.',
	'agenda.feed.create': 'Create the subscription address',
	'agenda.feed.created': 'Here is the address: you can read it again here at any time.',
	'agenda.feed.url': 'Private address of the network calendar',
	'agenda.feed.revoke': 'Delete the address',
	'agenda.feed.revoked': 'The network calendar’s subscription address is deleted.',
	'agenda.feed.none': 'You have no subscription address for the network calendar yet.',
	'agenda.feed.warning':
		'Anyone who knows this address sees every meeting of the network and the answers: do not share it. If in doubt, change it.'
} satisfies { [K in keyof typeof fr]: Message };

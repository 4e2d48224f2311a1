import type { digest as fr } from '../fr/digest';
import type { Message } from '../types';

export const digest = {
	'prefs.title': 'E-mail notifications',
	'prefs.intro':
		'For each kind of event, choose how Maillage lets you know. Notifications in the app (the bell) stay whatever you choose.',
	'prefs.topic.decisions': 'Proposals and decisions',
	'prefs.topic.decisions.hint':
		'A proposal put to one of your groups, a reminder the day before it closes if you have not answered, the decision taken.',
	'prefs.topic.mention': 'Mentions',
	'prefs.topic.mention.hint': 'Someone mentions you with @ in a discussion.',
	'prefs.topic.assignment': 'Actions given to you',
	'prefs.topic.assignment.hint': 'Someone gives you an action, on the action board or in notes.',
	'prefs.topic.due': 'Due dates',
	'prefs.topic.due.hint': 'Your actions overdue or coming due.',
	'prefs.topic.minutes': 'Minutes',
	'prefs.topic.minutes.hint': 'The minutes of a meeting of your groups are published.',
	'prefs.topic.reply': 'Replies',
	'prefs.topic.reply.hint': 'A new message in a discussion you follow.',
	'prefs.topic.check_in': 'Check-ins',
	'prefs.topic.check_in.hint':
		'Leads: the check-in of the month to fill in and the questions left unanswered in your groups. Directors: the groups that need attention and what changed.',
	'prefs.delivery.immediate': 'Right away',
	'prefs.delivery.daily': 'Daily digest',
	'prefs.delivery.weekly': 'Weekly digest',
	'prefs.delivery.off': 'Never',
	'prefs.digest_note':
		'The daily digest goes out every morning from 7 am and covers the day before; the weekly digest goes out on Mondays and covers the past week. A digest goes out only when it has something to tell you. For check-ins, "Right away" writes to you as soon as a check-in is expected, and the overview of your groups comes with the weekly digest.',
	'prefs.save': 'Save my choices',
	'prefs.saved': 'Your notification choices are saved.',
	'prefs.invalid': 'Choose one of the four options.',
	'prefs.not_saved':
		'Your choices were not saved: for each kind of event, choose one of the four options.',
	'mail.prefs_footer': 'To choose how Maillage lets you know: {link}',
	'mail.assigned.subject': {
		one: 'An action is given to you: {title}',
		other: '{count} actions are given to you'
	},
	'mail.assigned.by': {
		one: '{actor} gave you this action:',
		other: '{actor} gave you these actions:'
	},
	'mail.assigned.by_nobody': {
		one: 'This action was given to you:',
		other: 'These actions were given to you:'
	},
	'mail.assigned.body':
		'Hello {name},\n\n{intro}\n\n{list}\n\nAll your actions: {link}\n\n—\nTo choose how Maillage lets you know: {prefs}',
	'mail.reassign.subject': {
		one: '{group}: an action of {person} needs a new owner',
		other: '{group}: {count} actions of {person} need a new owner'
	},
	'mail.reassign.body':
		'Hello {name},\n\n{person} is no longer in the group {group}. Their open actions no longer have an owner; give them to someone in the group:\n\n{list}',
	'mail.digest.hello': 'Hello {name},',
	'mail.digest.subject.member': 'Your Maillage digest {period}',
	'mail.digest.subject.lead': 'Your groups and your actions {period}',
	'mail.digest.subject.network': "Where the network's groups stand {period}",
	'digest.period.daily': 'for {date}',
	'digest.period.weekly': 'for the week of {date}',
	'digest.since.daily': 'yesterday',
	'digest.since.weekly': 'last week',
	'digest.intro.network':
		'Here are the groups that need attention and what changed in the network {since}.',
	'digest.intro.lead': 'Here is what awaits the groups you lead, then what concerns you.',
	'digest.intro.member': 'Here is what concerns you on Maillage.',
	'digest.at_risk': 'Groups that need attention',
	'digest.at_risk.weather': 'check-in of {period}: {weather}',
	'digest.at_risk.overdue': {
		one: '{count} action overdue',
		other: '{count} actions overdue'
	},
	'digest.at_risk_none': 'No group needs particular attention.',
	'digest.weather.on_track': 'on track',
	'digest.weather.at_risk': 'at risk',
	'digest.weather.off_track': 'off track',
	'digest.decisions': 'Decisions of the groups {since}',
	'digest.changes': 'What changed {since}',
	'digest.changes.check_ins': 'Check-ins: {list}',
	'digest.changes.actions_done': {
		one: '{count} action done',
		other: '{count} actions done'
	},
	'digest.changes.meetings_held': {
		one: '{count} meeting held',
		other: '{count} meetings held'
	},
	'digest.dashboard': 'The network dashboard: {link}',
	'digest.check_ins_due': 'Check-in of {period} to fill in',
	'digest.open_questions': 'Unanswered questions in your groups',
	'digest.question': '“{thread}” — {group}, asked by {author} on {date}',
	'digest.due': 'Your actions overdue or due within {days} days',
	'digest.overdue_since': 'overdue since {date}',
	'digest.due_on': 'due {date}',
	'digest.assigned': 'Actions given to you',
	'digest.assigned_by': 'by {name}',
	'digest.mentions': 'You were mentioned',
	'digest.mention': '{author} in “{thread}” — {group}',
	'digest.replies': 'New messages in discussions you follow',
	'digest.reply': {
		one: '“{thread}” — {group}: {count} new message',
		other: '“{thread}” — {group}: {count} new messages'
	},
	'digest.minutes': 'Minutes published'
} satisfies { [K in keyof typeof fr]: Message };

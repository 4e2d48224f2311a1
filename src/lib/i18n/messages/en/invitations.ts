import type { invitations as fr } from '../fr/invitations';
import type { Message } from '../types';

export const invitations = {
	'outbox.attachments': 'Attachments:',
	'prefs.topic.invitations': 'Meeting invitations',
	'prefs.topic.invitations.hint':
		'The invitation to a meeting, its changes, its cancellation and a reminder the day before, with the file for your calendar.',
	'mail.meeting.invitation.subject': 'Invitation: {title} ({group}) — {date} — {place}',
	'mail.meeting.update.subject': 'Meeting changed: {title} ({group}) — {date} — {place}',
	'mail.meeting.cancel.subject': 'Meeting cancelled: {title} ({group}) — {date}',
	'mail.meeting.reminder.subject': 'Reminder, tomorrow: {title} ({group}) — {date} — {place}',
	'mail.meeting.invitation.intro': 'You are invited to the meeting “{title}” of the {group} group.',
	'mail.meeting.update.intro':
		'The meeting “{title}” of the {group} group has changed: here are its date and place as they are now.',
	'mail.meeting.reminder.intro':
		'A reminder: the meeting “{title}” of the {group} group takes place tomorrow.',
	'mail.meeting.cancel.body':
		'Hello {name},\n\nThe meeting “{title}” of the {group} group planned for {date} will not take place for you: it was cancelled, or your invitation was withdrawn.\n\nThe attached file removes it from your calendar.',
	'mail.meeting.body':
		'Hello {name},\n\n{intro}\n\nWhen: {when}\nWhere: {place}\n\nAgenda:\n{agenda}\n\nYour answer, in one click:\nI’m coming: {yes}\nI’m not coming: {no}\nMaybe: {maybe}\n\nThe meeting in Maillage: {link}',
	'mail.meeting.no_agenda': '(agenda to come)',
	'mail.meeting.no_place': '(place to be announced)',
	'answer.title': 'Your answer',
	'answer.meeting': 'Meeting “{title}” — {group}',
	'answer.when': 'When',
	'answer.where': 'Where',
	'answer.agenda': 'Agenda',
	'answer.current': 'Your answer: {answer}',
	'answer.none': 'You have not answered yet.',
	'answer.recorded': 'Your answer is recorded: {answer}.',
	'answer.change': 'Change your answer',
	'answer.yes': 'I’m coming',
	'answer.no': 'I’m not coming',
	'answer.maybe': 'Maybe',
	'answer.cancelled': 'This meeting is cancelled.',
	'answer.closed': 'Answers to this meeting are closed.',
	'answer.invalid_title': 'Unknown or expired answer link',
	'answer.invalid':
		'This link can no longer record an answer: the meeting is over, your invitation was withdrawn, or the link is incomplete. Answer from the meeting’s page in Maillage.',
	'meeting.invite_self': 'Invite me',
	'meeting.invite_self_hint':
		'You will receive the invitation and the meeting will be in your calendar.'
} satisfies { [K in keyof typeof fr]: Message };

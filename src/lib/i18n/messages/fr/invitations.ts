export const invitations = {
	'outbox.attachments': 'Pièces jointes :',
	'prefs.topic.invitations': 'Invitations aux réunions',
	'prefs.topic.invitations.hint':
		'L’invitation à une réunion, ses changements, son annulation et un rappel la veille, avec le fichier pour votre agenda.',
	'mail.meeting.invitation.subject': 'Invitation : {title} ({group}) — {date} — {place}',
	'mail.meeting.update.subject': 'Réunion modifiée : {title} ({group}) — {date} — {place}',
	'mail.meeting.cancel.subject': 'Réunion annulée : {title} ({group}) — {date}',
	'mail.meeting.reminder.subject': 'Rappel, demain : {title} ({group}) — {date} — {place}',
	'mail.meeting.invitation.intro': 'Vous êtes invité·e à la réunion « {title} » du groupe {group}.',
	'mail.meeting.update.intro':
		'La réunion « {title} » du groupe {group} a changé : voici la date et le lieu à jour.',
	'mail.meeting.reminder.intro':
		'Pour rappel, la réunion « {title} » du groupe {group} a lieu demain.',
	'mail.meeting.cancel.body':
		'Bonjour {name},\n\nLa réunion « {title} » du groupe {group} prévue le {date} n’aura pas lieu pour vous : elle est annulée, ou votre invitation a été retirée.\n\nLe fichier joint la retire de votre agenda.',
	'mail.meeting.body':
		'Bonjour {name},\n\n{intro}\n\nQuand : {when}\nOù : {place}\n\nOrdre du jour :\n{agenda}\n\nVotre réponse, en un clic :\nJe viens : {yes}\nJe ne viens pas : {no}\nPeut-être : {maybe}\n\nLa réunion dans Maillage : {link}',
	'mail.meeting.no_agenda': '(ordre du jour à venir)',
	'mail.meeting.no_place': '(lieu à préciser)',
	'answer.title': 'Votre réponse',
	'answer.meeting': 'Réunion « {title} » — {group}',
	'answer.when': 'Quand',
	'answer.where': 'Où',
	'answer.agenda': 'Ordre du jour',
	'answer.current': 'Votre réponse : {answer}',
	'answer.none': 'Vous n’avez pas encore répondu.',
	'answer.recorded': 'Votre réponse est enregistrée : {answer}.',
	'answer.change': 'Changer de réponse',
	'answer.yes': 'Je viens',
	'answer.no': 'Je ne viens pas',
	'answer.maybe': 'Peut-être',
	'answer.cancelled': 'Cette réunion est annulée.',
	'answer.closed': 'Les réponses à cette réunion sont closes.',
	'answer.invalid_title': 'Lien de réponse inconnu ou expiré',
	'answer.invalid':
		'Ce lien ne permet pas (ou plus) de répondre : la réunion est passée, votre invitation a été retirée, ou le lien est incomplet. Répondez depuis la page de la réunion dans Maillage.',
	'meeting.invite_self': 'M’inviter',
	'meeting.invite_self_hint': 'Vous recevrez l’invitation et la réunion figurera dans votre agenda.'
};

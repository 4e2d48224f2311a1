import type { recurrence as fr } from '../fr/recurrence';
import type { Message } from '../types';

export const recurrence = {
	'repeat.legend': 'Repeat',
	'repeat.label': 'Repeats',
	'repeat.none': 'Does not repeat',
	'repeat.generic.weekly': 'Every week, on the same day',
	'repeat.generic.biweekly': 'Every two weeks, on the same day',
	'repeat.generic.monthly_weekday': 'Every month, on the same weekday (e.g. the second Tuesday)',
	'repeat.generic.monthly_last_weekday':
		'Every month, on the last such weekday (e.g. the last Tuesday)',
	'repeat.generic.monthly_day': 'Every month, on the same date (e.g. the 14th)',
	'repeat.choice.weekly': 'Every week, on {weekday}',
	'repeat.choice.biweekly': 'Every two weeks, on {weekday}',
	'repeat.choice.monthly_weekday': 'Every month, on the {ordinal} {weekday}',
	'repeat.choice.monthly_last_weekday': 'Every month, on the last {weekday}',
	'repeat.choice.monthly_day': 'Every month, on the {day}',
	'repeat.ordinal.1': 'first',
	'repeat.ordinal.2': 'second',
	'repeat.ordinal.3': 'third',
	'repeat.ordinal.4': 'fourth',
	'repeat.end': 'End of the series',
	'repeat.end_count': 'After a number of meetings',
	'repeat.end_until': 'On a date',
	'repeat.count': 'Number of meetings',
	'repeat.until': 'Date of the last meeting',
	'repeat.hint':
		'Each date becomes a meeting of its own, with its notes, invitees and invitations. A series has at most 52 meetings, over at most 12 months. A day a month lacks (the 31st, a fifth Tuesday) becomes the last one of that month.',
	'repeat.invitations_hint':
		'Invitations go out at once for the first meeting and those of the next 30 days, then 30 days before each of the others.',
	'repeat.unknown': 'Choose a repeat from the list.',
	'repeat.end_missing': 'Say when the series ends: a number of meetings or a date.',
	'repeat.count_invalid': 'A number of meetings from 2 to 52.',
	'repeat.until_before_start': 'The last meeting must come after the first.',
	'repeat.until_too_far': 'A series spans at most 12 months after its first meeting.',
	'repeat.too_many': 'A series has at most 52 meetings: choose an earlier end.',
	'repeat.too_few': 'This end leaves a single meeting: choose a later date.',
	'repeat.not_last': 'This start is not the last such weekday of its month: choose another repeat.',
	'people.picker_added': '{name} is added to the list.',
	'meeting.invitees_search': 'Add a person',
	'meeting.invitees_search_placeholder': 'Type at least two letters of a name',
	'meeting.invitees_chosen': 'People chosen',
	'meeting.invitees_search_fallback':
		'The network has too many people to list them: searching by name needs JavaScript.',
	'series.label.weekly': 'Weekly meeting, on {weekday}s',
	'series.label.biweekly': 'Meeting every two weeks, on {weekday}s',
	'series.label.monthly_weekday': 'Monthly meeting, {ordinal} {weekday}',
	'series.label.monthly_last_weekday': 'Monthly meeting, last {weekday}',
	'series.label.monthly_day': 'Monthly meeting, on the {day}',
	'series.more_dates': {
		one: '{count} other date of the series',
		other: '{count} other dates of the series'
	},
	'series.term': 'Series',
	'series.position': 'meeting {n} of {count}',
	'series.previous': 'Previous meeting',
	'series.next': 'Next meeting',
	'series.created': {
		one: 'The series is scheduled: {count} meeting, with its notes.',
		other: 'The series is scheduled: {count} meetings, each with its notes.'
	},
	'series.scope': 'Apply to',
	'series.scope_one': 'This meeting only',
	'series.scope_following': {
		one: 'This one and the next',
		other: 'This one and the {count} following'
	},
	'series.scope_hint':
		'Held, past or cancelled meetings of the series do not change. A change of date or time recomputes the dates of the following ones from the series’ rule.',
	'series.not_last':
		'This series is on the last such weekday of each month: choose such a date, or change this meeting only.',
	'series.saved_following': 'The meeting and the following ones of the series are updated.',
	'series.cancel_question':
		'Cancel this meeting? The invitees who received the invitation will be told by e-mail.',
	'series.cancel_one': 'Cancel this meeting only',
	'series.cancel_following': {
		one: 'Cancel this one and the next',
		other: 'Cancel this one and the {count} following'
	},
	'series.cancelled_following': 'The meetings are cancelled and the invitees told.',
	'activity.meeting.series_created': {
		one: '{actor} scheduled the series “{label}”: {count} meeting.',
		other: '{actor} scheduled the series “{label}”: {count} meetings.'
	}
} satisfies { [K in keyof typeof fr]: Message };

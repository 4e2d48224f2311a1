import type { progress as fr } from '../fr/progress';
import type { Message } from '../types';

export const progress = {
	'check_ins.title': 'Check-ins',
	'check_ins.intro':
		'Every {period}, the group’s leads say in a few lines where it stands. Company directors read these check-ins.',
	'check_ins.period.month': 'month',
	'check_ins.period.quarter': 'quarter',
	'check_ins.current': 'Check-in for {period}',
	'check_ins.answered': 'The check-in for {period} is done. You can still correct it.',
	'check_ins.pending': 'The check-in for {period} is not done yet.',
	'check_ins.history': 'Earlier check-ins',
	'check_ins.none': 'No check-in yet.',
	'check_ins.by': 'by {name}, on {date}',
	'check_ins.save': 'Save the check-in',
	'check_ins.saved': 'Check-in saved.',
	'check_ins.latest': 'Latest check-in',
	'check_ins.see_all': 'All check-ins',
	'check_in.weather': 'The group’s weather',
	'check_in.weather_required': 'Choose the group’s weather.',
	'check_in.moved': 'What moved',
	'check_in.blocks': 'What blocks',
	'check_in.help': 'The help the group needs',
	'weather.on_track': 'On track',
	'weather.at_risk': 'At risk',
	'weather.off_track': 'Off track',
	'weather.none': 'No check-in',
	'activity.check_in.created': '{actor} checked in for {label}.',
	'activity.check_in.updated': '{actor} corrected the check-in for {label}.',
	'mail.check_in.subject': {
		one: 'Your group’s check-in is due',
		other: 'The check-ins of your {count} groups are due'
	},
	'mail.check_in.body':
		'Hello {name},\n\nThe check-in for this period is not done yet for:\n{list}\n\nA few lines are enough: the group’s weather, what moved, what blocks, the help needed. The period ends on {last}.'
} satisfies Record<keyof typeof fr, Message>;

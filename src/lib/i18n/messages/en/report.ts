import type { report as fr } from '../fr/report';
import type { Message } from '../types';

export const report = {
	'home.my_company': 'My company in the network',
	'home.my_company_intro':
		'The groups {organisation} takes part in, its people’s attendance at meetings and its actions.',

	'company.title': 'Participation in the network',
	'company.window':
		'Attendance at meetings held since {date}; actions given to its people, to date.',
	'company.attendance': 'Attendance at meetings',
	'company.attendance_rate': 'Attendance',
	'company.attendance_detail': 'Present: {present} · excused: {excused} · absent: {absent}',
	'company.actions_owned': 'Actions given',
	'company.actions_done': 'Done',
	'company.actions_open': 'Open',
	'company.actions_overdue': 'Overdue',
	'company.by_group': 'By group',
	'company.group': 'Group',
	'company.people': 'People',
	'company.leads': { one: 'of whom {count} lead', other: 'of whom {count} leads' },
	'company.no_member_now': 'nobody any more',
	'company.none': 'This organisation does not take part in any group yet.',
	'company.list_attendance': 'Attendance (12 months)',
	'company.list_actions': 'Actions done / overdue'
} satisfies { [K in keyof typeof fr]: Message };

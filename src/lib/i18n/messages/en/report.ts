import type { report as fr } from '../fr/report';
import type { Message } from '../types';

export const report = {
	'home.my_company': 'My company in the network',
	'home.my_company_intro':
		'The groups {organisation} takes part in, its people’s attendance at meetings and its actions.',
	'home.monthly_report': 'Monthly report',

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
	'company.list_actions': 'Actions done / overdue',

	'report.title': 'Monthly report',
	'report.heading': 'Monthly report — {month}',
	'report.generated': '{network} · drawn up on {date}',
	'report.previous': 'Previous month',
	'report.next': 'Next month',
	'report.month': 'Month',
	'report.show': 'Show',
	'report.print': 'Print',
	'report.download_pdf': 'Download as PDF',
	'report.print_hint': 'To print it or save it as PDF from the browser: Ctrl+P (⌘+P on a Mac).',
	'report.send': 'Send to the directors',
	'report.send_hint':
		'Each director gets one e-mail a month with the link to the report and its figures.',
	'report.sent': {
		one: 'Report sent to {count} director.',
		other: 'Report sent to {count} directors.'
	},
	'report.already_sent': 'This report was already sent on {date}: no other director to tell.',
	'report.sent_on': 'Sent to the directors on {date}.',
	'report.month_invalid': 'This month is not valid: write it YYYY-MM, for example 2026-11.',
	'report.month_future': 'This month has not begun: there is no report for it yet.',
	'report.summary': 'In short',
	'report.groups': 'Groups',
	'report.meetings_held': 'Meetings held',
	'report.attendance': 'Attendance',
	'report.actions_closed': 'Actions done',
	'report.check_ins': 'Check-ins',
	'report.check_ins_of': '{count} of {groups}',
	'report.weather': 'Weather',
	'report.glance': 'The groups at a glance',
	'report.no_check_in': 'No check-in',
	'report.no_groups': 'No active group this month.',
	'report.quiet': 'No meeting, no action done, no check-in this month.',
	'report.meetings': 'Meetings',
	'report.no_meeting': 'No meeting held this month.',
	'report.present_of': {
		one: '{count} present of {recorded}',
		other: '{count} present of {recorded}'
	},
	'report.attendance_unrecorded': 'attendance not recorded',
	'report.decisions': 'Decisions',
	'report.no_decision': 'No decision written down.',
	'report.minutes_unpublished': 'Minutes not published yet.',
	'report.closed_none': 'No action done this month.',
	'report.closed_more': { one: '… and {count} more.', other: '… and {count} more.' },
	'report.check_in': 'Check-in',
	'report.check_in_quarter': 'Check-in of the quarter',
	'report.check_in_by': 'by {name}',
	'report.moved': 'What moved',
	'report.blocks': 'What blocks',
	'report.help': 'Help needed',
	'report.pdf_unavailable_title': 'PDF unavailable',
	'report.pdf_unavailable':
		'The server cannot make a PDF at the moment. Open the report and print it from your browser (Ctrl+P), choosing “Save as PDF”.',
	'report.back': 'Back to the report',
	'report.mail.subject': 'Monthly report of the network — {month}',
	'report.mail.body':
		'Hello {name},\n\nThe network’s monthly report for {month} is ready:\n{link}\n\n{summary}\n\nFrom that page you can print it or download it as PDF.',
	'report.mail.line': '• {label}: {value}',
	'report.mail.attention': 'Groups to watch:'
} satisfies { [K in keyof typeof fr]: Message };

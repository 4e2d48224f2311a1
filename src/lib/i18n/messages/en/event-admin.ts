import type { eventAdmin as fr } from '../fr/event-admin';
import type { Message } from '../types';

export const eventAdmin = {
	'events.title': 'Events',
	'events.intro':
		'The network’s open days: the companies’ sites, their visit slots and the public’s registrations.',
	'events.none': 'No events yet.',
	'events.create': 'Create an event',
	'events.create_intro':
		'The event is prepared by a group: its leads organise it. It stays a draft, visible to the organisers only, until it is published.',
	'events.create_submit': 'Create the draft',
	'events.site_count': { one: '{count} site', other: '{count} sites' },
	'events.prepared_by': 'prepared by the group {group}',
	'events.field_group': 'Group preparing it',
	'events.field_group_placeholder': 'Choose a group',
	'events.field_name': 'Name',
	'events.field_slug': 'Public address',
	'events.field_slug_hint':
		'The public page will be at this address, after the website’s domain: /route-de-l-industrie-2027.',
	'events.field_description': 'Description for the public',
	'events.field_description_hint': 'Plain text; a blank line separates paragraphs.',
	'events.field_starts_on': 'First day',
	'events.field_ends_on': 'Last day',
	'events.field_opens_at': 'Registration opens',
	'events.field_closes_at': 'Registration closes',
	'events.field_max_people': 'Maximum people per registration (general public)',
	'events.field_max_people_hint':
		'A class counts its pupils and its adults, within the limit of the visit slot.',
	'events.field_confirm_email':
		'The general public confirms their e-mail address by a link before the registration counts',
	'events.field_privacy': 'Privacy notice',
	'events.field_privacy_hint':
		'Shown before each registration. If left empty, a standard notice is shown: data used for this visit only, erased automatically after the event.',
	'events.field_status': 'Status',
	'events.status_submit': 'Change the status',
	'events.status_saved': 'The event’s status is saved.',
	'events.status_hint':
		'Draft: visible to the organisers only. Published: the public page is online. Registration open: between the opening and closing dates.',
	'events.registration_window': 'Registration from {from} to {to}',
	'events.public_page': 'Public page',
	'events.public_page_draft': 'Public page once published: {path}',
	'events.edit': 'Edit the event',
	'events.save': 'Save',
	'events.sites': 'Sites',
	'events.no_sites': 'No sites yet.',
	'events.open_site': 'Open a site',
	'events.open_site_intro':
		'A site is a place of an organisation that can be visited. Its people run it: visit slots, registered visitors, welcome on the day.',
	'events.open_site_submit': 'Open the site',
	'events.site': 'Site',
	'events.slot_count': 'Visit slots',
	'events.held_of_capacity': 'Places taken',
	'events.waiting': 'Waiting list',
	'events.site_withdrawn': 'Withdrawn',
	'events.site_withdrawn_notice':
		'This site has withdrawn from the event: its registrations have been cancelled.',
	'events.edit_site': 'Edit the site',
	'events.site_organisation': 'Organisation',
	'events.site_name': 'Site name',
	'events.site_address': 'Address',
	'events.site_postcode': 'Postcode',
	'events.site_town': 'Town',
	'events.site_sector': 'Business sector',
	'events.site_min_age': 'Minimum age (optional)',
	'events.site_other_rules': 'Other rules',
	'events.site_welcome': 'Welcome',
	'events.site_languages': 'Languages of the visit',
	'events.slot_when': 'Visit slot',
	'events.slot_tools': 'Edit',
	'events.slot_change': 'Edit or cancel',
	'events.slot_starts_at': 'Start',
	'events.slot_duration': 'Duration (minutes)',
	'events.slot_capacity': 'Places',
	'events.slot_cancel': 'Cancel this visit slot',
	'events.slot_cancelled_tag': 'Cancelled',
	'events.cancel_note': 'Message to registered visitors (optional)',
	'events.add_slots': 'Add visit slots',
	'events.add_slots_hint':
		'Each ticked day, at each of the times: “every day at 9:00, 10:30 and 14:00, 25 places”. A visit slot that already exists is not added twice.',
	'events.slot_days': 'Days',
	'events.slot_times': 'Start times',
	'events.slot_times_hint': 'Separated by commas: 09:00, 10:30, 14:00.',
	'events.add_slots_submit': 'Add',
	'events.slots_added': {
		one: '{count} visit slot added.',
		other: '{count} visit slots added.'
	},
	'events.slot_changed':
		'The visit slot is changed; registered visitors are told about the change of time.',
	'events.slot_cancelled': {
		one: 'Visit slot cancelled; {count} registration cancelled and notified.',
		other: 'Visit slot cancelled; {count} registrations cancelled and notified.'
	},
	'events.visitors': 'Registered visitors',
	'events.no_visitors': 'No registrations yet.',
	'events.erased_visitor': 'Data erased',
	'events.registration_status.pending': 'address to confirm',
	'events.registration_status.confirmed': 'confirmed',
	'events.registration_status.waiting': 'on the waiting list',
	'events.registration_status.offered': 'places offered',
	'events.registration_status.cancelled': 'cancelled',
	'events.registration_status.expired': 'expired',
	'events.message_title': 'Write to registered visitors',
	'events.message_hint':
		'An e-mail to each registered visitor of this site, and to its waiting list.',
	'events.message_subject': 'Subject',
	'events.message_body': 'Message',
	'events.message_submit': 'Send',
	'events.message_sent': {
		one: 'Message sent to {count} registered visitor.',
		other: 'Message sent to {count} registered visitors.'
	},
	'events.withdraw_title': 'Withdraw the site from the event',
	'events.withdraw_hint':
		'All its registrations are cancelled, each with an e-mail that includes your message. This cannot be undone.',
	'events.withdraw_submit': 'Withdraw the site',
	'events.site_withdrawn_done': {
		one: 'Site withdrawn; {count} registration cancelled and notified.',
		other: 'Site withdrawn; {count} registrations cancelled and notified.'
	}
} satisfies { [K in keyof typeof fr]: Message };

// What pages of the open-house event share with the server: the audiences, in display order.
export const eventAudiences = ['school', 'public', 'job_seekers'] as const;
export const eventStatuses = ['draft', 'published', 'open', 'closed', 'finished'] as const;
export type EventAudience = (typeof eventAudiences)[number];
export const registrationStatuses = [
	'pending',
	'confirmed',
	'waiting',
	'offered',
	'cancelled',
	'expired'
] as const;

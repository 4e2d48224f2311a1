/** A meeting as the calendar's views show it (what `network-calendar.monthOf` returns). */
export interface AgendaMeeting {
	id: string;
	title: string;
	startsAt: Date | string;
	endsAt: Date | string;
	day: string;
	status: 'planned' | 'held' | 'published' | 'cancelled';
	place: string;
	group: { slug: string; name: string; color: string };
	answers: Record<'attending' | 'not_attending' | 'maybe' | 'pending', number>;
}

import { calendar, meetingEvent } from '$lib/server/meetings/calendar';
import { loadMeeting } from '../meeting.server';
import type { RequestHandler } from './$types';
import { publicOrigin } from '$lib/server/origin';

function filename(title: string): string {
	const base = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\w-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
	return `${base || 'reunion'}.ics`;
}

/** One meeting as an iCalendar file, to add to any calendar app. */
export const GET: RequestHandler = async (event) => {
	const { group, meeting, place, agenda } = await loadMeeting(event);
	const owners = new Map<string, string>();
	for (const item of agenda) if (item.ownerId && item.owner) owners.set(item.ownerId, item.owner);
	const body = calendar(`${group.name} — ${meeting.title}`, [
		meetingEvent(meeting, group, place, await publicOrigin(), owners)
	]);
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${filename(meeting.title)}"`,
			'cache-control': 'private, no-store'
		}
	});
};

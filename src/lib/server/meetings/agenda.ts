import { and, eq, inArray, isNull } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { groups, meetings, organisations, users, type AgendaItem } from '$lib/server/db/schema';
import { ServiceError } from '../errors';

/** The names of the people who own agenda items, by id (closed accounts included: they did). */
export async function agendaOwners(agendas: AgendaItem[][]): Promise<Map<string, string>> {
	const ids = [...new Set(agendas.flat().flatMap((item) => (item.ownerId ? [item.ownerId] : [])))];
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, ids));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** "Budget — Marie Dupont (20 min)": an agenda item on one line, for the notes and calendars. */
export function agendaLine(item: AgendaItem, owners: Map<string, string>): string {
	const owner = item.ownerId ? owners.get(item.ownerId) : undefined;
	return [
		item.title,
		owner ? ` — ${owner}` : '',
		item.minutes ? ` (${item.minutes} min)` : ''
	].join('');
}

/**
 * Agenda owners are active people of the network. On an edit, an owner the agenda already named
 * stays even if their account was closed since: the meeting keeps its history.
 */
export async function checkAgendaOwners(agenda: AgendaItem[], before: AgendaItem[] = []) {
	const ids = [...new Set(agenda.flatMap((item) => (item.ownerId ? [item.ownerId] : [])))];
	if (ids.length === 0) return;
	const active = await db
		.select({ id: users.id })
		.from(users)
		.where(and(inArray(users.id, ids), isNull(users.disabledAt)));
	const allowed = new Set([...active.map((r) => r.id), ...before.map((item) => item.ownerId)]);
	const refused = agenda.findIndex((item) => item.ownerId && !allowed.has(item.ownerId));
	if (refused >= 0)
		throw new ServiceError('invalid', 'action.owner_unknown', `agenda.${refused}.ownerId`);
}

/** A meeting with everything its e-mails say: group, host, organiser, agenda owners. */
export async function meetingForMail(meetingId: string) {
	const [row] = await db
		.select({
			meeting: meetings,
			group: groups,
			organisation: organisations,
			organizer: { name: users.name, email: users.email }
		})
		.from(meetings)
		.innerJoin(groups, eq(groups.id, meetings.groupId))
		.leftJoin(organisations, eq(organisations.id, meetings.placeOrganisationId))
		.leftJoin(users, eq(users.id, meetings.createdById))
		.where(eq(meetings.id, meetingId));
	if (!row) return null;
	return { ...row, owners: await agendaOwners([row.meeting.agenda]) };
}

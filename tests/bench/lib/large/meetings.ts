// Meetings over two years (and the next weeks), who was invited and who came. The meetings are
// drawn as a plan first, since the actions refer to them.
import { insertRows, iso, writeActivity } from './database.ts';
import { MEETING_TITLES, TOWNS } from './names.ts';
import { DAY } from './network.ts';
import { allocate, cumulate } from './random.ts';

/** How far back the history goes, and how far ahead meetings are planned. */
export const HISTORY_DAYS = 730;
const AHEAD_DAYS = 45;

export type Group = import('./network.ts').Group;
export type MeetingPlan = {
	id: string;
	group: Group;
	title: string;
	startsAt: number;
	createdAt: number;
	status: 'planned' | 'held' | 'cancelled';
};

/** The part of a group's life inside the history window: [from, to] in ms. */
export function activeWindow(g: Group, now: number, ahead = 0) {
	const from = Math.max(g.createdAt, now - HISTORY_DAYS * DAY);
	const to = g.status === 'active' ? now + ahead * DAY : g.endsAt;
	return { from, to: Math.max(from, to) };
}

/**
 * Every meeting, by group (each group's sorted by start).
 */
export function drawMeetings(
	random: import('./random.ts').Random,
	groups: Group[],
	{ meetings, now }: { meetings: number; now: number }
): Map<Group, MeetingPlan[]> {
	const windows = groups.map((g) => activeWindow(g, now, AHEAD_DAYS));
	const counts = allocate(
		meetings,
		groups.map((g, i) => g.weight * (windows[i].to - windows[i].from))
	);
	const plan = new Map();
	groups.forEach((group, i) => {
		const { from, to } = windows[i];
		const list: MeetingPlan[] = [];
		for (let k = 0; k < counts[i]; k++) {
			const day = Math.floor((from + random.next() * (to - from)) / DAY) * DAY;
			// 08:00 to 15:00 UTC: morning and afternoon meetings in Paris, summer or winter.
			const startsAt = day + random.int(16, 30) * 30 * 60_000;
			const past = startsAt < now;
			list.push({
				id: random.uuid(),
				group,
				title: `${random.pick(MEETING_TITLES)} — ${group.name.split(' — ')[0]}`,
				startsAt,
				createdAt: Math.min(now - 60_000, startsAt - random.int(5, 40) * DAY),
				status: !past ? 'planned' : random.chance(0.04) ? 'cancelled' : 'held'
			});
		}
		list.sort((a, b) => a.startsAt - b.startsAt);
		plan.set(group, list);
	});
	return plan;
}

/**
 * Writes the meetings, their invitees and attendance, and their activity entries.
 */
export async function writeMeetings(
	db: import('./database.ts').SeedDatabase,
	random: import('./random.ts').Random,
	plan: Map<Group, MeetingPlan[]>,
	{ now }: { now: number }
) {
	const all = [...plan.values()].flat();
	const counts = {} as Record<string, number>;
	counts.meetings = await insertRows(
		db,
		'meetings',
		{
			id: 'uuid',
			group_id: 'uuid',
			title: 'text',
			starts_at: 'timestamptz',
			ends_at: 'timestamptz',
			place_kind: 'place_kind',
			place_organisation_id: 'uuid',
			place_text: 'text',
			online_url: 'text',
			agenda: 'jsonb',
			status: 'meeting_status',
			created_by_id: 'uuid',
			created_at: 'timestamptz',
			updated_at: 'timestamptz'
		},
		(function* () {
			for (const m of all) {
				const kind = random.weighted([
					['organisation', 5],
					['address', 2],
					['online', 3]
				]);
				const host = random.pick(m.group.members).person.org;
				yield {
					id: m.id,
					group_id: m.group.id,
					title: m.title,
					starts_at: iso(m.startsAt),
					ends_at: iso(m.startsAt + random.int(2, 6) * 30 * 60_000),
					place_kind: kind,
					place_organisation_id: kind === 'organisation' ? host.id : null,
					place_text: kind === 'address' ? `Salle des fêtes, ${random.pick(TOWNS)}` : '',
					online_url: kind === 'online' ? `https://visio.example.test/${m.id.slice(0, 8)}` : '',
					agenda: [
						{ title: 'Tour de table', ownerId: null, minutes: 10 },
						{ title: 'Point sur les actions', ownerId: m.group.leads[0].id, minutes: 30 },
						...(random.chance(0.5)
							? [{ title: 'Questions diverses', ownerId: null, minutes: 15 }]
							: [])
					],
					status: m.status,
					created_by_id: random.pick(m.group.leads).id,
					created_at: iso(m.createdAt),
					updated_at: iso(Math.min(now, m.startsAt + DAY))
				};
			}
		})()
	);
	counts.meeting_attendees = await insertRows(
		db,
		'meeting_attendees',
		{
			meeting_id: 'uuid',
			user_id: 'uuid',
			response: 'meeting_response',
			attendance: 'meeting_attendance',
			responded_at: 'timestamptz'
		},
		(function* () {
			for (const m of all) yield* attendeesOf(random, m, now);
		})()
	);
	counts.activity = await writeActivity(
		db,
		all.map((m) => ({
			id: random.uuid(),
			group_id: m.group.id,
			actor_id: m.group.leads[0].id,
			subject_type: 'meeting',
			subject_id: m.id,
			verb: 'created',
			label: m.title,
			after: null,
			created_at: iso(m.createdAt)
		}))
	);
	return counts;
}

/** Invitees: the members and leads who had joined (at most 22), and a few observers. */
function* attendeesOf(random: import('./random.ts').Random, m: MeetingPlan, now: number) {
	let invited = m.group.members.filter(
		(x) => x.joinedAt < m.createdAt && (x.role !== 'observer' || random.chance(0.3))
	);
	if (invited.length > 22) {
		const leads = invited.filter((x) => x.role === 'lead');
		const others = invited.filter((x) => x.role !== 'lead');
		invited = [
			...leads,
			...random.sample(others, cumulate(others.map(() => 1)), 22 - leads.length)
		];
	}
	for (const { person } of invited) {
		const answeredAt = Math.min(now, m.startsAt - random.int(1, 10) * DAY);
		if (m.status === 'held') {
			const attendance = random.chance(person.reliability)
				? 'present'
				: random.chance(0.55)
					? 'excused'
					: 'absent';
			const response =
				attendance === 'present'
					? random.chance(0.9)
						? 'attending'
						: 'pending'
					: attendance === 'excused'
						? 'not_attending'
						: random.weighted([
								['attending', 2],
								['pending', 2],
								['maybe', 1]
							]);
			yield {
				meeting_id: m.id,
				user_id: person.id,
				response,
				attendance,
				responded_at: response === 'pending' ? null : iso(answeredAt)
			};
		} else {
			const response = random.weighted([
				['pending', 5],
				['attending', 3.5],
				['not_attending', 1],
				['maybe', 0.5]
			]);
			yield {
				meeting_id: m.id,
				user_id: person.id,
				response,
				attendance: null,
				responded_at: response === 'pending' || answeredAt > now ? null : iso(answeredAt)
			};
		}
	}
}

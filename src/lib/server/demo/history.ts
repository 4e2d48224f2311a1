import { eq, ne } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	actions,
	checkIns,
	groupMembers,
	groups,
	meetingAttendees,
	meetings,
	users,
	type Weather
} from '$lib/server/db/schema';

/**
 * A year of history for the demo network, so that the dashboard, its charts and the monthly
 * report have something to say: a check-in per group and month (one group slipping, one at risk,
 * one that has not answered this month), a meeting per group and month with who attended, and
 * actions opened and done month by month. Deterministic: the same seed gives the same year.
 */

const WEATHER: Record<string, Weather[]> = {
	// Oldest month first, ending with the current month ('' = not answered yet).
	mobilites: [
		'on_track',
		'on_track',
		'at_risk',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'at_risk',
		'on_track',
		'on_track',
		'on_track',
		'on_track'
	],
	'recrutement-competences': [
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'at_risk',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'at_risk',
		'at_risk',
		'at_risk'
	],
	mutualisation: [
		'at_risk',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track'
	],
	attractivite: [
		'on_track',
		'on_track',
		'on_track',
		'at_risk',
		'at_risk',
		'on_track',
		'at_risk',
		'at_risk',
		'off_track',
		'at_risk',
		'off_track',
		'off_track'
	],
	'usines-ouvertes': [
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'on_track',
		'at_risk',
		'on_track',
		'on_track',
		'on_track',
		'on_track'
	]
};

const MOVED = [
	'Deux nouvelles entreprises ont rejoint la démarche.',
	'Le calendrier de l’année est validé par les directions.',
	'Premier bilan chiffré partagé avec les partenaires.',
	'La réunion a réuni douze participants de huit entreprises.',
	'Le cahier des charges est finalisé.',
	'Les premiers retours des salariés sont positifs.'
];
const BLOCKS = [
	'',
	'Peu de disponibilité des équipes en période de clôture.',
	'En attente de la réponse de la communauté de communes.',
	'Le budget n’est pas encore arbitré.',
	'Difficile de mobiliser les PME du secteur nord.'
];
const HELP = [
	'',
	'Un relais des directions auprès de leurs équipes.',
	'Une salle pour l’atelier de mars.',
	'Un contact au service transport de la région.'
];
const ACTION_TITLES = [
	'Relancer les entreprises qui n’ont pas répondu',
	'Préparer la synthèse pour les directions',
	'Réserver la salle de la prochaine réunion',
	'Mettre à jour la liste des contacts',
	'Envoyer le compte rendu aux partenaires',
	'Collecter les besoins des sites',
	'Comparer les devis reçus',
	'Rédiger l’article pour la lettre du réseau'
];

/** A small deterministic pseudo-random sequence (the same demo every time). */
function sequence(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

/** The first day of the month `back` months before `now`'s, at a given day and hour, UTC. */
function monthDay(now: Date, back: number, day: number, hour = 9): Date {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day, hour));
}

export async function seedHistory(now = new Date()): Promise<void> {
	const live = await db.select().from(groups).where(ne(groups.status, 'archived'));
	const roster = await db
		.select({
			groupId: groupMembers.groupId,
			userId: users.id,
			role: groupMembers.role,
			organisationId: users.organisationId
		})
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId));
	const random = sequence(20261128);

	await db.transaction(async (tx) => {
		for (const group of live) {
			const people = roster.filter((r) => r.groupId === group.id && r.role !== 'observer');
			const lead = roster.find((r) => r.groupId === group.id && r.role === 'lead');
			if (people.length === 0) continue;

			const weathers = WEATHER[group.slug] ?? [];
			const checkInRows = weathers.map((weather, i) => {
				const back = 11 - i;
				// This month's check-in is dated a little before now, never in the future.
				const day = monthDay(now, back, 24, 16);
				const at = day > now ? new Date(now.getTime() - 3_600_000) : day;
				const month = at.toISOString().slice(0, 7);
				return {
					groupId: group.id,
					period: month,
					authorId: lead?.userId ?? null,
					weather,
					moved: MOVED[Math.floor(random() * MOVED.length)],
					blocks: weather === 'on_track' ? '' : BLOCKS[1 + Math.floor(random() * 4)],
					help: weather === 'off_track' ? HELP[1 + Math.floor(random() * 3)] : '',
					createdAt: at,
					updatedAt: at
				};
			});
			// Twelve entries answer this month too; eleven leave this month's check-in to be done.
			if (checkInRows.length) await tx.insert(checkIns).values(checkInRows).onConflictDoNothing();

			// A meeting a month from eleven to three months ago (the demo meetings cover the rest).
			for (let back = 11; back >= 3; back--) {
				const startsAt = monthDay(now, back, 8 + Math.floor(random() * 14), 8);
				const [meeting] = await tx
					.insert(meetings)
					.values({
						groupId: group.id,
						title: `Réunion mensuelle — ${group.name}`,
						startsAt,
						endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
						placeKind: 'address',
						placeText: 'Salle du réseau, Sélestat',
						status: 'held',
						createdById: lead?.userId ?? null,
						createdAt: new Date(startsAt.getTime() - 20 * 86_400_000)
					})
					.returning({ id: meetings.id });
				await tx.insert(meetingAttendees).values(
					people.map((p) => {
						const roll = random();
						return {
							meetingId: meeting.id,
							userId: p.userId,
							response: roll < 0.8 ? ('attending' as const) : ('not_attending' as const),
							attendance:
								roll < 0.72
									? ('present' as const)
									: roll < 0.9
										? ('excused' as const)
										: ('absent' as const),
							respondedAt: new Date(startsAt.getTime() - 5 * 86_400_000)
						};
					})
				);
			}

			// Actions opened each month; most done within two months, the others dropped.
			const rows = [];
			for (let back = 11; back >= 1; back--) {
				const count = 2 + Math.floor(random() * 4);
				for (let k = 0; k < count; k++) {
					const owner = people[Math.floor(random() * people.length)];
					const createdAt = monthDay(now, back, 3 + Math.floor(random() * 20), 10);
					const closeAfter = 15 + Math.floor(random() * 45);
					const closedAt = new Date(createdAt.getTime() + closeAfter * 86_400_000);
					const finished = closedAt < now;
					const done = finished && random() < 0.85;
					const status = done ? 'done' : finished ? 'cancelled' : 'in_progress';
					const due = new Date(createdAt.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
					rows.push({
						groupId: group.id,
						title: ACTION_TITLES[Math.floor(random() * ACTION_TITLES.length)],
						ownerId: owner.userId,
						ownerOrganisationId: owner.organisationId,
						dueDate: due,
						status: status as 'done' | 'cancelled' | 'in_progress',
						createdById: lead?.userId ?? null,
						createdAt,
						updatedAt: finished ? closedAt : createdAt,
						closedAt: finished ? closedAt : null
					});
				}
			}
			if (rows.length) await tx.insert(actions).values(rows);
		}
	});
}

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
import { addDays, parisLocalToDate, todayInParis } from '../dates';
import { MEETING_PLACES, pickOther, textsFor } from './history-texts';
import { isWorkingDay, workingDay } from './working-days';

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

/** A small deterministic pseudo-random sequence (the same demo every time). */
function sequence(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

/**
 * A working day of the month `back` months before `now`'s (Paris): the `day`th, or the next
 * working day after it (the one before it with `direction` -1), at a wall-clock time in Paris.
 */
function monthDay(now: Date, back: number, day: number, time: string, direction: 1 | -1 = 1): Date {
	const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day, 12));
	return parisLocalToDate(`${workingDay(first.toISOString().slice(0, 10), direction)}T${time}`)!;
}

/** The latest working day of this month before `now`, at 16:00 (or just before now). */
function lastWorkingMoment(now: Date): Date {
	const today = todayInParis(now);
	for (let day = today; day.slice(0, 7) === today.slice(0, 7); day = addDays(day, -1)) {
		const at = parisLocalToDate(`${day}T16:00`)!;
		if (isWorkingDay(day) && at < now) return at;
	}
	return new Date(now.getTime() - 3_600_000);
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

			const texts = textsFor(group.slug);
			const weathers = WEATHER[group.slug] ?? [];
			let lastMoved: string | undefined;
			const checkInRows = weathers.map((weather, i) => {
				const back = 11 - i;
				// Written on the last working day before the 25th; this month's, never in the future.
				const day = monthDay(now, back, 24, '16:00', -1);
				const at = day > now ? lastWorkingMoment(now) : day;
				const month = at.toISOString().slice(0, 7);
				lastMoved = pickOther(texts.moved, random, lastMoved);
				return {
					groupId: group.id,
					period: month,
					authorId: lead?.userId ?? null,
					weather,
					moved: lastMoved,
					blocks: weather === 'on_track' ? '' : pickOther(texts.blocks, random),
					help: weather === 'off_track' ? pickOther(texts.help, random) : '',
					createdAt: at,
					updatedAt: at
				};
			});
			// Twelve entries answer this month too; eleven leave this month's check-in to be done.
			if (checkInRows.length) await tx.insert(checkIns).values(checkInRows).onConflictDoNothing();

			// A meeting a month from eleven to three months ago (the demo meetings cover the rest).
			for (let back = 11; back >= 3; back--) {
				const time = back % 2 ? '09:30' : '14:00';
				const startsAt = monthDay(now, back, 8 + Math.floor(random() * 14), time);
				const [meeting] = await tx
					.insert(meetings)
					.values({
						groupId: group.id,
						title: texts.meeting,
						startsAt,
						endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
						placeKind: 'address',
						placeText: MEETING_PLACES[back % MEETING_PLACES.length],
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
					const createdAt = monthDay(now, back, 3 + Math.floor(random() * 20), '10:15');
					const closeAfter = 15 + Math.floor(random() * 45);
					const closedAt = new Date(createdAt.getTime() + closeAfter * 86_400_000);
					const finished = closedAt < now;
					const done = finished && random() < 0.85;
					const status = done ? 'done' : finished ? 'cancelled' : 'in_progress';
					const due = workingDay(addDays(todayInParis(createdAt), 30));
					rows.push({
						groupId: group.id,
						title: pickOther(texts.actions, random),
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

import { db } from '$lib/server/db';
import { eventCheckIns, eventRegistrations, eventSites, events } from '$lib/server/db/schema';
import { addDays, parisLocalToDate } from '$lib/server/dates';
import { firstTuesdayFrom, insertSlots, type SlotPlan } from './event-plan';

// The demo's previous edition of the open-house event: held eight months ago, its visitors'
// names long erased, its counts and arrivals kept, so that the dashboard and the report have a
// year to compare this one with.

interface Host {
	id: string;
	name: string;
	town: string;
	sector: string;
}

const PLAN: SlotPlan = [
	['09:00', 'school', 26],
	['10:30', 'school', 26],
	['14:00', 'public', 15],
	['16:00', 'job_seekers', 10]
];

export async function seedLastEdition(
	groupId: string | null,
	authorId: string | null,
	hosts: Host[]
): Promise<void> {
	// Eight months ago, from a Tuesday.
	const start = firstTuesdayFrom(-240);
	const days = [0, 1, 2, 3].map((n) => addDays(start, n));
	const [event] = await db
		.insert(events)
		.values({
			slug: 'route-de-l-industrie-2026',
			name: 'La route de l’industrie 2026',
			groupId,
			description:
				'La première édition : quatre jours de portes ouvertes dans une vingtaine d’entreprises.',
			startsOn: days[0],
			endsOn: days[3],
			registrationOpensAt: parisLocalToDate(`${addDays(days[0], -45)}T09:00`)!,
			registrationClosesAt: parisLocalToDate(`${addDays(days[0], -2)}T18:00`)!,
			status: 'finished',
			maxPeople: 6,
			createdById: authorId,
			anonymisedAt: new Date()
		})
		.returning();
	const sites = await db
		.insert(eventSites)
		.values(
			hosts.slice(0, 22).map((o, i) => ({
				eventId: event.id,
				organisationId: o.id,
				name: o.name,
				address: `${3 + ((i * 7) % 40)} rue de l’Industrie`,
				postcode: '67600',
				town: o.town,
				sector: o.sector,
				wheelchair: i % 3 !== 2
			}))
		)
		.returning();
	const slots = await insertSlots(event.id, sites, days, PLAN);
	// About two thirds of the places taken; most parties came, a few never did; walk-ins at the
	// afternoon visits. Names and addresses are gone, as after the retention time.
	const registrations: (typeof eventRegistrations.$inferInsert & { id: string })[] = [];
	const arrivals: (typeof eventCheckIns.$inferInsert)[] = [];
	slots.forEach((slot, i) => {
		const school = slot.audience === 'school';
		const party = school ? 13 : 2;
		const target = Math.floor((slot.capacity * (55 + ((i * 37) % 40))) / 100);
		for (let taken = 0, n = 0; taken + party <= target; taken += party, n++) {
			const id = crypto.randomUUID();
			registrations.push({
				id,
				eventId: event.id,
				slotId: slot.id,
				kind: school ? 'class' : 'visitor',
				status: 'confirmed',
				name: '',
				people: party,
				pupils: school ? party - 2 : null,
				adults: school ? 2 : null,
				school: school ? ['Collège Jean-Mentel', 'Lycée Koeberlé', 'Lycée Freppel'][n % 3] : null,
				confirmedAt: slot.startsAt
			});
			if ((i + n) % 7 !== 3)
				arrivals.push({
					id: crypto.randomUUID(),
					eventId: event.id,
					slotId: slot.id,
					registrationId: id,
					people: party,
					scannedAt: slot.startsAt
				});
		}
		if (!school && i % 2 === 0)
			arrivals.push({
				id: crypto.randomUUID(),
				eventId: event.id,
				slotId: slot.id,
				people: 1 + (i % 3),
				scannedAt: slot.startsAt
			});
	});
	for (let i = 0; i < registrations.length; i += 500)
		await db.insert(eventRegistrations).values(registrations.slice(i, i + 500));
	for (let i = 0; i < arrivals.length; i += 500)
		await db.insert(eventCheckIns).values(arrivals.slice(i, i + 500));
}

// The event bench:event registers onto: 40 sites of the demo's organisations, four days from
// forty days on, four slots a day (two for classes, one for the general public, one for job
// seekers), registrations open. Written straight into the database before the server starts.
import type { SeedDatabase } from './large/database.ts';

export type RushSlot = {
	id: string;
	audience: 'school' | 'public' | 'job_seekers';
	capacity: number;
};

export interface Rush {
	eventId: string;
	slug: string;
	sites: number;
	siteIds: string[];
	slots: RushSlot[];
	capacity: number;
}

const SLUG = 'ruee-des-inscriptions';
const SITES = 40;

export async function seedRush(db: SeedDatabase): Promise<Rush> {
	const [event] = await db.query<{ id: string }>(
		`insert into events (slug, name, description, starts_on, ends_on, registration_opens_at,
			registration_closes_at, status, max_people)
		values ($1, 'La ruée des inscriptions', 'Quarante sites, quatre jours.', current_date + 40,
			current_date + 43, now() - interval '1 hour', now() + interval '30 days', 'open', 6)
		returning id`,
		[SLUG]
	);
	const sites = await db.query<{ id: string }>(
		`insert into event_sites (event_id, organisation_id, name, address, postcode, town, sector)
		select $1, o.id, o.name || ' — ' || n, n || ' rue de l’Industrie', '67600',
			coalesce(nullif(o.town, ''), 'Sélestat'), o.sector
		from generate_series(1, ${SITES}) n
		join lateral (select id, name, town, sector from organisations order by name
			offset (n - 1) % (select count(*) from organisations) limit 1) o on true
		returning id`,
		[event.id]
	);
	const slots = await db.query<RushSlot>(
		`insert into event_slots (event_id, site_id, starts_at, duration_minutes, capacity, audience)
		select $1, s.id, ((current_date + 40 + d)::text || ' ' || p.at)::timestamp at time zone 'Europe/Paris',
			90, p.capacity, p.audience::event_audience
		from event_sites s cross join generate_series(0, 3) d
		cross join (values ('09:00', 28, 'school'), ('10:30', 28, 'school'), ('14:00', 20, 'public'),
			('16:00', 12, 'job_seekers')) p(at, capacity, audience)
		where s.event_id = $1
		returning id, audience, capacity`,
		[event.id]
	);
	return {
		eventId: event.id,
		slug: SLUG,
		sites: sites.length,
		siteIds: sites.map((s) => s.id),
		slots,
		capacity: slots.reduce((n, s) => n + s.capacity, 0)
	};
}

// The groups' monthly check-ins: a weather that drifts from month to month, a few months
// skipped, and many groups that have not answered the current month yet.
import { insertRows, iso, writeActivity } from './database.ts';
import { BLOCKS, HELP, MOVED } from './names.ts';
import { DAY, type Group } from './network.ts';
import { activeWindow } from './meetings.ts';

type Weather = 'on_track' | 'at_risk' | 'off_track';

/** How the weather drifts from one month to the next, by weight. */
const NEXT_WEATHER: Record<Weather, [Weather, number][]> = {
	on_track: [
		['on_track', 85],
		['at_risk', 12],
		['off_track', 3]
	],
	at_risk: [
		['on_track', 40],
		['at_risk', 45],
		['off_track', 15]
	],
	off_track: [
		['on_track', 15],
		['at_risk', 40],
		['off_track', 45]
	]
};

/**
 * A check-in per group and month while the group is alive (a few months skipped, and many groups
 * not yet answered this month), with the activity entries.
 */
export async function writeCheckIns(
	db: import('./database.ts').SeedDatabase,
	random: import('./random.ts').Random,
	groups: Group[],
	{ now }: { now: number }
) {
	const rows = [];
	const current = new Date(now).toISOString().slice(0, 7);
	for (const g of groups) {
		const { from, to } = activeWindow(g, now);
		let weather: Weather = random.chance(0.8) ? 'on_track' : 'at_risk';
		const start = new Date(from);
		for (let y = start.getUTCFullYear(), mo = start.getUTCMonth(); ; mo++) {
			const first = Date.UTC(y, mo, 1);
			if (first > to) break;
			const period = new Date(first).toISOString().slice(0, 7);
			weather = random.weighted(NEXT_WEATHER[weather]);
			if (g.status === 'paused' && to - first < 60 * DAY) weather = 'at_risk';
			const answered = period === current ? random.chance(0.55) : !random.chance(0.08);
			const at = Math.min(now - 3_600_000, first + random.int(14, 27) * DAY + 9 * 3_600_000);
			if (!answered || at < first) continue;
			rows.push({
				id: random.uuid(),
				group_id: g.id,
				period,
				author_id: random.pick(g.leads).id,
				weather,
				moved: random.pick(MOVED),
				blocks: weather === 'on_track' ? '' : random.pick(BLOCKS),
				help: weather === 'off_track' ? random.pick(HELP) : '',
				created_at: iso(at),
				updated_at: iso(at)
			});
		}
	}
	const checkIns = await insertRows(
		db,
		'check_ins',
		{
			id: 'uuid',
			group_id: 'uuid',
			period: 'text',
			author_id: 'uuid',
			weather: 'check_in_weather',
			moved: 'text',
			blocks: 'text',
			help: 'text',
			created_at: 'timestamptz',
			updated_at: 'timestamptz'
		},
		rows
	);
	const activity = await writeActivity(
		db,
		rows.map((r) => ({
			id: random.uuid(),
			group_id: r.group_id,
			actor_id: r.author_id,
			subject_type: 'check_in',
			subject_id: r.id,
			verb: 'created',
			label: r.period,
			after: { weather: r.weather },
			created_at: r.created_at
		}))
	);
	return { check_ins: checkIns, activity };
}

// Actions over two years: opened month by month (more lately, as the network grows), most of
// the older ones done, some cancelled, the rest open, in progress or blocked (and many of those
// overdue), each owned by a member of the group and counted for the owner's organisation.
import { insertRows, iso } from './database.ts';
import { ACTION_OBJECTS, ACTION_VERBS, SENTENCES } from './names.ts';
import { DAY } from './network.ts';
import { activeWindow } from './meetings.ts';
import { allocate, cumulate } from './random.ts';

/** The latest meeting of a sorted list that started before `at`, within `days`. */
function meetingBefore(list: import('./meetings.ts').MeetingPlan[], at: number, days = 45) {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (list[mid].startsAt < at) lo = mid + 1;
		else hi = mid;
	}
	const m = list[lo - 1];
	return m && m.status === 'held' && at - m.startsAt < days * DAY ? m : null;
}

export async function writeActions(
	db: import('./database.ts').SeedDatabase,
	random: import('./random.ts').Random,
	groups: import('./network.ts').Group[],
	meetings: Map<import('./network.ts').Group, import('./meetings.ts').MeetingPlan[]>,
	{ actions, events, now }: { actions: number; events: boolean; now: number }
) {
	const windows = groups.map((g) => activeWindow(g, now));
	const counts = allocate(
		actions,
		groups.map((g, i) => g.weight * (windows[i].to - windows[i].from))
	);
	const written: {
		id: string;
		createdBy: string;
		created: number;
		closed: number | null;
		status: string;
	}[] = [];
	const rows = function* () {
		for (const [i, g] of groups.entries()) {
			const { from, to } = windows[i];
			const doers = g.members.filter((m) => m.role !== 'observer');
			const weights = cumulate(doers.map((m) => m.person.weight));
			for (let k = 0; k < counts[i]; k++) {
				// More actions lately: the network grows.
				const created = Math.min(now - 3_600_000, from + (to - from) * random.next() ** 0.8);
				const limit = Math.min(now, g.endsAt);
				const age = (now - created) / DAY;
				let [owner] = random.sample(doers, weights, 1);
				for (let tries = 0; owner.joinedAt > created && tries < 4; tries++) {
					[owner] = random.sample(doers, weights, 1);
				}
				const person = random.chance(0.92) ? owner.person : null;
				let status = random.weighted([
					['open', 55],
					['in_progress', 35],
					['blocked', 10]
				]);
				let closed = null;
				if (random.chance(0.95 * (1 - Math.exp(-age / 40)))) {
					const delay = Math.min(random.exponential(25 * DAY), random.next() * (limit - created));
					if (created + delay <= limit) {
						closed = created + delay;
						status = random.chance(0.07) ? 'cancelled' : 'done';
					}
				}
				const id = random.uuid();
				const createdBy = random.chance(0.6) ? random.pick(g.leads).id : owner.person.id;
				const meeting = random.chance(0.35) ? meetingBefore(meetings.get(g) ?? [], created) : null;
				if (events) written.push({ id, createdBy, created, closed, status });
				yield {
					id,
					group_id: g.id,
					title: `${random.pick(ACTION_VERBS)} ${random.pick(ACTION_OBJECTS)}`,
					description: random.chance(0.2) ? random.pick(SENTENCES) : '',
					owner_id: person?.id ?? null,
					owner_organisation_id: person?.org.id ?? null,
					due_date: random.chance(0.85)
						? iso(created + random.int(7, 90) * DAY).slice(0, 10)
						: null,
					status,
					meeting_id: meeting?.id ?? null,
					created_by_id: createdBy,
					created_at: iso(created),
					updated_at: iso(closed ?? created + random.next() * (limit - created)),
					closed_at: closed === null ? null : iso(closed)
				};
			}
		}
	};
	const result = {} as Record<string, number>;
	result.actions = await insertRows(
		db,
		'actions',
		{
			id: 'uuid',
			group_id: 'uuid',
			title: 'text',
			description: 'text',
			owner_id: 'uuid',
			owner_organisation_id: 'uuid',
			due_date: 'date',
			status: 'action_status',
			meeting_id: 'uuid',
			created_by_id: 'uuid',
			created_at: 'timestamptz',
			updated_at: 'timestamptz',
			closed_at: 'timestamptz'
		},
		rows()
	);
	if (events) {
		result.action_events = await insertRows(
			db,
			'action_events',
			{
				id: 'uuid',
				action_id: 'uuid',
				actor_id: 'uuid',
				kind: 'text',
				changes: 'jsonb',
				created_at: 'timestamptz'
			},
			(function* () {
				for (const a of written) {
					yield {
						id: random.uuid(),
						action_id: a.id,
						actor_id: a.createdBy,
						kind: 'created',
						changes: null,
						created_at: iso(a.created)
					};
					if (a.closed !== null) {
						yield {
							id: random.uuid(),
							action_id: a.id,
							actor_id: a.createdBy,
							kind: 'updated',
							changes: { status: ['in_progress', a.status] },
							created_at: iso(a.closed)
						};
					}
				}
			})()
		);
	}
	return result;
}

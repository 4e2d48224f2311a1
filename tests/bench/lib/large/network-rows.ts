// The network's rows: settings, organisations, people, groups, memberships, the groups'
// objectives, and the activity entries of their creation.
import { insertRows, iso, writeActivity } from './database.ts';
import { COLORS, OBJECTIVES } from './names.ts';
import { DAY, NETWORK_NAME, type Network } from './network.ts';

/**
 * Writes the network: settings, organisations, people, groups, memberships, objectives, and
 * the activity of their creation.
 */
export async function writeNetwork(
	db: import('./database.ts').SeedDatabase,
	random: import('./random.ts').Random,
	network: Network,
	{ passwordHash, now }: { passwordHash: string; now: number }
) {
	const { orgs, people, groups, coordinator } = network;
	await db.query(
		`insert into settings (key, value) values ('network.name', to_jsonb($1::text))
		 on conflict (key) do update set value = excluded.value`,
		[NETWORK_NAME]
	);
	// The network's own themes join the list the migration started (groups reference it).
	await db.query(
		`insert into themes (key, label_fr, label_en, position)
		 select t, t, t, 100 + row_number() over (order by t)
		 from json_array_elements_text($1::text::json) as t
		 on conflict (key) do nothing`,
		[JSON.stringify([...new Set(groups.map((g) => g.theme))])]
	);
	const counts = {} as Record<string, number>;
	counts.organisations = await insertRows(
		db,
		'organisations',
		{
			id: 'uuid',
			name: 'text',
			kind: 'organisation_kind',
			town: 'text',
			sector: 'text',
			created_at: 'timestamptz'
		},
		orgs.map((o) => ({ ...o, created_at: iso(now - 1000 * DAY) }))
	);
	counts.users = await insertRows(
		db,
		'users',
		{
			id: 'uuid',
			email: 'text',
			name: 'text',
			password_hash: 'text',
			role: 'network_role',
			organisation_id: 'uuid',
			created_at: 'timestamptz'
		},
		people.map((p) => ({
			id: p.id,
			email: p.email,
			name: p.name,
			password_hash: passwordHash,
			role: p.role,
			organisation_id: p.org.id,
			created_at: iso(p.createdAt)
		}))
	);
	counts.groups = await insertRows(
		db,
		'groups',
		{
			id: 'uuid',
			slug: 'text',
			name: 'text',
			theme: 'text',
			description: 'text',
			purpose: 'jsonb',
			color: 'text',
			status: 'group_status',
			join_policy: 'join_policy',
			created_at: 'timestamptz',
			updated_at: 'timestamptz'
		},
		groups.map((g) => ({
			id: g.id,
			slug: g.slug,
			name: g.name,
			theme: g.theme,
			description: `Groupe de travail du réseau : ${g.name.split(' — ')[0].toLowerCase()} autour de ${g.name.split(' — ')[1]}.`,
			purpose: {
				type: 'doc',
				content: [
					{
						type: 'paragraph',
						content: [
							{
								type: 'text',
								text: `Avancer ensemble sur ${g.name.split(' — ')[0].toLowerCase()}, entre entreprises voisines.`
							}
						]
					}
				]
			},
			color: random.pick(COLORS),
			status: g.status,
			join_policy: random.chance(0.4) ? 'open' : 'closed',
			created_at: iso(g.createdAt),
			updated_at: iso(Math.min(g.endsAt, now))
		}))
	);
	counts.group_members = await insertRows(
		db,
		'group_members',
		{
			group_id: 'uuid',
			user_id: 'uuid',
			role: 'group_role',
			joined_at: 'timestamptz',
			last_seen_at: 'timestamptz'
		},
		groups.flatMap((g) =>
			g.members.map((m) => ({
				group_id: g.id,
				user_id: m.person.id,
				role: m.role,
				joined_at: iso(m.joinedAt),
				last_seen_at: iso(m.joinedAt + random.next() * (now - m.joinedAt))
			}))
		)
	);
	const goals: Record<string, unknown>[] = [];
	const log: Record<string, unknown>[] = [];
	for (const g of groups) {
		log.push({
			id: random.uuid(),
			group_id: g.id,
			actor_id: coordinator.id,
			subject_type: 'group',
			subject_id: g.id,
			verb: 'created',
			label: g.name,
			after: null,
			created_at: iso(g.createdAt)
		});
		for (const m of g.members) {
			log.push({
				id: random.uuid(),
				group_id: g.id,
				actor_id: g.leads[0].id,
				subject_type: 'membership',
				subject_id: m.person.id,
				verb: 'added',
				label: m.person.name,
				after: { role: m.role },
				created_at: iso(m.joinedAt)
			});
		}
		const n = random.int(3, 8);
		for (let position = 0; position < n; position++) {
			const id = random.uuid();
			const age = (Math.min(g.endsAt, now) - g.createdAt) / DAY;
			const created = g.createdAt + random.int(0, Math.floor(age / 3)) * DAY;
			const status = random.weighted([
				['achieved', 1 + age / 300],
				['in_progress', 2],
				['not_started', 1],
				['dropped', 0.3]
			]);
			const title = random
				.pick(OBJECTIVES)
				.replace('{n}', String(random.pick([3, 5, 10, 15, 20, 50])));
			goals.push({
				id,
				group_id: g.id,
				title,
				target_date: iso(created + random.int(90, 540) * DAY).slice(0, 10),
				status,
				position,
				created_at: iso(created),
				updated_at: iso(created + random.next() * (Math.min(g.endsAt, now) - created))
			});
			log.push({
				id: random.uuid(),
				group_id: g.id,
				actor_id: g.leads[0].id,
				subject_type: 'objective',
				subject_id: id,
				verb: 'created',
				label: title,
				after: null,
				created_at: iso(created)
			});
		}
	}
	counts.objectives = await insertRows(
		db,
		'objectives',
		{
			id: 'uuid',
			group_id: 'uuid',
			title: 'text',
			target_date: 'date',
			status: 'objective_status',
			position: 'integer',
			created_at: 'timestamptz',
			updated_at: 'timestamptz'
		},
		goals
	);
	counts.activity = await writeActivity(db, log);
	return counts;
}

// Discussion threads in the groups and their messages: most posted to the thread, some replies,
// over a few weeks after the thread opened. Sized by --threads and --messages, so that the
// search benchmark can ask for hundreds of thousands of messages.
import { insertRows, iso, writeActivity } from './database.ts';
import { SENTENCES, THREAD_TITLES } from './names.ts';
import { DAY } from './network.ts';
import { activeWindow } from './meetings.ts';
import { sentence } from './prose.ts';
import { allocate } from './random.ts';

/**
 * A message of one to four sentences, as the editor's JSON and as plain words: now and then one
 * of the short replies people write, mostly sentences about the group's work.
 */
function message(random: import('./random.ts').Random, ctx: import('./prose.ts').ProseContext) {
	const sentences = Array.from({ length: random.int(1, 4) }, () =>
		random.chance(0.25) ? random.pick(SENTENCES) : sentence(random, ctx)
	);
	return {
		body: {
			type: 'doc',
			content: sentences.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }))
		},
		text: sentences.join('\n')
	};
}

export async function writeThreads(
	db: import('./database.ts').SeedDatabase,
	random: import('./random.ts').Random,
	groups: import('./network.ts').Group[],
	{
		threads,
		messages,
		now,
		companies
	}: { threads: number; messages: number; now: number; companies: string[] }
) {
	const perGroup = allocate(
		threads,
		groups.map((g) => g.weight * g.members.length)
	);
	const plan = groups.flatMap((g, i) => {
		const { from, to } = activeWindow(g, now);
		return Array.from({ length: perGroup[i] }, () => ({
			id: random.uuid(),
			group: g,
			title: random.pick(THREAD_TITLES),
			author: random.pick(g.members).person,
			createdAt: from + random.next() * (Math.min(to, now) - from),
			weight: random.next() ** 2 + 0.05
		}));
	});
	const sizes = allocate(
		messages,
		plan.map((t) => t.weight)
	);
	const counts = {} as Record<string, number>;
	counts.threads = await insertRows(
		db,
		'threads',
		{
			id: 'uuid',
			group_id: 'uuid',
			title: 'text',
			author_id: 'uuid',
			created_at: 'timestamptz',
			last_message_at: 'timestamptz'
		},
		plan.map((t) => ({
			id: t.id,
			group_id: t.group.id,
			title: t.title,
			author_id: t.author.id,
			created_at: iso(t.createdAt),
			last_message_at: iso(t.createdAt)
		}))
	);
	counts.thread_messages = await insertRows(
		db,
		'thread_messages',
		{
			id: 'uuid',
			thread_id: 'uuid',
			author_id: 'uuid',
			parent_id: 'uuid',
			display_parent_id: 'uuid',
			level: 'integer',
			root_id: 'uuid',
			body: 'jsonb',
			body_text: 'text',
			created_at: 'timestamptz'
		},
		(function* () {
			for (const [i, t] of plan.entries()) {
				const ctx = {
					people: t.group.members.map((m) => m.person.name),
					companies,
					theme: t.group.theme
				};
				const roots: string[] = [];
				let at = t.createdAt;
				const gap = Math.min(2 * DAY, (now - t.createdAt) / (sizes[i] + 1));
				for (let k = 0; k < sizes[i]; k++) {
					const id = random.uuid();
					const reply = k > 0 && random.chance(0.3);
					const root = reply ? random.pick(roots) : id;
					if (!reply) roots.push(id);
					const { body, text } = message(random, ctx);
					yield {
						id,
						thread_id: t.id,
						author_id: k === 0 ? t.author.id : random.pick(t.group.members).person.id,
						parent_id: reply ? root : null,
						display_parent_id: reply ? root : null,
						level: reply ? 2 : 1,
						root_id: root,
						body,
						body_text: text,
						created_at: iso(at)
					};
					// Every other day or so; a busy thread's messages spread over its whole life
					// rather than piling up at the end of the history.
					at = Math.min(now - 60_000, at + random.exponential(gap));
				}
			}
		})()
	);
	await db.query(
		`update threads t set last_message_at = m.last
		 from (select thread_id, max(created_at) as last from thread_messages group by thread_id) m
		 where m.thread_id = t.id`
	);
	counts.activity = await writeActivity(
		db,
		plan.map((t) => ({
			id: random.uuid(),
			group_id: t.group.id,
			actor_id: t.author.id,
			subject_type: 'thread',
			subject_id: t.id,
			verb: 'created',
			label: t.title,
			after: null,
			created_at: iso(t.createdAt)
		}))
	);
	return counts;
}

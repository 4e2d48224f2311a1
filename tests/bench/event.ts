// `npm run bench:event`: the rush when an open-house event opens its registrations. On the demo
// network (fresh database), an event of 40 sites × 4 days × 4 slots is added; then thousands of
// simulated visitors and teachers each open a slot's public form, take the time a person takes
// (the form refuses quicker ones), and send it through the production server, arriving at an
// even pace over the run, most of them onto a few popular slots, each from its own address (as
// a reverse proxy would say it). Meanwhile people browse the event's public pages at a steady rate. After
// the run the database is read: no slot may hold more than its capacity, every registration
// the server accepted must be there, with exactly one e-mail. A benchmark, not a test.
//
//   npm run bench:event
//   npm run bench:event -- --registrations 3000 --duration 60
//   npm run bench:event -- --database-url postgres://postgres@127.0.0.1:5432/postgres
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild } from '../support/build.ts';
import { createDatabase, loopbackDatabaseUrl } from '../support/database.ts';
import { startServer } from '../support/server.ts';
import { cleanups, main } from './lib/cleanup.ts';
import { seedRush, type RushSlot } from './lib/event-rush.ts';
import { openDatabase } from './lib/large/database.ts';
import { formatTable, loadAverage, round, Samples, writeResults } from './lib/measure.ts';

const root = resolve(import.meta.dirname, '../..');

const USAGE = `Usage: npm run bench:event -- [options]

  --database-url URL    a PostgreSQL server: a scratch database is created there and dropped at
                        the end (default: PGlite in a temporary folder)
  --registrations N     registrations sent (default 3000)
  --duration S          seconds they arrive over (default 60)
  --page-rate N         public pages loaded a second meanwhile, by people browsing (default 20)
  --json PATH           where to write the results (default bench-results/event.json)
  --cpu-prof DIR        the server writes a V8 CPU profile of the run there
`;

const { values: args } = parseArgs({
	options: {
		'database-url': { type: 'string' },
		registrations: { type: 'string', default: '3000' },
		duration: { type: 'string', default: '60' },
		'page-rate': { type: 'string', default: '20' },
		json: { type: 'string', default: 'bench-results/event.json' },
		'cpu-prof': { type: 'string' },
		help: { type: 'boolean', default: false }
	}
});
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
const total = Number(args.registrations);
const durationMs = Number(args.duration) * 1000;
const pageRate = Number(args['page-rate']);

/** The goals of the issue that asked for this run (docs/benchmarks.md). */
const GOALS = { registrationP99Ms: 300, publicP99Ms: 100 };
/** A person takes longer than the form's least time (3 s) to fill it. */
const FILL_MS = 3_200;
/** Share of the registrations aimed at the popular slots, and how many slots are popular. */
const HOT_SHARE = 0.7;
const HOT_SLOTS = 24;
/** Registrations sent at once before the measured run. */
const WARMUP = 20;

/** A deterministic pseudo-random sequence, so that two runs send the same registrations. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

interface Planned {
	n: number;
	slot: RushSlot;
	email: string;
	/** The client's address, as the proxy says it: a handful of registrations each. */
	address: string;
	fields: Record<string, string>;
}

function plan(slots: RushSlot[]): Planned[] {
	const next = random(2027);
	// The popular slots, drawn once (the same every run): of every audience, at any site.
	const shuffled = [...slots];
	for (let i = shuffled.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
	}
	const hot = shuffled.slice(0, HOT_SLOTS);
	const planned: Planned[] = [];
	for (let n = 0; n < total; n++) {
		const pool = next() < HOT_SHARE ? hot : slots;
		const slot = pool[Math.floor(next() * pool.length)];
		const email = `visiteur.${n}@bench.test`;
		const common = { name: `Visiteur ${n}`, email, consent: 'on', website: '' };
		const fields: Record<string, string> =
			slot.audience === 'school'
				? {
						...common,
						school: `Collège ${n % 40}`,
						classLevel: '4e',
						pupils: String(16 + Math.floor(next() * 10)),
						adults: '2',
						phone: '0388000000'
					}
				: { ...common, people: String(1 + Math.floor(next() * 4)), phone: '' };
		// Half of those who find the slot full ask to wait.
		if (next() < 0.5) fields.waitingList = '1';
		planned.push({
			n,
			slot,
			email,
			address: `10.${(n >> 14) & 255}.${(n >> 6) & 255}.${(n % 64) + 1}`,
			fields
		});
	}
	return planned;
}

/** The signed time the form was shown at, in its hidden field. */
const STARTED = /name="started"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="started"/;

await main('bench:event', async () => {
	ensureBuild(root);
	const serverUrl = args['database-url'];
	const scratch = serverUrl
		? await createDatabase(loopbackDatabaseUrl(serverUrl).toString(), 'maillage_bench_event')
		: null;
	if (scratch) cleanups.push(() => scratch.drop());
	const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-event-'));
	cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
	const databaseUrl = scratch?.url ?? null;
	const database = scratch ? 'postgresql' : 'pglite';
	console.log(`The demo network on ${scratch ? `PostgreSQL (${scratch.name})` : 'PGlite'}, fresh`);
	const seeding = await startServer({ root, databaseUrl, dataDir, demo: true });
	await seeding.stop();
	let db = await openDatabase({
		root,
		dataDir: scratch ? undefined : dataDir,
		url: databaseUrl ?? undefined,
		migrate: false
	});
	const rush = await seedRush(db).finally(() => db.close());
	console.log(
		`Event ${rush.slug}: ${rush.sites} sites, ${rush.slots.length} slots, ${rush.capacity} places`
	);
	const server = await startServer({
		root,
		databaseUrl,
		dataDir,
		demo: false,
		cpuProfileDir: args['cpu-prof'] ?? null,
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
	cleanups.push(() => server.stop());
	const origin = server.origin;

	const planned = plan(rush.slots);
	// A server just started compiles each route's code on its first use: a few of each request
	// first, on slots the run does not measure, so that the run sees a warm server.
	const warmups = plan(rush.slots)
		.slice(0, WARMUP)
		.map((p, i) => ({
			...p,
			email: `essai.${i}@bench.test`,
			fields: { ...p.fields, email: `essai.${i}@bench.test` }
		}));
	const registration = new Samples();
	const form = new Samples();
	const publicPages = new Samples();
	/** The floor: a static file, asked at the pages' rate, through the same server meanwhile. */
	const floor = new Samples();
	const outcomes = new Map<string, number>();
	const accepted = new Set<string>();
	const count = (key: string) => {
		if (!warming) outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
	};
	let began = performance.now();
	let running = true;
	let warming = false;

	/** Registrations' latencies by the second they were sent in, to see when the slow ones were. */
	const bySecond = new Map<number, Samples>();
	async function timed<T>(samples: Samples, work: () => Promise<T>): Promise<T> {
		const t0 = performance.now();
		try {
			return await work();
		} finally {
			const ms = performance.now() - t0;
			if (!warming) samples.add(ms);
			if (samples === registration && !warming) {
				const second = Math.floor((t0 - began) / 1000);
				(bySecond.get(second) ?? bySecond.set(second, new Samples()).get(second)!).add(ms);
			}
		}
	}

	async function send(p: Planned) {
		const path = `/${rush.slug}/creneaux/${p.slot.id}`;
		const headers = { 'x-forwarded-for': p.address };
		const page = await timed(form, () => fetch(origin + path, { headers }));
		const html = await page.text();
		const match = STARTED.exec(html);
		if (page.status !== 200 || !match) return count(`form ${page.status}`);
		await new Promise((r) => setTimeout(r, FILL_MS));
		const body = new URLSearchParams({ ...p.fields, started: match[1] ?? match[2] });
		const answer = await timed(registration, () =>
			fetch(origin + path, {
				method: 'POST',
				headers: {
					...headers,
					origin,
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'text/html'
				},
				body,
				redirect: 'manual'
			})
		);
		await answer.arrayBuffer();
		if (answer.status === 303 && answer.headers.get('location')?.startsWith('/inscription/')) {
			accepted.add(p.email);
			count('accepted');
		} else count(`refused ${answer.status}`);
	}

	/** One page view: the event's page, or one of its sites'. */
	async function view(next: () => number) {
		const still = await timed(floor, () => fetch(`${origin}/robots.txt`));
		await still.arrayBuffer();
		const site = rush.siteIds[Math.floor(next() * rush.siteIds.length)];
		const path = next() < 0.4 ? `/${rush.slug}` : `/${rush.slug}/sites/${site}`;
		const response = await timed(publicPages, () => fetch(origin + path));
		await response.arrayBuffer();
		if (response.status !== 200) count(`public page ${response.status}`);
	}

	/** Page views at a steady rate while the registrations arrive, whatever their answers take. */
	async function browse() {
		const next = random(7);
		const views: Promise<void>[] = [];
		for (let k = 0; running; k++) {
			const due = began + (k * 1000) / pageRate;
			await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
			if (running) views.push(view(next).catch((e: Error) => count(`error ${e.message}`)));
		}
		await Promise.all(views);
	}

	console.log(
		`Sending ${total} registrations over ${durationMs / 1000} s (${round(total / (durationMs / 1000), 1)}/s), ` +
			`${Math.round(HOT_SHARE * 100)} % onto ${HOT_SLOTS} popular slots, and ${pageRate} page views/s…`
	);
	warming = true;
	await Promise.all([
		...warmups.map(send),
		...Array.from({ length: 10 }, (_, k) => view(random(k)))
	]);
	warming = false;
	began = performance.now();
	const loadBefore = loadAverage();
	const reading = browse();
	const sending = planned.map(async (p) => {
		const at = (p.n * durationMs) / total;
		await new Promise((r) => setTimeout(r, at));
		await send(p).catch((e: Error) => count(`error ${e.message}`));
	});
	await Promise.all(sending);
	running = false;
	await reading;
	const elapsed = (performance.now() - began) / 1000;
	const loadAfter = loadAverage();
	await server.stop();

	// What the database holds.
	db = await openDatabase({
		root,
		dataDir: scratch ? undefined : dataDir,
		url: databaseUrl ?? undefined,
		migrate: false
	});
	const check = await db
		.query<{
			overbooked: number;
			confirmed: number;
			waiting: number;
			offered: number;
			people: number;
		}>(
			`select
			(select count(*)::int from (select s.id from event_slots s join event_registrations r on r.slot_id = s.id
				where s.event_id = $1 and r.status in ('confirmed', 'pending', 'offered')
				group by s.id, s.capacity having sum(r.people) > s.capacity) o) as overbooked,
			(select count(*)::int from event_registrations where event_id = $1 and status = 'confirmed') as confirmed,
			(select count(*)::int from event_registrations where event_id = $1 and status = 'waiting') as waiting,
			(select count(*)::int from event_registrations where event_id = $1 and status = 'offered') as offered,
			(select coalesce(sum(people), 0)::int from event_registrations where event_id = $1 and status = 'confirmed') as people`,
			[rush.eventId]
		)
		.then((rows) => rows[0]);
	const stored = await db.query<{ email: string; mails: number }>(
		`select r.email, (select count(*)::int from outbox o where o."to" = r.email and o.kind like 'event.%') as mails
		from event_registrations r where r.event_id = $1 and r.email like '%@bench.test'`,
		[rush.eventId]
	);
	await db.close();
	const inDatabase = new Map(stored.map((r) => [r.email, r.mails]));
	const lost = [...accepted].filter((e) => !inDatabase.has(e)).length;
	const unanswered = stored.filter((r) => !accepted.has(r.email)).length;
	const mailedOnce = stored.filter((r) => r.mails === 1).length;

	const reg = registration.summary();
	const pub = publicPages.summary();
	const frm = form.summary();
	const flr = floor.summary();
	const ofFloor = (p99: number | null) => (p99 && flr.p99 ? round(p99 / flr.p99, 1) : null);
	console.log(
		'\n' +
			formatTable([
				['request', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'p99 × floor'],
				['registration (POST)', reg.count, reg.p50, reg.p90, reg.p99, reg.max, ofFloor(reg.p99)],
				['its form (GET)', frm.count, frm.p50, frm.p90, frm.p99, frm.max, ofFloor(frm.p99)],
				['public pages (GET)', pub.count, pub.p50, pub.p90, pub.p99, pub.max, ofFloor(pub.p99)],
				['floor: static file', flr.count, flr.p50, flr.p90, flr.p99, flr.max, 1]
			])
	);
	const seconds = [...bySecond].sort(([a], [b]) => a - b);
	console.log(
		`\nRegistrations' p99 by second sent: ${seconds.map(([t, x]) => `${t}:${Math.round(x.summary().p99 ?? 0)}`).join(' ')}`
	);
	console.log(
		`\nOutcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; in ${round(elapsed, 1)} s.` +
			`\nIn the database: ${check.confirmed} confirmed (${check.people} people of ${rush.capacity} places), ` +
			`${check.waiting} waiting, ${check.offered} offered; ${check.overbooked} slots over capacity; ` +
			`${lost} accepted but missing, ${unanswered} stored but not accepted; ` +
			`${mailedOnce} of ${stored.length} e-mailed exactly once.`
	);
	console.log(
		`Load average (1, 5, 15 min) on ${os.cpus().length} CPUs: ${loadBefore.join(', ')} before, ${loadAfter.join(', ')} after`
	);
	const wrong = [
		check.overbooked && `${check.overbooked} slots over capacity`,
		lost && `${lost} accepted registrations missing`,
		unanswered && `${unanswered} registrations stored without an acceptance`,
		mailedOnce !== stored.length && `${stored.length - mailedOnce} registrations not e-mailed once`,
		[...outcomes.keys()].some((k) => k.startsWith('error')) && 'requests failed'
	].filter(Boolean);
	const misses = [
		(reg.p99 ?? Infinity) > GOALS.registrationP99Ms && `registration p99 ${reg.p99} ms`,
		(pub.p99 ?? Infinity) > GOALS.publicP99Ms && `public pages p99 ${pub.p99} ms`
	].filter(Boolean);
	console.log(
		wrong.length
			? `WRONG: ${wrong.join('; ')}.`
			: 'Correct: no overbooking, nothing lost, each e-mailed once.'
	);
	console.log(
		misses.length
			? `Goals missed (registration p99 ≤ ${GOALS.registrationP99Ms} ms, public pages p99 ≤ ${GOALS.publicP99Ms} ms): ${misses.join('; ')}.`
			: 'Both latency goals met.'
	);
	if (wrong.length) process.exitCode = 1;
	writeResults(
		resolve(root, args.json),
		{ before: loadBefore, after: loadAfter },
		{
			database,
			options: { registrations: total, durationS: durationMs / 1000, pageRate, fillMs: FILL_MS },
			event: { sites: rush.sites, slots: rush.slots.length, capacity: rush.capacity },
			latency: { registration: reg, form: frm, publicPages: pub, floor: flr },
			outcomes: Object.fromEntries(outcomes),
			stored: { ...check, lost, unanswered, mailedOnce, stored: stored.length },
			goals: GOALS
		}
	);
	console.log(`Results written to ${args.json}`);
});

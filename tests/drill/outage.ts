// Drill: the database unreachable for a while (30 s by default) while people type. Nothing may be
// reported as stored that was not; the server must recover by itself and store the backlog,
// without a storm of retries.
//
// The server reaches PostgreSQL through a proxy in this process, which the drill cuts: `refuse`
// resets every open connection and every new one, `blackhole` holds every byte until the end.
// Every acknowledgement a typist receives is checked against the database read directly (the
// drill's own connection does not go through the proxy). The proxy counts the connections the
// server attempts during the cut. PGlite lives inside the server's process: it cannot be cut
// off, and the drill does not apply.
import { AckAudit } from './lib/audit.ts';
import { DrillClient, lostAcknowledged, stateOf, typeAway } from './lib/client.ts';
import { startProxy } from './lib/proxy.mjs';
import {
	documents,
	freshDatabase,
	launch,
	people,
	seeded,
	sleep,
	storedDoc,
	until
} from './lib/target.ts';
import { count, duration, ms, skipped, verdict } from './lib/verdict.ts';

/** More connection attempts than this per second of outage would be a storm. */
const STORM_PER_SECOND = 2;
/** How long after the database is back the backlog must be stored. */
const RECOVERY_LIMIT_MS = 15_000;

export async function outageDrill({
	root,
	databaseUrl,
	seed,
	outageSeconds,
	mode,
	log
}: {
	root: string;
	databaseUrl: string | null;
	seed: number;
	outageSeconds: number;
	mode: import('./lib/proxy.mjs').CutMode;
	log: (message: string) => void;
}) {
	if (!databaseUrl) {
		return skipped(
			'outage',
			'PGlite runs inside the server process and cannot be cut off; run with --database-url'
		);
	}
	const startedAt = performance.now();
	const database = await freshDatabase(databaseUrl);
	const proxy = await startProxy({
		host: '127.0.0.1',
		port: Number(new URL(databaseUrl).port || 5432)
	});
	const server = await launch(root, database, { proxyPort: proxy.port });
	let died = false;
	void server.exited.then(() => (died = true));
	const random = seeded(seed);
	const clients = [] as DrillClient[];
	let audit: AckAudit | null = null;
	try {
		const headers = await people(server, 3);
		const ids = await documents(server, headers[0], 4, 'Panne');
		const rooms = ids.map((id) => {
			const room = { id, typists: [] as DrillClient[] };
			room.typists = headers.map(
				(h) =>
					new DrillClient({
						url: server.wsUrl(id),
						headers: h,
						random,
						onAck: () => audit?.note(room)
					})
			);
			return room;
		});
		clients.push(...rooms.flatMap((room) => room.typists));
		await Promise.all(clients.map((c) => c.connect()));
		audit = new AckAudit(database.sql as import('postgres').Sql, rooms);
		const stopTyping = typeAway(clients, random, 5);
		await sleep(5000);

		// The cut. Acknowledgements of keystrokes typed during it cannot be true.
		const typedAtCut = clients.map((c) => c.ownClock());
		const errorsBefore = server.errors.length;
		const connectionsBefore = proxy.counts.connections;
		proxy.cut(mode);
		const cutAt = performance.now();
		log(`outage: database unreachable (${mode}) for ${outageSeconds} s`);
		await sleep(Math.min(2000, (outageSeconds * 1000) / 2));
		// Someone opening a document meanwhile: refused or kept waiting, never served wrong.
		const newcomer = new DrillClient({ url: server.wsUrl(ids[0]), headers: headers[1], random });
		const newcomerOutcome = newcomer.connect(outageSeconds * 1000 + RECOVERY_LIMIT_MS).then(
			() => 'synced',
			(e) => `refused (${e instanceof Error ? e.message : e})`
		);
		await sleep(outageSeconds * 1000 - (performance.now() - cutAt));
		const impossible = clients.filter((c, i) => c.ackedClock > typedAtCut[i]).length;
		const attempts = proxy.counts.connections - connectionsBefore;
		const errorLines = server.errors.length - errorsBefore;
		const alive = !died;
		proxy.heal();
		const healedAt = performance.now();

		// The backlog: everything typed until now must be acknowledged, and soon.
		const backlog = clients.map((c) => ({ clock: c.ownClock(), deletions: c.deletions.length }));
		let recoveredMs = null;
		try {
			await until(
				() =>
					clients.every(
						(c, i) => c.ackedClock >= backlog[i].clock && c.ackedDeletions >= backlog[i].deletions
					),
				RECOVERY_LIMIT_MS,
				'the backlog to be stored'
			);
			recoveredMs = performance.now() - healedAt;
		} catch {
			// Reported below.
		}
		stopTyping();
		const newcomerResult = await newcomerOutcome;
		newcomer.destroy();
		await until(
			() => clients.every((c) => c.allAcked()),
			RECOVERY_LIMIT_MS,
			'the last keystrokes'
		).catch(() => {});
		await audit.stop();

		// Finally the database holds everything everyone typed, and everyone agrees with it.
		let unstored = 0;
		let diverged = 0;
		for (const room of rooms) {
			const stored = await storedDoc(database.sql as import('postgres').Sql, room.id);
			for (const typist of room.typists) {
				const lost = lostAcknowledged(stored, typist, {
					clock: typist.ownClock(),
					deletions: typist.deletions.length
				});
				unstored += lost.characters + lost.deletions;
				if (stateOf(typist.doc) !== stateOf(stored)) diverged++;
			}
			stored.destroy();
		}
		const typed = clients.reduce((n, c) => n + c.ownClock() + c.deletions.length, 0);
		const afterCut = clients.reduce((n, c, i) => n + c.ownClock() - typedAtCut[i], 0);
		const anomalies = clients.flatMap((c) => c.anomalies);
		const storm = attempts > STORM_PER_SECOND * outageSeconds;
		const trouble = [
			audit.missing > 0 && audit.findings[0],
			impossible > 0 && `${impossible} clients told keystrokes typed during the outage were stored`,
			recoveredMs === null && `backlog not stored ${duration(RECOVERY_LIMIT_MS)} after the outage`,
			storm && `${attempts} connection attempts in ${outageSeconds} s`,
			!alive && 'the server died',
			unstored > 0 && `${unstored} keystrokes never stored`,
			diverged > 0 && `${diverged} clients differ from the database`,
			anomalies[0],
			// Out of reach is "not now" (503, or 1013 once let in): a 500 is a fault of the server.
			/500|1011/.test(newcomerResult) && `someone opening a document: ${newcomerResult}`
		].filter(Boolean);
		const summary =
			`database unreachable ${outageSeconds} s (${mode}, PostgreSQL) under ${clients.length} ` +
			`typists: ${count(audit.checks)} checks of acknowledgements against the database, ` +
			`${audit.missing} false; ${count(afterCut)} keystrokes typed during and after the cut, ` +
			`backlog stored ${recoveredMs === null ? 'never' : ms(recoveredMs)} after it ended; ` +
			`${attempts} connection attempts during it (${(attempts / outageSeconds).toFixed(1)}/s), ` +
			`${errorLines} error lines logged; someone opening a document during it: ` +
			`${newcomerResult.replace(/^refused \(upgrade refused: (.*)\)$/, 'refused, $1')}` +
			(trouble.length ? ` — ${trouble.join('; ')}` : '');
		return verdict(
			'outage',
			trouble.length === 0,
			summary,
			{
				mode,
				outageSeconds,
				typists: clients.length,
				typed,
				checks: audit.checks,
				falseAcknowledgements: audit.missing,
				recoveredMs,
				connectionAttempts: attempts,
				errorLines,
				newcomer: newcomerResult,
				unstored,
				diverged
			},
			startedAt
		);
	} finally {
		if (audit) await audit.stop();
		for (const c of clients) c.destroy();
		proxy.heal();
		await server.stop();
		await proxy.close();
		await database.drop();
	}
}

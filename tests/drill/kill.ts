// Drill: SIGKILL of the server while many people type. Every keystroke the server acknowledged
// as stored before the kill must be in the document after the restart, and every client,
// reconnected, must converge with the stored document.
//
// The same clients and documents live through every kill; each kill has its own seed (the base
// seed + its number), which draws the moment of the kill and the typing. After each restart a
// fresh reader opens each document first, before any typist is back (they would resend what was
// lost and hide it): the server hands it exactly what it loaded from storage. The typists' own
// characters (by their Yjs ids) and deletions that were acknowledged must all be there. Then the
// typists reconnect, resend what was not stored, and must all end with the same state vector and
// content as the server, and on PostgreSQL as the database read directly.
import { DrillClient, lostAcknowledged, stateOf, typeAway } from './lib/client.ts';
import {
	freshDatabase,
	kill,
	launch,
	people,
	documents,
	seeded,
	sleep,
	storedDoc,
	until
} from './lib/target.ts';
import { count, ms, percentile, verdict } from './lib/verdict.ts';

export async function killDrill({
	root,
	databaseUrl,
	seed,
	kills,
	log,
	...size
}: {
	root: string;
	databaseUrl: string | null;
	seed: number;
	kills: number;
	documents: number;
	typists: number;
	log: (message: string) => void;
}) {
	const startedAt = performance.now();
	const database = await freshDatabase(databaseUrl);
	let server = await launch(root, database);
	const clients = [] as DrillClient[];
	try {
		const headers = await people(server, size.typists);
		const ids = await documents(server, headers[0], size.documents, 'Coupure');
		const rooms = ids.map((id) => ({
			id,
			typists: headers.map(
				(h, i) =>
					new DrillClient({ url: server.wsUrl(id), headers: h, random: seeded(seed * 1000 + i) })
			)
		}));
		clients.push(...rooms.flatMap((room) => room.typists));
		await Promise.all(clients.map((c) => c.connect()));

		const figures = {
			engine: database.engine,
			kills: 0,
			typists: clients.length,
			documents: ids.length,
			/** Own characters and deletions acknowledged before a kill, and typed before it. */
			acknowledged: 0,
			typed: 0,
			lostCharacters: 0,
			lostDeletions: 0,
			restartMs: [] as number[],
			convergeMs: [] as number[],
			anomalies: [] as string[],
			failedSeed: null as number | null
		};
		const done = (trouble: string = '') => {
			const lost = figures.lostCharacters + figures.lostDeletions;
			const passed = !trouble && lost === 0 && figures.kills === kills;
			const summary =
				`${figures.kills}/${kills} SIGKILLs (${database.engine}, seeds ${seed}–${seed + kills - 1}), ` +
				`${clients.length} clients on ${ids.length} documents: ` +
				`${count(figures.acknowledged)} keystrokes acknowledged before a kill ` +
				`(of ${count(figures.typed)} typed), ${lost} lost; ` +
				`restart p50 ${ms(percentile(figures.restartMs, 50))}, back and converged within ` +
				`${ms(Math.max(0, ...figures.convergeMs))} (p50 ${ms(percentile(figures.convergeMs, 50))})` +
				(trouble ? ` — ${trouble}` : '');
			const { restartMs: _r, convergeMs: _c, ...rest } = figures;
			return verdict('kill', passed, summary, rest, startedAt);
		};

		for (let k = 0; k < kills; k++) {
			const random = seeded(seed + k);
			const ackedBefore = clients.map((c) => c.ackedClock + c.ackedDeletions);
			const typedBefore = clients.map((c) => c.ownClock() + c.deletions.length);
			const stopTyping = typeAway(clients, random, 10);
			await sleep(200 + random() * 1300);
			const victim = server;
			await kill(victim);
			// Acknowledgements already on their way may still land; then the sockets are gone.
			await until(() => clients.every((c) => !c.ws), 10_000, 'the sockets to close');
			clients.forEach((c, i) => {
				figures.acknowledged += c.ackedClock + c.ackedDeletions - ackedBefore[i];
				figures.typed += c.ownClock() + c.deletions.length - typedBefore[i];
			});
			// The typists keep typing while the server is down; those keystrokes wait on them.
			const restarting = performance.now();
			server = await launch(root, database, { port: victim.port });
			figures.restartMs.push(performance.now() - restarting);
			stopTyping();

			// What the server loaded from storage, before any typist is back.
			for (const room of rooms) {
				const reader = new DrillClient({ url: server.wsUrl(room.id), headers: headers[0], random });
				await reader.connect();
				for (const typist of room.typists) {
					const lost = lostAcknowledged(reader.doc, typist);
					figures.lostCharacters += lost.characters;
					figures.lostDeletions += lost.deletions;
				}
				reader.destroy();
			}
			if (figures.lostCharacters + figures.lostDeletions > 0) {
				figures.failedSeed = seed + k;
				return done(`acknowledged keystrokes missing after kill ${k + 1} (seed ${seed + k})`);
			}

			// Everyone back: what was not stored is sent again, and all converge.
			const reconnecting = performance.now();
			await Promise.all(clients.map((c) => c.connect()));
			const trouble = await converge(rooms, server, headers[0], database.sql, random);
			figures.convergeMs.push(performance.now() - reconnecting);
			for (const c of clients) figures.anomalies.push(...c.anomalies.splice(0));
			figures.kills++;
			if (trouble || figures.anomalies.length > 0) {
				figures.failedSeed = seed + k;
				return done(trouble ?? figures.anomalies[0]);
			}
			if ((k + 1) % 10 === 0 || k + 1 === kills) {
				log(`kill: ${k + 1}/${kills}, ${count(figures.acknowledged)} acknowledged, none lost`);
			}
		}
		return done();
	} finally {
		for (const c of clients) c.destroy();
		await server.stop();
		await database.drop();
	}
}

/**
 * Waits until every typist's keystrokes are acknowledged and every document reads the same for
 * its typists, a fresh reader and (PostgreSQL) the database itself; returns what went wrong.
 */
async function converge(
	rooms: { id: string; typists: DrillClient[] }[],
	server: import('./lib/target.ts').Server,
	headers: Record<string, string>,
	sql: import('postgres').Sql | null,
	random: () => number
) {
	const clients = rooms.flatMap((room) => room.typists);
	try {
		await until(() => clients.every((c) => c.allAcked()), 30_000, 'every keystroke stored');
	} catch (e) {
		return e instanceof Error ? e.message : String(e);
	}
	for (const room of rooms) {
		const reader = new DrillClient({ url: server.wsUrl(room.id), headers, random });
		await reader.connect();
		const same = () => room.typists.every((t) => stateOf(t.doc) === stateOf(reader.doc));
		try {
			await until(same, 30_000, 'the typists to converge');
		} catch {
			reader.destroy();
			return `document ${room.id} did not converge`;
		}
		const content = reader.content();
		reader.destroy();
		if (room.typists.some((t) => t.content() !== content)) {
			return `document ${room.id}: same state vectors, different content`;
		}
		if (sql) {
			const stored = await storedDoc(sql, room.id);
			const differs =
				stateOf(stored) !== stateOf(room.typists[0].doc) ||
				stored.getXmlFragment('default').toString() !== content;
			stored.destroy();
			if (differs) return `document ${room.id}: the database differs from the clients`;
		}
	}
	return null;
}

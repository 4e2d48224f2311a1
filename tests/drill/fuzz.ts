// Drill: a fuzzer sends random, truncated and oversized frames and random sequences of valid
// messages to a live server for a fixed time. The server must never crash, other documents must
// never notice, and no stored document may be corrupted.
//
// Six fuzzing sockets, logged in like anyone, hammer four documents with what lib/frames.ts
// draws (seeded: each socket has its own seed, from the base seed); when the server closes one,
// it opens another. Meanwhile two people type in each of four other documents; they must not
// lose their socket, must have every keystroke acknowledged, and must converge. Afterwards the
// server is stopped (it writes and compacts what is pending), started again on the same
// database, and every document must load and read as it did.
import WebSocket from 'ws';
import { DrillClient, stateOf, typeAway } from './lib/client.ts';
import { FrameSource } from './lib/frames.ts';
import {
	documents,
	freshDatabase,
	launch,
	people,
	seeded,
	sleep,
	stats,
	storedDoc,
	until
} from './lib/target.ts';
import { count, duration, ms, verdict } from './lib/verdict.ts';

const FUZZERS = 6;
/** Longer than this without an acknowledgement while typing, and a witness noticed. */
const STALL_MS = 5000;

export async function fuzzDrill({
	root,
	databaseUrl,
	seed,
	seconds,
	log
}: {
	root: string;
	databaseUrl: string | null;
	seed: number;
	seconds: number;
	log: (message: string) => void;
}) {
	const startedAt = performance.now();
	const database = await freshDatabase(databaseUrl);
	let server = await launch(root, database);
	let died = null as string | null;
	const watch = (s: import('./lib/target.ts').Server) =>
		void s.exited.then(({ code, signal }) => {
			if (!stopping) died = `exited (${code ?? signal})`;
		});
	let stopping = false;
	watch(server);
	const witnesses = [] as DrillClient[];
	try {
		const headers = await people(server);
		const targets = await documents(server, headers[0], 4, 'Cible');
		const others = await documents(server, headers[0], 4, 'Témoin');
		const random = seeded(seed);
		const rooms = others.map((id, i) => ({
			id,
			typists: [0, 1].map(
				(j) =>
					new DrillClient({ url: server.wsUrl(id), headers: headers[1 + ((i + j) % 5)], random })
			)
		}));
		witnesses.push(...rooms.flatMap((room) => room.typists));
		await Promise.all(witnesses.map((w) => w.connect()));
		const stopTyping = typeAway(witnesses, random, 5);

		// The witnesses' longest wait for an acknowledgement, sampled.
		let longestWait = 0;
		const waiting = new Map();
		const sampler = setInterval(() => {
			const now = performance.now();
			for (const w of witnesses) {
				if (w.allAcked()) waiting.delete(w);
				else if (!waiting.has(w)) waiting.set(w, now);
				else longestWait = Math.max(longestWait, now - waiting.get(w));
			}
		}, 50);

		const tally = {
			frames: 0,
			sockets: 0,
			refused: 0,
			closes: {} as Record<string, number>
		};
		const kinds = {} as Record<string, number>;
		const until_ = performance.now() + seconds * 1000;
		const fuzzer = async (n: number) => {
			const source = new FrameSource(seeded(seed * 100 + n));
			while (performance.now() < until_ && !died) {
				const url = server.wsUrl(targets[source.int(targets.length)]);
				const ws = new WebSocket(url, {
					headers: headers[n % headers.length],
					perMessageDeflate: false
				});
				ws.on('error', () => {});
				const opened = await new Promise((resolve) => {
					ws.once('open', () => resolve(true));
					ws.once('unexpected-response', () => resolve(false));
					ws.once('close', () => resolve(false));
				});
				if (!opened) {
					tally.refused++;
					ws.terminate();
					await sleep(50);
					continue;
				}
				tally.sockets++;
				const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
				while (ws.readyState === WebSocket.OPEN && performance.now() < until_) {
					const { kind, frame } = source.next();
					kinds[kind] = (kinds[kind] ?? 0) + 1;
					tally.frames++;
					if (source.random() < 0.02) ws.send(Buffer.from(frame).toString('latin1'));
					else ws.send(frame);
					if (source.random() < 0.005) ws.terminate();
					await sleep(source.random() * 4);
					while (ws.bufferedAmount > 1024 * 1024) await sleep(10);
				}
				if (ws.readyState === WebSocket.OPEN) ws.close(1000);
				const code = String(await Promise.race([closed, sleep(5000).then(() => 'none')]));
				tally.closes[code] = (tally.closes[code] ?? 0) + 1;
				source.pending.length = 0;
			}
			source.destroy();
		};
		log(`fuzz: ${FUZZERS} sockets for ${seconds} s`);
		await Promise.all(Array.from({ length: FUZZERS }, (_, n) => fuzzer(n)));
		stopTyping();
		const errorsDuringFuzz = server.errors.length;
		const internal = server.log.filter((l) => l.startsWith('[collab] message failed')).length;

		// The witnesses: every keystroke stored, never a closed socket, all agreeing.
		let witnessTrouble = null;
		try {
			await until(() => witnesses.every((w) => w.allAcked()), 15_000, 'the witnesses to be stored');
			for (const room of rooms) {
				const [a, b] = room.typists;
				await until(() => stateOf(a.doc) === stateOf(b.doc), 10_000, 'the witnesses to converge');
			}
		} catch (e) {
			witnessTrouble = e instanceof Error ? e.message : String(e);
		}
		clearInterval(sampler);
		const witnessCloses = witnesses.flatMap((w) => w.closes);
		const contents = new Map(rooms.map((room) => [room.id, room.typists[0].content()]));
		for (const w of witnesses) w.close();

		const { reloads } = await stats(server);

		// Stopped and started again: every document loads, the witnesses' read as they left them.
		const port = server.port;
		stopping = true;
		const stopped = await server.stop();
		stopping = false;
		server = await launch(root, database, { port });
		watch(server);
		let unloadable = 0;
		let changed = 0;
		const loadErrors = [] as string[];
		for (const id of [...targets, ...others]) {
			const reader = new DrillClient({ url: server.wsUrl(id), headers: headers[0], random });
			try {
				await reader.connect();
				if (contents.has(id) && reader.content() !== contents.get(id)) changed++;
			} catch (e) {
				unloadable++;
				loadErrors.push(`server: ${e instanceof Error ? e.message : e}`);
			} finally {
				reader.destroy();
			}
			if (database.sql) {
				try {
					(await storedDoc(database.sql, id)).destroy();
				} catch (e) {
					unloadable++;
					loadErrors.push(`database: ${e instanceof Error ? e.message : e}`);
				}
			}
		}

		const trouble = [
			died && `the server ${died}`,
			stopped.code !== 0 && `the server stopped with ${stopped.code ?? stopped.signal}`,
			witnessCloses.length > 0 && `witness sockets closed (${witnessCloses.join(', ')})`,
			witnessTrouble,
			longestWait > STALL_MS && `a witness waited ${ms(longestWait)} for an acknowledgement`,
			unloadable > 0 && `${unloadable} documents do not load (${loadErrors[0]})`,
			changed > 0 && `${changed} witness documents changed`
		].filter(Boolean);
		const summary =
			`${count(tally.frames)} frames over ${count(tally.sockets)} sockets in ${duration(seconds * 1000)} ` +
			`(${database.engine}, seeds ${seed * 100}–${seed * 100 + FUZZERS - 1}; sockets ended with ` +
			`${Object.entries(tally.closes)
				.sort((a, b) => b[1] - a[1])
				.map(([code, n]) => `${code} ×${n}`)
				.join(
					', '
				)}, 1000 and 1006 being the fuzzer's own): server ${died ? 'down' : 'up throughout'}, ` +
			`${internal} internal errors, ${reloads} documents reloaded after an update failed halfway; ` +
			`${witnesses.length} typists on other documents lost no socket, ` +
			`longest wait for an acknowledgement ${ms(longestWait)}; after a restart ` +
			`${targets.length + others.length - unloadable}/${targets.length + others.length} documents load` +
			(trouble.length ? ` — ${trouble.join('; ')}` : '');
		return verdict(
			'fuzz',
			trouble.length === 0,
			summary,
			{
				...tally,
				kinds,
				internalErrors: internal,
				reloads,
				errorLines: errorsDuringFuzz,
				longestWaitMs: Math.round(longestWait),
				unloadable,
				changed
			},
			startedAt
		);
	} finally {
		for (const w of witnesses) w.destroy();
		stopping = true;
		await server.stop();
		await database.drop();
	}
}

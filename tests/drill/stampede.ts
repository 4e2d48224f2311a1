// Drill: a hundred clients open the same unloaded document at the same moment. None may receive
// an empty document (each first sync must hold everything stored), and the document must be
// read from storage once.
//
// Three documents are written by a typist and acknowledged, then the server restarts, so that
// nothing is in memory. For each document in turn, the hundred sockets are opened in the same
// tick; each client's first sync must give the stored state vector and content exactly. On
// PostgreSQL the server reaches the database through a proxy that adds 20 ms each way, so that
// reading the document takes long enough for many sockets to arrive while it loads. The
// collaboration server's own count of documents read from storage (tests/support/probe.mjs)
// must have grown by one per document.
import { DrillClient, stateOf, typeAway } from './lib/client.ts';
import { startProxy } from './lib/proxy.mjs';
import {
	documents,
	freshDatabase,
	launch,
	people,
	seeded,
	sleep,
	stats,
	until
} from './lib/target.ts';
import { ms, percentile, verdict } from './lib/verdict.ts';

const DOCUMENTS = 3;
const LATENCY_MS = 20;

export async function stampedeDrill({
	root,
	databaseUrl,
	seed,
	clients,
	log
}: {
	root: string;
	databaseUrl: string | null;
	seed: number;
	clients: number;
	log: (message: string) => void;
}) {
	const startedAt = performance.now();
	const database = await freshDatabase(databaseUrl);
	const proxy = databaseUrl
		? await startProxy({ host: '127.0.0.1', port: Number(new URL(databaseUrl).port || 5432) })
		: null;
	let server = await launch(root, database, { proxyPort: proxy?.port });
	const random = seeded(seed);
	let crowd: DrillClient[] = [];
	try {
		const headers = await people(server);
		const ids = await documents(server, headers[0], DOCUMENTS, 'Affluence');
		const expected = new Map();
		for (const id of ids) {
			const author = new DrillClient({ url: server.wsUrl(id), headers: headers[0], random });
			await author.connect();
			const stop = typeAway([author], random, 100);
			await sleep(2000);
			stop();
			await until(() => author.allAcked(), 10_000, 'the author’s text to be stored');
			expected.set(id, { state: stateOf(author.doc), content: author.content() });
			author.destroy();
		}
		// Nothing in memory: a restart (which writes and compacts what is pending).
		const port = server.port;
		await server.stop();
		server = await launch(root, database, { port, proxyPort: proxy?.port });
		const before = await stats(server);
		proxy?.delay(LATENCY_MS);

		let empty = 0;
		let wrong = 0;
		let failed = 0;
		const syncMs = [] as number[];
		for (const id of ids) {
			crowd = Array.from(
				{ length: clients },
				(_, i) =>
					new DrillClient({ url: server.wsUrl(id), headers: headers[i % headers.length], random })
			);
			const started = performance.now();
			const outcomes = await Promise.allSettled(
				crowd.map((c) => c.connect(30_000).then(() => syncMs.push(performance.now() - started)))
			);
			failed += outcomes.filter((o) => o.status === 'rejected').length;
			for (const [i, c] of crowd.entries()) {
				if (outcomes[i].status === 'rejected') continue;
				if (c.content() === '') empty++;
				else if (
					stateOf(c.doc) !== expected.get(id).state ||
					c.content() !== expected.get(id).content
				)
					wrong++;
			}
			for (const c of crowd) c.destroy();
			crowd = [];
		}
		const after = await stats(server);
		const loads = after.loads - before.loads;

		const trouble = [
			failed > 0 && `${failed} clients never synced`,
			empty > 0 && `${empty} clients received an empty document`,
			wrong > 0 && `${wrong} clients received something else than what is stored`,
			loads !== DOCUMENTS && `${loads} reads from storage for ${DOCUMENTS} documents`
		].filter(Boolean);
		log(`stampede: ${DOCUMENTS} × ${clients} first syncs`);
		const summary =
			`${clients} clients at once on each of ${DOCUMENTS} unloaded documents (${database.engine}` +
			`${proxy ? `, ${LATENCY_MS} ms away` : ''}): ` +
			`${DOCUMENTS * clients - failed - empty - wrong}/${DOCUMENTS * clients} first syncs held ` +
			`the whole stored document, ${empty} empty; read from storage ${loads} times for ` +
			`${DOCUMENTS} documents; first syncs after ${ms(Math.min(...syncMs))} to ` +
			`${ms(Math.max(...syncMs))} (p50 ${ms(percentile(syncMs, 50))})` +
			(trouble.length ? ` — ${trouble.join('; ')}` : '');
		return verdict(
			'stampede',
			trouble.length === 0,
			summary,
			{
				clients,
				documents: DOCUMENTS,
				failed,
				empty,
				wrong,
				loads,
				syncMs: { p50: percentile(syncMs, 50), max: Math.max(0, ...syncMs) }
			},
			startedAt
		);
	} finally {
		for (const c of crowd) c.destroy();
		await server.stop();
		await proxy?.close();
		await database.drop();
	}
}

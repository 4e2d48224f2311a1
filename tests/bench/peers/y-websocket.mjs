// The third server of `npm run bench:collab -- --compare`: a minimal sync server on the reference
// y-websocket server code (@y/websocket-server 0.1.1, the last that works with Yjs 13), storing
// every update to PostgreSQL as its own row, as its persistence hook allows.
//
//   PORT=… DATABASE_URL=postgres://… node tests/bench/peers/y-websocket.mjs
//
// One thing is added to the reference code: it does not wait for the stored state before it
// answers the first sync message, so a client opening a stored document
// would first see it empty. Here a socket's messages wait until the document is loaded, as
// Maillage's do; otherwise the server is `setupWSConnection` as published.
import { createServer } from 'node:http';
import postgres from 'postgres';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { docs, getYDoc, setPersistence, setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.env.PORT ?? 0);
const sql = postgres(process.env.DATABASE_URL ?? '', { max: 10, onnotice: () => {} });
await sql`create table if not exists updates (
	id bigserial primary key,
	doc text not null,
	data bytea not null,
	stored_at timestamptz not null default clock_timestamp()
)`;
await sql`create index if not exists updates_doc_idx on updates (doc, id)`;

/** Inserts still running, awaited before exiting. */
const writing = new Set();
/** @type {WeakMap<Y.Doc, Promise<void>>} */
const loaded = new WeakMap();

setPersistence({
	provider: null,
	bindState: (name, doc) => {
		const load = (async () => {
			const rows = await sql`select data from updates where doc = ${name} order by id`;
			Y.transact(doc, () => rows.forEach((row) => Y.applyUpdate(doc, row.data)), 'load');
			doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
				if (origin === 'load') return;
				const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
				const insert = sql`insert into updates (doc, data) values (${name}, ${data})`
					.catch((e) => console.error('[y-websocket] storing an update failed', e))
					.finally(() => writing.delete(insert));
				writing.add(insert);
			});
		})();
		load.catch((e) => console.error('[y-websocket] loading failed', e));
		loaded.set(doc, load);
	},
	writeState: async () => {}
});

const wss = new WebSocketServer({ noServer: true });
const http = createServer((_req, res) => res.writeHead(404).end());
http.on('upgrade', (request, socket, head) => {
	socket.on('error', () => socket.destroy());
	wss.handleUpgrade(request, socket, head, async (ws) => {
		const name = decodeURIComponent((request.url ?? '/').slice(1).split('?')[0]);
		const queued = /** @type {unknown[]} */ ([]);
		const queue = (/** @type {unknown} */ data) => queued.push(data);
		ws.on('message', queue);
		// The document may leave memory while loading (its last other socket closed): load again.
		for (;;) {
			const doc = getYDoc(name);
			await loaded.get(doc);
			if (docs.get(name) === doc) break;
		}
		ws.off('message', queue);
		if (ws.readyState !== ws.OPEN) return;
		setupWSConnection(ws, request, { docName: name });
		for (const data of queued) ws.emit('message', data, true);
	});
});
http.listen(port, '127.0.0.1', () => {
	const address = http.address();
	console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});

for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.once(signal, async () => {
		for (const client of wss.clients) client.close(1001);
		http.close();
		await Promise.all(writing);
		await sql.end({ timeout: 5 });
		process.exit(0);
	});
}

// A TCP proxy between the server under drill and PostgreSQL, which the drill can cut: the
// database becomes unreachable for the server only (the drill itself still reads it directly),
// and every connection the server attempts is counted.
import { connect, createServer } from 'node:net';

/**
 * How the database is unreachable: `refuse` resets every open connection and every new one at
 * once (the database restarting, a firewall rejecting); `blackhole` lets no byte through either
 * way and holds new connections unanswered until the cut ends (a network partition that heals).
 * @typedef {'refuse' | 'blackhole'} CutMode
 */

/**
 * Starts the proxy on a free port of 127.0.0.1, forwarding to `target`.
 * @param {{ host: string, port: number }} target
 */
export async function startProxy(target) {
	/**
	 * @typedef {{ client: import('node:net').Socket, upstream: import('node:net').Socket,
	 *   delayed: [import('node:net').Socket, Buffer][] }} Pair
	 */
	/** @type {Set<Pair>} */
	const pairs = new Set();
	/** @type {CutMode | null} */
	let cut = null;
	/** Connections the server opened (accepted by the proxy), in total and during cuts. */
	const counts = { connections: 0, duringCut: 0 };
	/** Milliseconds each chunk waits before it is forwarded, either way: a database further away. */
	let latency = 0;
	/** Connections held during a blackhole, joined to the database when it heals. */
	const held = /** @type {(() => void)[]} */ ([]);

	/** @param {import('node:net').Socket} client */
	const join = (client) => {
		if (client.destroyed) return;
		const upstream = connect(target.port, target.host);
		/** @type {Pair} */
		const pair = { client, upstream, delayed: [] };
		pairs.add(pair);
		const end = () => {
			pairs.delete(pair);
			client.destroy();
			upstream.destroy();
		};
		upstream.on('error', end);
		upstream.on('close', end);
		client.on('close', end);
		// Bytes in flight during a blackhole arrive when it heals, in order, as TCP would deliver them.
		const forward = (
			/** @type {import('node:net').Socket} */ from,
			/** @type {import('node:net').Socket} */ to
		) =>
			from.on('data', (chunk) => {
				if (cut === 'blackhole' || pair.delayed.length > 0) pair.delayed.push([to, chunk]);
				else if (latency > 0) setTimeout(() => to.write(chunk), latency);
				else to.write(chunk);
			});
		forward(client, upstream);
		forward(upstream, client);
		client.resume();
	};

	const server = createServer({ pauseOnConnect: true }, (client) => {
		counts.connections++;
		client.on('error', () => client.destroy());
		if (cut) counts.duringCut++;
		if (cut === 'refuse') {
			client.resetAndDestroy();
			return;
		}
		if (cut === 'blackhole') {
			held.push(() => join(client));
			return;
		}
		join(client);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	return {
		port,
		counts,
		/** Connections open through the proxy now. */
		get open() {
			return pairs.size;
		},
		/** Makes the database unreachable for the server. */
		cut(/** @type {CutMode} */ mode) {
			cut = mode;
			if (mode !== 'refuse') return;
			// Open connections end as when PostgreSQL shuts down (a FIN), new ones are reset.
			for (const pair of pairs) {
				pair.client.destroy();
				pair.upstream.destroy();
			}
		},
		/** Delays every chunk by `ms` from now on (0: none); timers of one delay keep their order. */
		delay(/** @type {number} */ ms) {
			latency = ms;
		},
		/** Lets the server reach the database again. */
		heal() {
			cut = null;
			for (const pair of pairs) {
				for (const [to, chunk] of pair.delayed.splice(0)) to.write(chunk);
			}
			for (const resume of held.splice(0)) resume();
		},
		close() {
			for (const pair of pairs) {
				pair.client.destroy();
				pair.upstream.destroy();
			}
			return new Promise((resolve) => server.close(() => resolve(undefined)));
		}
	};
}

import { createServer, connect, type Socket } from 'node:net';

export interface Network {
	/** `http://localhost:<port>`: the address to browse the server through. */
	url: string;
	/** Drops every open connection and refuses new ones, as a lost network would. */
	cut: () => void;
	/** Lets connections through again. */
	restore: () => void;
	close: () => Promise<void>;
}

/**
 * A network between a browser and a test server that a test can cut: a TCP relay on its own
 * port. Browsers' offline emulation does not reach everything (WebSockets get through, and a
 * service worker Chromium restarts runs a moment before the emulation reaches it, long enough
 * to fetch a page from the server); a cut relay fails every connection, whoever opens it.
 */
export async function startNetwork(target: string): Promise<Network> {
	const { hostname, port } = new URL(target);
	const open = new Set<Socket>();
	let down = false;

	const relay = createServer((client) => {
		if (down) {
			client.resetAndDestroy();
			return;
		}
		const upstream = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
		for (const socket of [client, upstream]) {
			open.add(socket);
			socket.once('close', () => open.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
	const address = relay.address();
	const relayPort = typeof address === 'object' && address ? address.port : 0;

	return {
		url: `http://localhost:${relayPort}`,
		cut() {
			down = true;
			for (const socket of open) socket.resetAndDestroy();
		},
		restore() {
			down = false;
		},
		close: () =>
			new Promise<void>((done) => {
				for (const socket of open) socket.destroy();
				relay.close(() => done());
			})
	};
}

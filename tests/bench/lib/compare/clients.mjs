// The simulated people of one step on one server: raw editors, or the real client libraries
// for 200 clients or fewer, grouped by document, with the readers that match deliveries.
import { Editor, Propagation } from '../editor.mjs';
import { pool } from '../pool.mjs';
import { Samples } from '../measure.mjs';
import { LibraryClient } from './library-clients.mjs';
import { SilentReader } from './silent-reader.mjs';

/**
 * Readers of a document that match each delivery (raw editors); the others only receive, as
 * silent readers (silent-reader.mjs). With the client libraries, every reader matches.
 */
const MEASURING_READERS = 40;
const CONNECT_CONCURRENCY = 20;

/**
 * @typedef {Editor | LibraryClient | SilentReader} Client
 * @typedef {{ name: string, propagation: Propagation, clients: Client[], typists: Client[],
 *   measuring: Client[] }} Room
 */

/**
 * Creates the clients of `documents`: `typists` editors and `readers` readers on each.
 * @param {object} options
 * @param {import('./targets.mjs').Target} options.target
 * @param {import('./targets.mjs').Running} options.running
 * @param {string[]} options.documents
 * @param {number} options.typists
 * @param {number} options.readers
 * @param {boolean} options.library
 * @param {import('../recorder.mjs').Recorder} options.recorder
 * @param {() => number} options.random
 * @param {((name: string, update: Uint8Array, sentAt: number) => void) | null} options.onSent
 */
export function createRooms(options) {
	const { target, running, typists, readers, library, recorder, random, onSent } = options;
	const stride = library ? 1 : Math.max(1, Math.ceil(readers / MEASURING_READERS));
	let index = 0;
	return options.documents.map((name) => {
		/** @type {Room} */
		const room = {
			name,
			propagation: new Propagation(recorder),
			clients: [],
			typists: [],
			measuring: []
		};
		for (let i = 0; i < typists + readers; i++) {
			const role = i < typists ? 'editor' : 'reader';
			const measures = role === 'editor' || (i - typists) % stride === 0;
			/** @type {Client} */
			let client;
			const common = {
				headers: target.headers(running, role, index++),
				name: `${role} ${i + 1}`,
				recorder,
				propagation: room.propagation,
				peers: () => room.measuring.reduce((n, c) => n + (c.open && c !== client ? 1 : 0), 0),
				random,
				role: /** @type {'editor' | 'reader'} */ (role),
				onUpdateSent: onSent
					? (/** @type {Uint8Array} */ update, /** @type {number} */ at) => onSent(name, update, at)
					: undefined
			};
			if (!library && !measures) {
				client = new SilentReader({
					url: running.wsUrl(name),
					headers: common.headers,
					framing: target.framing,
					documentName: name,
					recorder
				});
			} else if (library) {
				client = new LibraryClient({
					...common,
					framing: target.framing,
					serverUrl: running.serverUrl,
					documentName: name
				});
			} else {
				client = new Editor({
					...common,
					url: running.wsUrl(name),
					framing: target.framing,
					documentName: name,
					measures,
					showsPresence: false
				});
			}
			room.clients.push(client);
			if (role === 'editor') room.typists.push(client);
			if (measures) room.measuring.push(client);
		}
		return room;
	});
}

/**
 * Connects every client, CONNECT_CONCURRENCY at a time; returns the connect-to-synced times.
 * @param {Client[]} clients
 */
export async function connectAll(clients) {
	const times = new Samples();
	await pool(clients, CONNECT_CONCURRENCY, async (client) => {
		const started = performance.now();
		await client.connect();
		times.add(performance.now() - started);
	});
	return times;
}

/** @param {Room[]} rooms */
export function closeAll(rooms) {
	for (const room of rooms) for (const client of room.clients) client.close();
}

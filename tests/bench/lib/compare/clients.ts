// The simulated people of one step on one server: raw editors, or the real client libraries
// for 200 clients or fewer, grouped by document, with the readers that match deliveries.
import { Editor, Propagation } from '../editor.ts';
import { pool } from '../pool.ts';
import { Samples } from '../measure.ts';
import { LibraryClient } from './library-clients.ts';
import { SilentReader } from './silent-reader.ts';

/**
 * Readers of a document that match each delivery (raw editors); the others only receive, as
 * silent readers (silent-reader.ts). With the client libraries, every reader matches.
 */
const MEASURING_READERS = 40;
const CONNECT_CONCURRENCY = 20;

/** Typists are full clients (raw editors or the libraries'); readers may be silent. */
export type Typist = Editor | LibraryClient;
export type Client = Typist | SilentReader;
export interface Room {
	name: string;
	propagation: Propagation;
	clients: Client[];
	typists: Typist[];
	measuring: Client[];
}

/**
 * Creates the clients of `documents`: `typists` editors and `readers` readers on each.
 */
export function createRooms(options: {
	target: import('./targets.ts').Target;
	running: import('./targets.ts').Running;
	documents: string[];
	typists: number;
	readers: number;
	library: boolean;
	recorder: import('../recorder.ts').Recorder;
	random: () => number;
	onSent: ((name: string, update: Uint8Array, sentAt: number) => void) | null;
}) {
	const { target, running, typists, readers, library, recorder, random, onSent } = options;
	const stride = library ? 1 : Math.max(1, Math.ceil(readers / MEASURING_READERS));
	let index = 0;
	return options.documents.map((name) => {
		const room: Room = {
			name,
			propagation: new Propagation(recorder),
			clients: [],
			typists: [],
			measuring: []
		};
		for (let i = 0; i < typists + readers; i++) {
			const role = i < typists ? 'editor' : 'reader';
			const measures = role === 'editor' || (i - typists) % stride === 0;
			let client: Client;
			const common = {
				headers: target.headers(running, role, index++),
				name: `${role} ${i + 1}`,
				recorder,
				propagation: room.propagation,
				peers: () => room.measuring.reduce((n, c) => n + (c.open && c !== client ? 1 : 0), 0),
				random,
				role: role as 'editor' | 'reader',
				onUpdateSent: onSent
					? (update: Uint8Array, at: number) => onSent(name, update, at)
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
			// Editors always measure, so none is a silent reader.
			if (role === 'editor' && !(client instanceof SilentReader)) room.typists.push(client);
			if (measures) room.measuring.push(client);
		}
		return room;
	});
}

/**
 * Connects every client, CONNECT_CONCURRENCY at a time; returns the connect-to-synced times.
 */
export async function connectAll(clients: Client[]) {
	const times = new Samples();
	await pool(clients, CONNECT_CONCURRENCY, async (client) => {
		const started = performance.now();
		await client.connect();
		times.add(performance.now() - started);
	});
	return times;
}

export function closeAll(rooms: Room[]) {
	for (const room of rooms) for (const client of room.clients) client.close();
}

// A drill client: a raw WebSocket speaking y-websocket's sync protocol and Maillage's "stored"
// acknowledgement, with a Y.Doc that outlives its connections (it keeps typing offline and sends
// what the server lacks when it comes back, as the browser's provider does), and an exact
// account of what the server said it stored.
//
// The account. Updates are sent only once the connection is synced; before that, the reply to
// the server's sync step 1 (a sync step 2, the connection's first update-bearing message)
// carries everything the server lacks. So when the server acknowledges "the first N messages of
// this connection are stored", everything this client had typed when it sent message N is
// stored: its own structs up to the clock it had then, and its deletions made until then.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
/** Server → client: "the first N update-bearing messages of this connection are stored". */
export const MESSAGE_STORED = 100;

/** The transaction origin of what comes from the server. */
const REMOTE = Symbol('remote');
const LETTERS = 'abcdefghijklmnopqrstuvwxyz  éè,.';

export type Deletion = { client: number; clock: number; len: number };

export class DrillClient {
	doc = new Y.Doc();
	ws: WebSocket | null = null;
	synced = false;
	/** Close codes of this client's sockets, oldest first. */
	closes = [] as number[];
	/** Update-bearing messages sent on the current connection. */
	sent = 0;
	/** What message N of the current connection covers: own clock and deletions made by then. */
	covers = [] as { clock: number; deletions: number }[];
	/** Own structs below this clock, and the first `ackedDeletions` deletions, are stored. */
	ackedClock = 0;
	ackedDeletions = 0;
	/** Acknowledgements received, and the time of the latest. */
	acks = 0;
	lastAckAt = 0;
	/** Every deletion this client made, in order. */
	deletions = [] as Deletion[];
	/** Updates received from the server after the first sync (other people's typing). */
	received = 0;
	/** What the server sent that it should not have (an acknowledgement of unsent messages…). */
	anomalies = [] as string[];
	options: {
		url: string;
		headers: Record<string, string>;
		random: () => number;
		onAck?: (client: DrillClient) => void;
	};

	constructor(options: {
		url: string;
		headers: Record<string, string>;
		random: () => number;
		onAck?: (client: DrillClient) => void;
	}) {
		this.options = options;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === REMOTE) return;
			for (const [client, ranges] of Y.decodeUpdate(update).ds.clients) {
				for (const { clock, len } of ranges) this.deletions.push({ client, clock, len });
			}
			if (this.synced) this.sendUpdate(update);
		});
	}

	get clientID() {
		return this.doc.clientID;
	}

	/** This client's own clock: every struct it created is below it. */
	ownClock() {
		return Y.getState(this.doc.store, this.doc.clientID);
	}

	/** Everything this client typed is acknowledged as stored. */
	allAcked() {
		return this.ackedClock === this.ownClock() && this.ackedDeletions === this.deletions.length;
	}

	/** Opens a socket; resolves once the server's sync step 2 is applied. */
	connect(timeoutMs = 20_000) {
		this.sent = 0;
		this.covers = [];
		this.synced = false;
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(this.options.url, {
				headers: this.options.headers,
				perMessageDeflate: false
			});
			this.ws = ws;
			const timer = setTimeout(() => {
				reject(new Error(`no sync within ${timeoutMs} ms`));
				ws.terminate();
			}, timeoutMs);
			ws.on('unexpected-response', (_request, response) => {
				clearTimeout(timer);
				reject(new Error(`upgrade refused: HTTP ${response.statusCode}`));
				ws.terminate();
			});
			ws.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			ws.on('open', () => {
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeSyncStep1(encoder, this.doc);
				ws.send(encoding.toUint8Array(encoder));
			});
			ws.on('message', (data) => {
				if (this.ws !== ws) return;
				let synced = false;
				try {
					synced = this.receive(data as Buffer);
				} catch (e) {
					this.anomalies.push(e instanceof Error ? e.message : String(e));
				}
				if (synced) {
					clearTimeout(timer);
					resolve(undefined);
				}
			});
			ws.on('close', (code) => {
				clearTimeout(timer);
				if (this.ws === ws) {
					this.ws = null;
					this.synced = false;
				}
				this.closes.push(code);
				reject(new Error(`closed (${code}) before sync`));
			});
		});
	}

	/**
	 * Handles one message; true when it completed the first sync.
	 */
	receive(data: Buffer) {
		const decoder = decoding.createDecoder(
			new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
		);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) {
				// The reply carries everything the server lacks, typed offline included.
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeSyncStep2(encoder, this.doc, payload);
				this.sendBearing(encoding.toUint8Array(encoder));
				return false;
			}
			Y.applyUpdate(this.doc, payload, REMOTE);
			if (step === syncProtocol.messageYjsSyncStep2 && !this.synced) {
				this.synced = true;
				return true;
			}
			this.received++;
			return false;
		}
		if (type === MESSAGE_STORED) {
			const upTo = decoding.readVarUint(decoder);
			const cover = this.covers[upTo - 1];
			if (!cover) throw new Error(`acknowledgement of ${upTo} messages, ${this.sent} sent`);
			this.ackedClock = Math.max(this.ackedClock, cover.clock);
			this.ackedDeletions = Math.max(this.ackedDeletions, cover.deletions);
			this.acks++;
			this.lastAckAt = performance.now();
			this.options.onAck?.(this);
		}
		return false;
	}

	sendUpdate(update: Uint8Array) {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeUpdate(encoder, update);
		this.sendBearing(encoding.toUint8Array(encoder));
	}

	/** Sends an update-bearing message and notes what its acknowledgement will cover. */
	sendBearing(message: Uint8Array) {
		const ws = this.ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return;
		this.sent++;
		this.covers.push({ clock: this.ownClock(), deletions: this.deletions.length });
		ws.send(message);
	}

	/** The texts of the document's paragraphs. */
	texts() {
		const texts: Y.XmlText[] = [];
		for (const node of this.doc.getXmlFragment('default').toArray()) {
			if (node instanceof Y.XmlElement && node.get(0) instanceof Y.XmlText) {
				texts.push(node.get(0) as Y.XmlText);
			}
		}
		return texts;
	}

	/** One keystroke: mostly a character at a random place, sometimes a deletion or a paragraph. */
	keystroke() {
		const random = this.options.random;
		const texts = this.texts();
		const roll = random();
		if (texts.length === 0 || roll < 0.03) {
			const fragment = this.doc.getXmlFragment('default');
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(LETTERS[Math.floor(random() * 26)])]);
			fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph]);
			return;
		}
		const text = texts[Math.floor(random() * texts.length)];
		if (text.length > 0 && roll < 0.1) {
			text.delete(Math.floor(random() * text.length), 1);
		} else {
			const char = LETTERS[Math.floor(random() * LETTERS.length)];
			text.insert(Math.floor(random() * (text.length + 1)), char);
		}
	}

	/** The document as Tiptap's field holds it. */
	content() {
		return this.doc.getXmlFragment('default').toString();
	}

	close() {
		this.ws?.close(1000);
		this.ws = null;
		this.synced = false;
	}

	destroy() {
		this.ws?.terminate();
		this.ws = null;
		this.doc.destroy();
	}
}

/**
 * What `client` was told is stored (by default, so far) and `stored` (a document as read back
 * from storage) lacks: own characters and deletions. A deletion of a character whose insertion
 * is itself not stored (someone else's, lost) waits in the stored updates and is not counted.
 */
export function lostAcknowledged(
	stored: Y.Doc,
	client: DrillClient,
	acked = { clock: client.ackedClock, deletions: client.ackedDeletions }
) {
	const have = Y.getState(stored.store, client.clientID);
	const characters = Math.max(0, acked.clock - have);
	const deleteSet = Y.createDeleteSetFromStructStore(stored.store);
	let deletions = 0;
	for (const { client: owner, clock, len } of client.deletions.slice(0, acked.deletions)) {
		const present = Y.getState(stored.store, owner);
		for (let c = clock; c < clock + len && c < present; c++) {
			if (!Y.isDeleted(deleteSet, Y.createID(owner, c))) deletions++;
		}
	}
	return { characters, deletions };
}

/** The state vector of a document as a comparable string. */
export const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64');

/**
 * Makes every client type `keysPerSecond` keystrokes a second at random intervals (half to one
 * and a half times the mean), connected or not; returns the function that stops them.
 */
export function typeAway(clients: DrillClient[], random: () => number, keysPerSecond = 10) {
	const timers = new Map();
	let typing = true;
	const every = () => (1000 / keysPerSecond) * (0.5 + random());
	for (const client of clients) {
		const tick = () => {
			if (!typing) return;
			client.keystroke();
			timers.set(client, setTimeout(tick, every()));
		};
		timers.set(client, setTimeout(tick, random() * (1000 / keysPerSecond)));
	}
	return () => {
		typing = false;
		for (const timer of timers.values()) clearTimeout(timer);
	};
}

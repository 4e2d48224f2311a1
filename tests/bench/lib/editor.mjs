// A lightweight simulated editor: a raw WebSocket (ws) and a Y.Doc that speaks y-websocket's
// protocol itself — sync step 1/2, updates, awareness — plus Maillage's "stored" message, and
// types into the document the way the Tiptap editor would store it (a Y.XmlText inside a
// 'paragraph' XmlElement of the 'default' XmlFragment). Hundreds of them fit in one process,
// where the real y-websocket provider would cost far more.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

// The message types of src/lib/collab/protocol.ts (a TypeScript module, so restated here).
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Server → client: "the first N update-bearing messages of this connection are stored". */
export const MESSAGE_STORED = 100;

/** The transaction origin of what comes from the server, to tell it from local typing. */
const REMOTE = Symbol('remote');

/**
 * How propagation latency is measured.
 *
 * Every keystroke is one Yjs transaction, hence one update message, and carries a marker that
 * the update itself names, with nothing added to the document: an insertion creates exactly one
 * new struct, whose id (clientID, clock) is unique in the document; a deletion creates no struct
 * but its delete set names the id of the one character it removed. So the marker of a local
 * update is "s<client>:<clock>" of its first struct, or "d<client>:<clock>" of its first deleted
 * id, read back with Y.decodeUpdate.
 *
 * The server applies each message in its own transaction and broadcasts the update *that
 * transaction produced*, so a peer receives the same struct ids and delete-set ids. Each peer
 * decodes every incoming update into all the (client, clock) ids it contains (structs and
 * deletions) and looks them up among the pending markers of its document: a hit is one
 * propagation sample, "time the sender called send()" to "time the peer's socket delivered the
 * message", both read from the same performance.now() of this one process (no clock skew).
 * A marker is dropped once every peer that was connected when it was sent has seen it; those
 * left at the end were never delivered. Unlike the state-vector delta, this also times
 * deletions (5 % of keystrokes), which do not advance any clock; unlike embedding text markers,
 * it adds no content. Two peers deleting the same character at the same moment would share a
 * marker: such a collision is counted and left out of the samples.
 */
export class Propagation {
	/** @type {Map<string, { sentAt: number, remaining: number, measured: boolean }>} */
	pending = new Map();
	collisions = 0;

	/**
	 * @param {import('./recorder.mjs').Recorder} recorder
	 */
	constructor(recorder) {
		this.recorder = recorder;
	}

	/**
	 * @param {string | null} marker
	 * @param {number} sentAt
	 * @param {number} peers
	 * @param {boolean} measured
	 */
	sent(marker, sentAt, peers, measured) {
		if (!marker || peers === 0) return;
		if (this.pending.has(marker)) {
			this.pending.delete(marker);
			this.collisions++;
			return;
		}
		this.pending.set(marker, { sentAt, remaining: peers, measured });
	}

	/**
	 * @param {Uint8Array} update
	 * @param {number} receivedAt
	 */
	received(update, receivedAt) {
		if (this.pending.size === 0) return;
		for (const id of idsOf(update)) {
			const entry = this.pending.get(id);
			if (!entry) continue;
			if (entry.measured) this.recorder.propagation.add(receivedAt - entry.sentAt);
			if (--entry.remaining <= 0) this.pending.delete(id);
		}
	}

	/** Markers sent in the measurement window that some peer never received. */
	undelivered() {
		let count = 0;
		for (const entry of this.pending.values()) if (entry.measured) count++;
		return count;
	}
}

/**
 * Every id an update names: "s<client>:<clock>" for each clock of its structs and
 * "d<client>:<clock>" for each deleted clock.
 * @param {Uint8Array} update
 */
function idsOf(update, limit = 10_000) {
	const { structs, ds } = Y.decodeUpdate(update);
	/** @type {string[]} */
	const ids = [];
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		const { client, clock } = struct.id;
		for (let i = 0; i < struct.length && ids.length < limit; i++)
			ids.push(`s${client}:${clock + i}`);
	}
	for (const [client, deletions] of ds.clients) {
		for (const { clock, len } of deletions) {
			for (let i = 0; i < len && ids.length < limit; i++) ids.push(`d${client}:${clock + i}`);
		}
	}
	return ids;
}

/** The marker of a local keystroke's update: its first id. */
const markerOf = (/** @type {Uint8Array} */ update) => idsOf(update, 1)[0] ?? null;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz     éè,.';

/**
 * @typedef {object} EditorOptions
 * @property {string} url The document's socket, ws://127.0.0.1:<port>/collab/<id>.
 * @property {Record<string, string>} headers Cookie and Origin, as a browser sends them.
 * @property {string} name
 * @property {import('./recorder.mjs').Recorder} recorder
 * @property {Propagation} propagation The document's pending markers, shared by its editors.
 * @property {() => number} peers How many other editors of the document are connected now.
 * @property {() => number} random
 */

export class Editor {
	doc = new Y.Doc();
	awareness = new awarenessProtocol.Awareness(this.doc);
	/** @type {WebSocket | null} */
	ws = null;
	synced = false;
	open = false;
	/** Update-bearing messages sent (sync step 2 and update), as the server counts them. */
	updatesSent = 0;
	/** The highest N of the server's "first N stored" acknowledgements. */
	acked = 0;
	/** Send time of each update-bearing message still waiting for its acknowledgement. */
	sentAt = /** @type {Map<number, number>} */ (new Map());
	/** @type {NodeJS.Timeout | null} */
	typingTimer = null;
	/** @type {NodeJS.Timeout | null} */
	cursorTimer = null;
	closing = false;
	/** @type {number | null} */
	closeCode = null;

	/** @param {EditorOptions} options */
	constructor(options) {
		this.options = options;
		this.recorder = options.recorder;
		this.random = options.random;
		this.doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
			if (origin !== REMOTE) this.sendUpdate(update);
		});
		this.awareness.setLocalState({ user: { name: options.name, color: '#4f7d3a' } });
		this.awareness.on(
			'update',
			(
				/** @type {{ added: number[], updated: number[], removed: number[] }} */ change,
				/** @type {unknown} */ origin
			) => {
				if (origin !== 'local' || !this.open) return;
				this.sendAwareness([...change.added, ...change.updated, ...change.removed]);
			}
		);
	}

	/** Opens the socket; resolves once the server's sync step 2 (the stored state) is applied. */
	connect(timeoutMs = 30_000) {
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
			this.onSynced = () => {
				clearTimeout(timer);
				resolve(undefined);
			};
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
				this.open = true;
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeSyncStep1(encoder, this.doc);
				ws.send(encoding.toUint8Array(encoder));
				this.sendAwareness([this.doc.clientID]);
			});
			ws.on('message', (data) => this.receive(/** @type {Buffer} */ (data)));
			ws.on('close', (code) => {
				this.open = false;
				this.closeCode = code;
				this.stop();
				if (!this.closing) this.recorder.unexpectedCloses.push(code);
				clearTimeout(timer);
				reject(new Error(`closed (${code}) before sync`));
			});
		});
	}

	/** @type {() => void} */
	onSynced = () => {};

	/** @param {Buffer} data */
	receive(data) {
		const receivedAt = performance.now();
		const decoder = decoding.createDecoder(
			new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
		);
		const type = decoding.readVarUint(decoder);
		this.recorder.messagesReceived++;
		switch (type) {
			case MESSAGE_SYNC: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (step === syncProtocol.messageYjsSyncStep1) {
					const encoder = encoding.createEncoder();
					encoding.writeVarUint(encoder, MESSAGE_SYNC);
					syncProtocol.writeSyncStep2(encoder, this.doc, payload);
					this.send(encoding.toUint8Array(encoder), true);
				} else {
					if (step === syncProtocol.messageYjsUpdate) {
						this.options.propagation.received(payload, receivedAt);
					}
					Y.applyUpdate(this.doc, payload, REMOTE);
					if (step === syncProtocol.messageYjsSyncStep2 && !this.synced) {
						this.synced = true;
						this.onSynced();
					}
				}
				return;
			}
			case MESSAGE_AWARENESS:
				this.recorder.awarenessReceived++;
				awarenessProtocol.applyAwarenessUpdate(
					this.awareness,
					decoding.readVarUint8Array(decoder),
					REMOTE
				);
				return;
			case MESSAGE_QUERY_AWARENESS:
				this.sendAwareness([...this.awareness.getStates().keys()]);
				return;
			case MESSAGE_STORED: {
				const upTo = decoding.readVarUint(decoder);
				for (let i = this.acked + 1; i <= upTo; i++) {
					const sentAt = this.sentAt.get(i);
					this.sentAt.delete(i);
					if (sentAt !== undefined && sentAt >= 0) this.recorder.stored.add(receivedAt - sentAt);
				}
				this.acked = Math.max(this.acked, upTo);
				return;
			}
			default:
				this.recorder.unknownMessages++;
		}
	}

	/**
	 * Sends a message; update-bearing ones are counted and timed for the acknowledgements.
	 * @param {Uint8Array} message
	 */
	send(message, updateBearing = false) {
		if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
		if (updateBearing) {
			this.updatesSent++;
			this.sentAt.set(this.updatesSent, this.recorder.measuring ? performance.now() : -1);
		}
		this.ws.send(message);
		return true;
	}

	/** @param {Uint8Array} update */
	sendUpdate(update) {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeUpdate(encoder, update);
		const sentAt = performance.now();
		if (!this.send(encoding.toUint8Array(encoder), true)) return;
		const measured = this.recorder.measuring;
		if (measured) {
			this.recorder.updatesSent++;
			this.recorder.updateBytes += update.length;
		}
		this.options.propagation.sent(markerOf(update), sentAt, this.options.peers(), measured);
	}

	/** @param {number[]} clients */
	sendAwareness(clients) {
		if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
		);
		this.ws.send(encoding.toUint8Array(encoder));
		if (this.recorder.measuring) this.recorder.awarenessSent++;
	}

	/** The texts of the document's paragraphs, where keystrokes go. */
	texts() {
		/** @type {Y.XmlText[]} */
		const texts = [];
		for (const node of this.doc.getXmlFragment('default').toArray()) {
			if (!(node instanceof Y.XmlElement) || node.nodeName !== 'paragraph') continue;
			const first = node.get(0);
			if (first instanceof Y.XmlText) texts.push(first);
		}
		return texts;
	}

	/** Gives an empty document its first paragraph, as the editor does on first input. */
	ensureParagraph() {
		if (this.texts().length > 0) return;
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Banc d’essai')]);
		this.doc.getXmlFragment('default').insert(0, [paragraph]);
	}

	/** One keystroke: a character typed at a random place, or (with `deleteRatio`) one erased. */
	keystroke(deleteRatio = 0.05) {
		const texts = this.texts();
		if (texts.length === 0) return;
		const text = texts[Math.floor(this.random() * texts.length)];
		const length = text.length;
		if (length > 0 && this.random() < deleteRatio) {
			text.delete(Math.floor(this.random() * length), 1);
		} else {
			const char = LETTERS[Math.floor(this.random() * LETTERS.length)];
			text.insert(Math.floor(this.random() * (length + 1)), char);
		}
		if (this.recorder.measuring) this.recorder.keystrokes++;
	}

	/** Moves the caret somewhere in the text, like a selection change, shown to the others. */
	moveCursor() {
		const texts = this.texts();
		if (texts.length === 0) return;
		const text = texts[Math.floor(this.random() * texts.length)];
		const at = Y.relativePositionToJSON(
			Y.createRelativePositionFromTypeIndex(text, Math.floor(this.random() * (text.length + 1)))
		);
		this.awareness.setLocalStateField('cursor', { anchor: at, head: at });
	}

	/**
	 * Starts typing `keysPerSecond` keystrokes a second, each after a random interval drawn
	 * uniformly between half and one and a half times the mean, and moving the caret
	 * `cursorsPerSecond` times a second the same way.
	 * @param {{ keysPerSecond: number, cursorsPerSecond: number, deleteRatio: number }} load
	 */
	start(load) {
		const every = (/** @type {number} */ perSecond) => (1000 / perSecond) * (0.5 + this.random());
		const type = () => {
			this.keystroke(load.deleteRatio);
			this.typingTimer = setTimeout(type, every(load.keysPerSecond));
		};
		const move = () => {
			this.moveCursor();
			this.cursorTimer = setTimeout(move, every(load.cursorsPerSecond));
		};
		// A random phase, so that the editors do not type in step.
		this.typingTimer = setTimeout(type, this.random() * (1000 / load.keysPerSecond));
		this.cursorTimer = setTimeout(move, this.random() * (1000 / load.cursorsPerSecond));
	}

	stop() {
		if (this.typingTimer) clearTimeout(this.typingTimer);
		if (this.cursorTimer) clearTimeout(this.cursorTimer);
		this.typingTimer = this.cursorTimer = null;
	}

	/** Update-bearing messages sent in the measurement window and not acknowledged (yet). */
	unacknowledged() {
		let count = 0;
		for (const sentAt of this.sentAt.values()) if (sentAt >= 0) count++;
		return count;
	}

	close() {
		this.stop();
		this.closing = true;
		this.ws?.close(1000);
		this.awareness.destroy();
		this.doc.destroy();
	}
}

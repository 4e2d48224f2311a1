// A lightweight simulated editor: a raw WebSocket (ws) and a Y.Doc that speaks y-websocket's
// protocol itself — sync step 1/2, updates, awareness — plus Maillage's "stored" message, or
// the same messages in Hocuspocus's framing (each prefixed with the document's name, after an
// authentication message). It types through a Typist (typing.ts). Thousands of them fit in one
// process, where the real client libraries would cost far more.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { markerOf } from './propagation.ts';
import { Typist } from './typing.ts';

export { Propagation } from './propagation.ts';

// The message types of src/lib/collab/protocol.ts (a TypeScript module, so restated here).
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Hocuspocus: a sync message that must not be answered by another step 1. */
export const MESSAGE_SYNC_REPLY = 4;
/** Hocuspocus: "your update was applied" (not stored). */
export const MESSAGE_SYNC_STATUS = 8;
/**
 * Maillage, server → client: "the first N update-bearing messages of this connection are stored".
 */
export const MESSAGE_STORED = 100;
/** Hocuspocus's authentication sub-messages. */
const AUTH_TOKEN = 0;
const AUTH_DENIED = 1;

/** The transaction origin of what comes from the server, to tell it from local typing. */
const REMOTE = Symbol('remote');

export interface EditorOptions {
	/** The document's socket, e.g. ws://127.0.0.1:<port>/collab/<id>. */
	url: string;
	/** Cookie and Origin, as a browser sends them. */
	headers: Record<string, string>;
	name: string;
	recorder: import('./recorder.ts').Recorder;
	/** The document's pending markers. */
	propagation: import('./propagation.ts').Propagation;
	/** How many other measuring clients of the document are connected. */
	peers: () => number;
	random: () => number;
	/**
	 * y-websocket's messages (Maillage and the reference server), or Hocuspocus's (default
	 * y-websocket)
	 */
	framing?: 'y-websocket' | 'hocuspocus';
	/** The name Hocuspocus's messages carry. */
	documentName?: string;
	/**
	 * A reader has no presence of its own and, once synced, does not apply what it receives (it
	 * never types); default editor.
	 */
	role?: 'editor' | 'reader';
	/**
	 * Whether it matches what it receives against the pending keystrokes (default true); readers
	 * that do not still receive everything.
	 */
	measures?: boolean;
	/**
	 * Whether it applies the others' presence it receives (default true); raw clients of the
	 * comparison only count it, as nothing of theirs shows it.
	 */
	showsPresence?: boolean;
	/**
	 * Whether it applies what it receives to its document (default true); one that does not only
	 * times and counts what arrives, so that opening a large document measures the server, not this
	 * process decoding it.
	 */
	applies?: boolean;
	/** Called for each local update sent, to follow when it is stored. */
	onUpdateSent?: (update: Uint8Array, sentAt: number) => void;
}

export class Editor {
	doc = new Y.Doc();
	awareness = new awarenessProtocol.Awareness(this.doc);
	ws: WebSocket | null = null;
	synced = false;
	open = false;
	/**
	 * When the server's sync step 2 arrived (performance.now()), and the bytes of the sync
	 * messages until then (Maillage sends a large document in slices before its step 2).
	 */
	syncedAt = 0;
	syncBytes = 0;
	/** Update-bearing messages sent (sync step 2 and update), as Maillage counts them. */
	updatesSent = 0;
	/** The highest N of the server's "first N stored" acknowledgements. */
	acked = 0;
	/** Send time of each update-bearing message still waiting for its acknowledgement. */
	sentAt = new Map() as Map<number, number>;
	closing = false;
	closeCode: number | null = null;
	typist: Typist;
	showsPresence: boolean;
	applies: boolean;
	measures: boolean;
	reader: boolean;
	hocuspocus: boolean;
	random: () => number;
	recorder: import('./recorder.ts').Recorder;
	options: EditorOptions;

	constructor(options: EditorOptions) {
		this.options = options;
		this.recorder = options.recorder;
		this.random = options.random;
		this.hocuspocus = options.framing === 'hocuspocus';
		this.reader = options.role === 'reader';
		this.measures = options.measures ?? true;
		this.applies = options.applies ?? true;
		this.showsPresence = options.showsPresence ?? true;
		this.typist = new Typist(this.doc, this.awareness, this.recorder, this.random);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== REMOTE) this.sendUpdate(update);
		});
		if (this.reader) this.awareness.setLocalState(null);
		else this.awareness.setLocalState({ user: { name: options.name, color: '#4f7d3a' } });
		this.awareness.on(
			'update',
			(change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
				if (origin !== 'local' || !this.open || this.reader) return;
				this.sendAwareness([...change.added, ...change.updated, ...change.removed]);
			}
		);
	}

	/** An encoder for one message, with Hocuspocus's document-name prefix when it speaks that. */
	encoder() {
		const encoder = encoding.createEncoder();
		if (this.hocuspocus) encoding.writeVarString(encoder, this.options.documentName ?? '');
		return encoder;
	}

	/** Opens the socket; resolves once the server's sync step 2 (the stored state) is applied. */
	connect(timeoutMs = 30_000) {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(this.options.url, {
				headers: this.options.headers,
				perMessageDeflate: false,
				maxPayload: 256 * 2 ** 20
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
			this.onRefused = (reason: string) => {
				clearTimeout(timer);
				reject(new Error(`refused: ${reason}`));
				ws.terminate();
			};
			ws.on('unexpected-response', (_request, response) => {
				this.onRefused(`upgrade refused: HTTP ${response.statusCode}`);
			});
			ws.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			ws.on('open', () => {
				this.open = true;
				if (this.hocuspocus) {
					// Hocuspocus queues everything else until this message has been handled.
					const auth = this.encoder();
					encoding.writeVarUint(auth, MESSAGE_AUTH);
					encoding.writeVarUint(auth, AUTH_TOKEN);
					encoding.writeVarString(auth, 'bench');
					ws.send(encoding.toUint8Array(auth));
				}
				const encoder = this.encoder();
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeSyncStep1(encoder, this.doc);
				ws.send(encoding.toUint8Array(encoder));
				if (!this.reader) this.sendAwareness([this.doc.clientID]);
			});
			ws.on('message', (data) => this.receive(data as Buffer));
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

	onSynced: () => void = (): void => {};
	onRefused: (reason: string) => void = (): void => {};

	receive(data: Buffer) {
		const receivedAt = performance.now();
		const decoder = decoding.createDecoder(
			new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
		);
		this.recorder.messagesReceived++;
		if (this.hocuspocus && decoding.readVarString(decoder) !== this.options.documentName) return;
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC:
			case MESSAGE_SYNC_REPLY:
				return this.receiveSync(decoder, receivedAt, data.byteLength);
			case MESSAGE_AWARENESS:
				this.recorder.awarenessReceived++;
				if (this.reader || !this.showsPresence) return;
				awarenessProtocol.applyAwarenessUpdate(
					this.awareness,
					decoding.readVarUint8Array(decoder),
					REMOTE
				);
				return;
			case MESSAGE_QUERY_AWARENESS:
				if (!this.reader) this.sendAwareness([...this.awareness.getStates().keys()]);
				return;
			case MESSAGE_AUTH:
				if (this.hocuspocus && decoding.readVarUint(decoder) === AUTH_DENIED) {
					this.onRefused(decoding.readVarString(decoder));
				}
				return;
			case MESSAGE_SYNC_STATUS:
				if (this.hocuspocus) return;
				break;
			case MESSAGE_STORED: {
				if (this.hocuspocus) break;
				const upTo = decoding.readVarUint(decoder);
				for (let i = this.acked + 1; i <= upTo; i++) {
					const sentAt = this.sentAt.get(i);
					this.sentAt.delete(i);
					if (sentAt !== undefined && sentAt >= 0) this.recorder.stored.add(receivedAt - sentAt);
				}
				this.acked = Math.max(this.acked, upTo);
				return;
			}
		}
		this.recorder.unknownMessages++;
	}

	receiveSync(decoder: decoding.Decoder, receivedAt: number, bytes: number) {
		const step = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (!this.synced) this.syncBytes += bytes;
		if (step === syncProtocol.messageYjsSyncStep1) {
			const encoder = this.encoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeSyncStep2(encoder, this.doc, payload);
			this.send(encoding.toUint8Array(encoder), true);
			return;
		}
		if (step === syncProtocol.messageYjsUpdate) {
			if (this.measures) this.options.propagation.received(payload, receivedAt, this);
			// A reader never types, so it need not keep its copy of the document up to date.
			if (this.reader && this.synced) return;
		}
		if (this.applies) Y.applyUpdate(this.doc, payload, REMOTE);
		if (step === syncProtocol.messageYjsSyncStep2 && !this.synced) {
			this.synced = true;
			this.syncedAt = receivedAt;
			this.onSynced();
		}
	}

	/**
	 * Sends a message; update-bearing ones are counted and timed for the acknowledgements.
	 */
	send(message: Uint8Array, updateBearing = false) {
		if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
		if (updateBearing) {
			this.updatesSent++;
			this.sentAt.set(this.updatesSent, this.recorder.measuring ? performance.now() : -1);
		}
		this.ws.send(message);
		return true;
	}

	sendUpdate(update: Uint8Array) {
		const encoder = this.encoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeUpdate(encoder, update);
		const sentAt = performance.now();
		if (!this.send(encoding.toUint8Array(encoder), true)) return;
		const measured = this.recorder.measuring;
		if (measured) {
			this.recorder.updatesSent++;
			this.recorder.updateBytes += update.length;
		}
		this.options.propagation.sent(markerOf(update), sentAt, this.options.peers(), measured, this);
		if (measured) this.options.onUpdateSent?.(update, sentAt);
	}

	sendAwareness(clients: number[]) {
		if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
		const encoder = this.encoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
		);
		this.ws.send(encoding.toUint8Array(encoder));
		if (this.recorder.measuring) this.recorder.awarenessSent++;
	}

	texts() {
		return this.typist.texts();
	}

	ensureParagraph() {
		this.typist.ensureParagraph();
	}

	keystroke(deleteRatio = 0.05) {
		this.typist.keystroke(deleteRatio);
	}

	moveCursor() {
		this.typist.moveCursor();
	}

	start(load: import('./typing.ts').Load) {
		this.typist.start(load);
	}

	stop() {
		this.typist.stop();
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

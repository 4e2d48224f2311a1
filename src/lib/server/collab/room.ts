import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	CLOSE_PROTOCOL_ERROR,
	CLOSE_SERVER_ERROR,
	CLOSE_UNSUPPORTED,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_STORED,
	MESSAGE_SYNC
} from '$lib/collab/protocol';
import { applyInSlices, encodeUpdateInSteps, STRUCTS_PER_SLICE, yieldToLoop } from './slices';
import { loadStored } from './storage';
import type { UpdateWriter } from './writer';

/** One open socket on a document, and who is behind it. */
export interface Connection {
	socket: WebSocket;
	userId: string;
	sessionId: string;
	readOnly: boolean;
	/** Awareness client ids this socket speaks for, removed when it closes. */
	clients: Set<number>;
	/** Update-bearing messages received, and how many of them are stored. */
	received: number;
	stored: number;
	/** The answers to its first sync steps on a large document, one at a time (answerInSteps). */
	answering?: Promise<void>;
}

/** Bytes a socket may leave unsent before the next answer to it on a large document waits. */
const ANSWER_BACKLOG_BYTES = 4 * 2 ** 20;

/** Where an update came from: a socket, or the server itself acting for someone. */
export type Origin = Connection | { server: true; userId: string | null };

const isConnection = (origin: unknown): origin is Connection =>
	typeof origin === 'object' && origin !== null && 'socket' in origin;

/** An empty Yjs update (no structs, no deletions) changes nothing and is not stored. */
const isEmptyUpdate = (update: Uint8Array) => update.length <= 2 && update.every((b) => b === 0);

/** A sync message: its step (second step or update) and the Yjs update it carries. */
function syncMessage(step: number, update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/**
 * Whether an update's structs refer to their own author's structs only backwards, as every Yjs
 * edit does (its neighbours and parent existed when it was written). One that refers forward can
 * be held back by Yjs while it waits for another author's structs, be stored, and make the
 * document impossible to load once they arrive: it is refused before it is applied.
 */
function consistent(structs: (Y.Item | Y.GC | Y.Skip)[]): boolean {
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		const { client, clock } = struct.id;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		for (const ref of [struct.origin, struct.rightOrigin, parent]) {
			if (ref && ref.client === client && ref.clock >= clock) return false;
		}
	}
	return true;
}

/** How many structs the document holds: what decides whether it is sent in slices. */
function structCount(doc: Y.Doc): number {
	let count = 0;
	for (const structs of doc.store.clients.values()) count += structs.length;
	return count;
}

export class ProtocolError extends Error {
	constructor(readonly code: number) {
		super(`protocol error ${code}`);
	}
}

/**
 * A document open on the server: its Y.Doc, who is looking at it, and the path of every update
 * from a socket to the others and to the database.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly connections = new Set<Connection>();
	/** Resolves once the stored state is in `doc`; nothing is answered before. */
	readonly ready: Promise<void>;
	/** Updates appended since the last compaction, to decide when to compact. */
	appended = 0;
	/** Set when the content changed since the derived views were last computed. */
	dirty = false;
	/**
	 * The derivation under way, if any: the next waits for it, so that each reads the items the
	 * previous one stored and they never interleave.
	 */
	deriving: Promise<void> = Promise.resolve();
	lastChange = 0;
	/** Who made the latest edit, to whom the actions written meanwhile are attributed. */
	lastEditor: string | null = null;
	unloadTimer: NodeJS.Timeout | null = null;
	/**
	 * Set when an update failed halfway: Yjs may have integrated part of it before throwing, so
	 * `doc` no longer matches what is stored, and the server must reload it (CollabServer).
	 */
	tainted = false;
	/** The socket whose update is being applied, and what it changed, shared once it applied whole. */
	private applying: Connection | null = null;
	private held: Uint8Array[] = [];

	constructor(
		readonly documentId: string,
		private readonly writer: UpdateWriter,
		private readonly onChange: (room: Room) => void,
		/**
		 * Bytes a socket may leave unsent before it is cut off for not reading: every edit of its
		 * document would pile up in the server's memory otherwise.
		 */
		private readonly maxBacklogBytes: number
	) {
		this.awareness.setLocalState(null);
		// A large document is applied a slice at a time (see slices.ts): the sockets of every other
		// document are served in between. Edits are listened to once it is loaded: Yjs encodes
		// each transaction's update for its listeners, which would double the cost of loading.
		this.ready = loadStored(documentId).then(async ({ snapshot, updates }) => {
			await applyInSlices(this.doc, [...snapshot, ...updates], 'load');
			this.appended = updates.length;
			this.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== null && origin === this.applying) this.held.push(update);
				else this.broadcastUpdate(update, origin);
			});
		});
		this.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				const changed = [...added, ...updated, ...removed];
				if (isConnection(origin)) {
					for (const id of added) origin.clients.add(id);
					for (const id of removed) origin.clients.delete(id);
				}
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
				encoding.writeVarUint8Array(
					encoder,
					awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
				);
				// Everyone, the sender included: it keeps y-websocket's idle watchdog quiet.
				this.send([...this.connections], encoding.toUint8Array(encoder));
			}
		);
	}

	/** Sends the first sync step and the current presence to a new socket. */
	greet(conn: Connection): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		this.send([conn], encoding.toUint8Array(encoder));
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0) {
			const aw = encoding.createEncoder();
			encoding.writeVarUint(aw, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(
				aw,
				awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)
			);
			this.send([conn], encoding.toUint8Array(aw));
		}
	}

	/**
	 * Handles one message of a socket. Throws ProtocolError for a malformed or unknown message:
	 * the caller closes that socket, and only that one.
	 */
	receive(conn: Connection, message: Uint8Array): void {
		let decoder: decoding.Decoder;
		let type: number;
		try {
			decoder = decoding.createDecoder(message);
			type = decoding.readVarUint(decoder);
		} catch {
			throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
		}
		switch (type) {
			case MESSAGE_SYNC:
				return this.receiveSync(conn, decoder);
			case MESSAGE_AWARENESS: {
				let update: Uint8Array;
				try {
					update = decoding.readVarUint8Array(decoder);
					awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
				} catch {
					throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
				}
				return;
			}
			case MESSAGE_QUERY_AWARENESS: {
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
				encoding.writeVarUint8Array(
					encoder,
					awarenessProtocol.encodeAwarenessUpdate(this.awareness, [
						...this.awareness.getStates().keys()
					])
				);
				this.send([conn], encoding.toUint8Array(encoder));
				return;
			}
			default:
				throw new ProtocolError(CLOSE_UNSUPPORTED);
		}
	}

	private receiveSync(conn: Connection, decoder: decoding.Decoder): void {
		let step: number;
		let payload: Uint8Array;
		try {
			step = decoding.readVarUint(decoder);
			payload = decoding.readVarUint8Array(decoder);
		} catch {
			throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
		}
		if (step === syncProtocol.messageYjsSyncStep1) {
			if (structCount(this.doc) > STRUCTS_PER_SLICE) {
				let known: Map<number, number>;
				try {
					known = Y.decodeStateVector(payload);
				} catch {
					throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
				}
				// One answer at a time per socket: asking again and again only queues the answers.
				conn.answering = (conn.answering ?? Promise.resolve())
					.then(() => this.answerInSteps(conn, known))
					.catch((e) => {
						console.error('[collab] answering a sync step failed', e);
						conn.socket.close(CLOSE_SERVER_ERROR, 'sync failed');
					});
				return;
			}
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			try {
				syncProtocol.writeSyncStep2(encoder, this.doc, payload);
			} catch {
				throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
			}
			this.send([conn], encoding.toUint8Array(encoder));
			return;
		}
		if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
			throw new ProtocolError(CLOSE_UNSUPPORTED);
		}
		// A read-only connection may not change the document: its updates are dropped, unread.
		if (conn.readOnly) return;
		// Yjs integrates an update's structs before it reads the rest and may throw halfway, leaving
		// part of it in the document, unstored: a malformed update is refused before it touches it.
		let decoded: ReturnType<typeof Y.decodeUpdate>;
		try {
			decoded = Y.decodeUpdate(payload);
		} catch {
			throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
		}
		if (!consistent(decoded.structs)) throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
		this.applying = conn;
		try {
			Y.applyUpdate(this.doc, payload, conn);
		} catch {
			// Well formed, yet inconsistent: what it left in memory reaches nobody and nothing.
			this.held = [];
			this.tainted = true;
			throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
		} finally {
			this.applying = null;
		}
		for (const update of this.held.splice(0)) this.broadcastUpdate(update, conn);
		const index = ++conn.received;
		this.lastEditor = conn.userId;
		if (!isEmptyUpdate(payload)) {
			// The raw update, not the diff it caused: stored updates replay exactly, including any
			// part Yjs is still holding back until what it depends on arrives.
			this.writer.enqueue({ documentId: this.documentId, data: payload, userId: conn.userId });
			this.appended++;
		}
		this.writer.enqueue({
			documentId: this.documentId,
			data: null,
			userId: null,
			onStored: () => this.acknowledge(conn, index)
		});
	}

	/**
	 * Answers the first sync step of a socket on a large document with an update made a step at
	 * a time (slices.ts), giving the event loop back between two: encoding the whole document at
	 * once would hold up every other socket. It is sent in one message, so the editor on the
	 * other side never holds part of the document. One answer at a time per socket, each waiting
	 * until the socket has read most of what it was sent before.
	 */
	private async answerInSteps(conn: Connection, known: Map<number, number>): Promise<void> {
		while (this.connections.has(conn) && conn.socket.bufferedAmount > ANSWER_BACKLOG_BYTES) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		if (!this.connections.has(conn)) return;
		const steps = encodeUpdateInSteps(this.doc, known);
		let step = steps.next();
		while (!step.done) {
			await yieldToLoop();
			if (!this.connections.has(conn)) return;
			step = steps.next();
		}
		this.send([conn], syncMessage(syncProtocol.messageYjsSyncStep2, step.value));
	}

	/** Applies a change made by the server (a restored version, a template) like any other edit. */
	applyServerUpdate(update: Uint8Array, userId: string | null): void {
		Y.applyUpdate(this.doc, update, { server: true, userId });
	}

	private broadcastUpdate(update: Uint8Array, origin: unknown): void {
		if (!isConnection(origin)) {
			const server = origin as { server?: boolean; userId?: string | null } | null;
			this.lastEditor = server?.userId ?? this.lastEditor;
			this.writer.enqueue({
				documentId: this.documentId,
				data: update,
				userId: server?.userId ?? null
			});
			this.appended++;
		}
		this.dirty = true;
		this.lastChange = Date.now();
		this.send(
			[...this.connections].filter((c) => c !== origin),
			syncMessage(syncProtocol.messageYjsUpdate, update)
		);
		this.onChange(this);
	}

	private acknowledge(conn: Connection, index: number): void {
		if (index <= conn.stored || !this.connections.has(conn)) return;
		conn.stored = index;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_STORED);
		encoding.writeVarUint(encoder, index);
		this.send([conn], encoding.toUint8Array(encoder));
	}

	/** Forgets a socket and the presence it spoke for. */
	leave(conn: Connection): void {
		this.connections.delete(conn);
		if (conn.clients.size > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clients], null);
		}
	}

	send(connections: Connection[], message: Uint8Array): void {
		for (const conn of connections) {
			if (conn.socket.readyState !== conn.socket.OPEN) continue;
			if (conn.socket.bufferedAmount > this.maxBacklogBytes) {
				conn.socket.terminate();
				continue;
			}
			conn.socket.send(message, { binary: true }, (error) => {
				if (error) conn.socket.terminate();
			});
		}
	}

	destroy(): void {
		this.awareness.destroy();
		this.doc.destroy();
	}
}

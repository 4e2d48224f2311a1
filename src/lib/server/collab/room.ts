import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	CLOSE_DOCUMENT_FULL,
	CLOSE_PROTOCOL_ERROR,
	CLOSE_SERVER_ERROR,
	CLOSE_UNSUPPORTED,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC
} from '$lib/collab/protocol';
import { isConnection, ServerEdit, type Connection } from './connection';
import {
	awarenessMessage,
	consistent,
	isEmptyUpdate,
	storedMessage,
	structCount,
	syncMessage,
	syncStep1
} from './messages';
import type { DocumentStore } from './persistence/document-store';
import {
	applyInSlices,
	encodeUpdateInSteps,
	STRUCTS_PER_SLICE,
	yieldToLoop
} from './persistence/slices';
import { Presence } from './presence';

export type { Connection };

/** Bytes a socket may leave unsent before the next answer to it on a large document waits. */
const ANSWER_BACKLOG_BYTES = 4 * 2 ** 20;

export class ProtocolError extends Error {
	constructor(
		readonly code: number,
		/** The close frame's reason, for whoever looks at the connection. */
		readonly reason = 'bad message'
	) {
		super(`protocol error ${code}`);
	}
}

/**
 * Share of the size limit a full document may still take in updates that only delete, so that it
 * can be made smaller: compaction then frees what they deleted.
 */
const DELETIONS_ROOM = 1 / 16;

/**
 * A document open on the server and its protocol: y-websocket's sync and awareness messages of
 * its sockets, and the path of every update, from a socket or from the server, to the other
 * sockets and to storage. Where it lives, when it loads and leaves memory, is rooms.ts's business.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	/** Who may say what in `awareness`, and how much of it there is. */
	readonly presence = new Presence(this.awareness);
	readonly connections = new Set<Connection>();
	/** Resolves once the stored state is in `doc`; nothing is answered before. */
	readonly ready: Promise<void>;
	/** Who made the latest edit, to whom what is derived from it is attributed. */
	private editor: string | null = null;
	private broken = false;
	/** The socket whose update is being applied, and what it changed, shared once it applied whole. */
	private applying: Connection | null = null;
	private held: Uint8Array[] = [];

	constructor(
		readonly documentId: string,
		private readonly store: DocumentStore,
		/** Called after each change of the content, whoever made it. */
		private readonly onChange: (room: Room) => void,
		/**
		 * Bytes a socket may leave unsent before it is cut off for not reading: every edit of its
		 * document would pile up in the server's memory otherwise.
		 */
		private readonly maxBacklogBytes: number,
		/** Bytes the document may hold as stored: an update from a socket beyond is refused. */
		private readonly maxDocumentBytes = Infinity
	) {
		this.awareness.setLocalState(null);
		// A large document is applied a slice at a time (see slices.ts): the sockets of every other
		// document are served in between. Edits are listened to once it is loaded: Yjs encodes
		// each transaction's update for its listeners, which would double the cost of loading.
		this.ready = store.load().then(async (parts) => {
			await applyInSlices(this.doc, parts, 'load');
			this.doc.on('update', (update: Uint8Array, origin: unknown) => {
				// A socket's update is shared once it applied whole, and stored as it came (receiveSync).
				if (origin !== null && origin === this.applying) this.held.push(update);
				else {
					const userId = origin instanceof ServerEdit ? origin.userId : null;
					this.commit(update, [update], userId, null);
				}
			});
		});
		this.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				if (isConnection(origin)) {
					for (const id of added) origin.clients.add(id);
					for (const id of removed) origin.clients.delete(id);
				}
				// Everyone, the sender included: it keeps y-websocket's idle watchdog quiet.
				this.send(
					[...this.connections],
					awarenessMessage(this.awareness, [...added, ...updated, ...removed])
				);
			}
		);
	}

	/** Who made the latest edit (a socket's person, or the person the server edited for). */
	get lastEditor(): string | null {
		return this.editor;
	}

	/**
	 * Set when an update failed halfway: Yjs may have integrated part of it before throwing, so
	 * `doc` no longer matches what is stored, and the document must be reloaded (rooms.ts).
	 */
	get tainted(): boolean {
		return this.broken;
	}

	/**
	 * Changes the document on the server's side, for `userId` (or nobody): stored, shared with
	 * every socket and settled like any other edit.
	 */
	edit(userId: string | null, change: (doc: Y.Doc) => void): void {
		Y.transact(this.doc, () => change(this.doc), new ServerEdit(userId));
	}

	/** Lets a socket in: it is sent the first sync step and the current presence. */
	join(conn: Connection): void {
		this.connections.add(conn);
		this.send([conn], syncStep1(this.doc));
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0) this.send([conn], awarenessMessage(this.awareness, states));
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
				try {
					this.presence.receive(conn, decoding.readVarUint8Array(decoder), this.connections);
				} catch {
					throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
				}
				return;
			}
			case MESSAGE_QUERY_AWARENESS:
				this.send([conn], awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
				return;
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
		// Refused whole before it is applied, so that nothing of it is kept, shared or stored.
		const limit = this.maxDocumentBytes * (decoded.structs.length === 0 ? 1 + DELETIONS_ROOM : 1);
		if (!isEmptyUpdate(payload) && this.store.storedBytes + payload.length > limit) {
			throw new ProtocolError(CLOSE_DOCUMENT_FULL, 'document full');
		}
		this.applying = conn;
		try {
			Y.applyUpdate(this.doc, payload, conn);
		} catch {
			// Well formed, yet inconsistent: what it left in memory reaches nobody and nothing.
			this.held = [];
			this.broken = true;
			throw new ProtocolError(CLOSE_PROTOCOL_ERROR);
		} finally {
			this.applying = null;
		}
		const index = ++conn.received;
		// The raw update, not the diff it caused: stored updates replay exactly, including any
		// part Yjs is still holding back until what it depends on arrives.
		this.commit(isEmptyUpdate(payload) ? null : payload, this.held.splice(0), conn.userId, conn);
		this.store.afterStored(() => this.acknowledge(conn, index));
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

	/**
	 * The one path of every update, whatever its origin: `stored` is appended to storage (a
	 * socket's update as it came, the server's as Yjs encoded it), `shared` (what it changed) goes
	 * to every socket but the one it came from, and the change is reported.
	 */
	private commit(
		stored: Uint8Array | null,
		shared: Uint8Array[],
		userId: string | null,
		from: Connection | null
	): void {
		// The server editing for nobody leaves the edit to the person who made the one before.
		if (userId) this.editor = userId;
		if (stored) this.store.append(stored, userId);
		if (shared.length === 0) return;
		const others = [...this.connections].filter((c) => c !== from);
		for (const update of shared) {
			this.send(others, syncMessage(syncProtocol.messageYjsUpdate, update));
		}
		this.onChange(this);
	}

	private acknowledge(conn: Connection, index: number): void {
		if (index <= conn.stored || !this.connections.has(conn)) return;
		conn.stored = index;
		this.send([conn], storedMessage(index));
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

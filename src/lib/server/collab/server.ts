import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
	CLOSE_GOING_AWAY,
	CLOSE_SERVER_ERROR,
	CLOSE_TRY_AGAIN,
	MAX_FRAME_BYTES
} from '$lib/collab/protocol';
import { isDatabaseUnavailable } from '$lib/server/db/unavailable';
import type { Connection } from './connection';
import { Heartbeat } from './heartbeat';
import type { AccessChange, CollabHooks, Verdict } from './hooks';
import { Inbox, SocketCounts } from './limits';
import { toBytes } from './messages';
import { UpdateWriter } from './persistence/writer';
import { ProtocolError, type Room } from './room';
import { Rooms } from './rooms';
import { resolveOptions, type CollabOptions } from './options';
import { authoriseUpgrade, documentOf, refuse, revalidate } from './upgrade';

/** A document open live, as the app reads and edits it outside any socket. */
export type LiveDocument = Pick<Room, 'documentId' | 'doc' | 'edit'>;

/**
 * The collaboration server: y-websocket's sync and awareness protocols on the app's own HTTP
 * server, with the app's hooks deciding who may open what (upgrade.ts), documents loaded and
 * unloaded by rooms.ts, each one's protocol in room.ts, and durable storage in persistence/.
 */
export class CollabServer {
	readonly writer = new UpdateWriter();
	private readonly registry: Rooms;
	/** Sockets let in whose document is still loading, with its id: their rights can change too. */
	private readonly joining = new Map<Connection, string>();
	private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
	private readonly heartbeat: Heartbeat;
	private readonly options: Required<CollabOptions>;
	private readonly sockets: SocketCounts;
	private hooks: CollabHooks;
	private stopListening: () => void;
	private closed = false;

	constructor(hooks: CollabHooks, options: CollabOptions = {}) {
		this.options = resolveOptions(options);
		this.hooks = hooks;
		this.registry = new Rooms(
			this.writer,
			{
				unloadAfterMs: this.options.unloadAfterMs,
				settleAfterMs: this.options.deriveAfterMs,
				compactAfter: this.options.compactAfter,
				maxBacklogBytes: this.options.maxBacklogBytes,
				maxDocumentBytes: this.options.maxDocumentBytes
			},
			// Through `this.hooks`, so that hooks installed later are the ones called.
			(documentId, doc, editorId) => this.hooks.onSettled(documentId, doc, editorId)
		);
		this.sockets = new SocketCounts({
			perPerson: this.options.maxSocketsPerPerson,
			perDocument: this.options.maxSocketsPerDocument
		});
		this.stopListening = hooks.onAccessChanged((change) => void this.revalidate(change));
		this.heartbeat = new Heartbeat(this.wss, this.options.heartbeatMs);
	}

	/**
	 * Replaces the hooks, keeping every socket and document: the dev server installs the app's
	 * hooks again each time their modules are evaluated anew, so that an edit of the app's code
	 * takes effect without a restart.
	 */
	useHooks(hooks: CollabHooks): void {
		if (hooks === this.hooks) return;
		this.stopListening();
		this.hooks = hooks;
		this.stopListening = this.closed
			? () => {}
			: hooks.onAccessChanged((c) => void this.revalidate(c));
	}

	/** The documents in memory, by id (for the tests and the health figures). */
	get rooms(): ReadonlyMap<string, Room> {
		return this.registry.loaded;
	}

	/**
	 * Authorises an upgrade request before accepting it: no session → 401, no right or a foreign
	 * Origin → 403 (as the authorise hook says), a person with as many sockets as they may have →
	 * 429, and the socket is closed without upgrading.
	 */
	async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		socket.on('error', () => socket.destroy());
		const documentId = documentOf(request.url);
		if (!documentId || this.closed) return refuse(socket, this.closed ? 503 : 404);
		const verdict = await authoriseUpgrade(this.hooks, request, socket, head, documentId);
		if (!verdict.ok) return refuse(socket, verdict.status);
		if (socket.destroyed) return;
		// Counted from here, while the document loads too, until the connection is gone; nothing
		// was awaited since the check, so sockets asking at the same time cannot all slip in.
		const release = this.sockets.admit(verdict.userId, documentId);
		if (!release) return refuse(socket, 429);
		// The TCP socket's close: also when the upgrade fails and ws never hands a WebSocket over.
		socket.once('close', release);
		this.wss.handleUpgrade(request, socket, head, (ws) => {
			void this.accept(ws, documentId, verdict);
		});
	}

	private async accept(ws: WebSocket, documentId: string, verdict: Verdict & { ok: true }) {
		const conn: Connection = {
			socket: ws,
			userId: verdict.userId,
			name: verdict.name,
			avatar: verdict.avatar,
			colour: verdict.colour,
			sessionId: verdict.sessionId,
			readOnly: !verdict.canWrite,
			clients: new Set(),
			received: 0,
			stored: 0
		};
		// Kept while the document loads, then paced (limits.ts).
		const inbox = new Inbox(ws, {
			burst: this.options.messageBurst,
			perSecond: this.options.messagesPerSecond,
			maxWaiting: this.options.maxWaitingMessages
		});
		let room: Room | null = null;
		// ws reports here the frames it refuses (too big, malformed) after it has sent the close
		// code itself and started reading the rest of the frame away; ending the socket now would
		// reset the connection, and the peer could lose the close frame (1006 instead of 1009).
		// Network errors destroy the socket in ws already.
		ws.on('error', () => {});
		this.heartbeat.watch(ws);
		ws.on('message', (data: RawData, isBinary: boolean) => {
			const message = toBytes(data);
			if (!isBinary && message.length === 0) return;
			inbox.receive(message);
		});
		ws.on('close', () => {
			inbox.stop();
			if (room) {
				room.leave(conn);
				this.registry.release(room);
			}
		});
		this.joining.set(conn, documentId);
		let loaded: Room;
		try {
			loaded = await this.registry.get(documentId);
		} catch (e) {
			if (isDatabaseUnavailable(e)) ws.close(CLOSE_TRY_AGAIN, 'database unavailable');
			else {
				console.error('[collab] loading a document failed', e);
				ws.close(CLOSE_SERVER_ERROR, 'load failed');
			}
			return;
		} finally {
			this.joining.delete(conn);
		}
		if (ws.readyState !== ws.OPEN || this.closed) {
			if (ws.readyState === ws.OPEN) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
			this.registry.release(loaded);
			return;
		}
		room = loaded;
		this.registry.hold(room);
		room.join(conn);
		inbox.start((message) => this.dispatch(loaded, conn, message));
	}

	private dispatch(room: Room, conn: Connection, message: Uint8Array): void {
		if (conn.socket.readyState !== conn.socket.OPEN) return;
		try {
			room.receive(conn, message);
		} catch (e) {
			const code = e instanceof ProtocolError ? e.code : CLOSE_SERVER_ERROR;
			if (!(e instanceof ProtocolError)) console.error('[collab] message failed', e);
			conn.socket.close(code, e instanceof ProtocolError ? e.reason : 'bad message');
			room.leave(conn);
			if (room.tainted) void this.registry.reload(room);
		}
	}

	/**
	 * Runs `fn` on the live document, loaded for the occasion if nobody has it open: what it reads
	 * is what the editors see, and what it changes through `edit` reaches them at once.
	 */
	withDocument<T>(documentId: string, fn: (doc: LiveDocument) => T | Promise<T>): Promise<T> {
		return this.registry.with(documentId, fn);
	}

	/** Re-checks the sockets an access change may concern, and closes those that lost access. */
	async revalidate(change: AccessChange): Promise<void> {
		const roomOf = new Map<Connection, Room>();
		const sockets: [Connection, string][] = [];
		for (const [conn, room] of this.registry.connections()) {
			roomOf.set(conn, room);
			sockets.push([conn, room.documentId]);
		}
		// A socket let in while its document loads was authorised before this change too.
		for (const [conn, documentId] of this.joining) sockets.push([conn, documentId]);
		await revalidate(this.hooks, change, sockets, (conn) => {
			const room = roomOf.get(conn);
			if (!room) return;
			room.leave(conn);
			this.registry.release(room);
		});
	}

	/** Closes every socket, writes everything pending and unloads every document. */
	async shutdown(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.stopListening();
		this.heartbeat.stop();
		for (const [conn, room] of [...this.registry.connections()]) {
			conn.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
			room.connections.delete(conn);
		}
		for (const conn of this.joining.keys()) {
			conn.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
		}
		await this.registry.close();
		await this.writer.flush();
		this.wss.close();
	}

	/** Figures for the benchmarks, the fault drills and the health check. */
	stats() {
		let connections = 0;
		for (const room of this.registry.loaded.values()) connections += room.connections.size;
		const { rooms, loading, unloading, loads, failedLoads, unloads, reloads } =
			this.registry.stats();
		return {
			rooms,
			connections,
			/** Sockets let in whose document is still loading, and documents loading or leaving. */
			joining: this.joining.size,
			loading,
			unloading,
			loads,
			failedLoads,
			unloads,
			reloads,
			silentDropped: this.heartbeat.dropped,
			pendingWrites: this.writer.pending,
			...this.writer.stats
		};
	}
}

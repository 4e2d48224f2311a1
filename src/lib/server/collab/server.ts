import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
	CLOSE_ARCHIVED,
	CLOSE_FORBIDDEN,
	CLOSE_GOING_AWAY,
	CLOSE_LOGGED_OUT,
	CLOSE_RELOADED,
	CLOSE_RIGHTS_CHANGED,
	CLOSE_SERVER_ERROR,
	MAX_FRAME_BYTES
} from '$lib/collab/protocol';
import { onAccessChanged, type AccessChange } from '$lib/server/events';
import { authorise, recheck, type Verdict } from './authorise';
import { deriveViews } from './derive';
import { ProtocolError, Room, type Connection } from './room';
import { compact, loadDoc } from './storage';
import { UpdateWriter } from './writer';

export interface CollabOptions {
	/** How long a document nobody has open stays in memory. */
	unloadAfterMs?: number;
	/** How long after the last edit the derived views (text, HTML, tasks) are recomputed. */
	deriveAfterMs?: number;
	/** Appended updates after which a document is compacted into its snapshot. */
	compactAfter?: number;
	/** Bytes a socket may leave unsent before it is cut off for not reading (64 MiB). */
	maxBacklogBytes?: number;
}

const PATH = /^\/collab\/([0-9a-f-]{36})\/?(?:\?.*)?$/i;
/** Messages a socket may have waiting while its document loads. */
const MAX_QUEUED = 2000;

/**
 * The collaboration server: y-websocket's sync and awareness protocols on the app's own HTTP
 * server, with authorisation at the upgrade, read-only sockets, durable storage through the
 * writer, and the derived views of each document.
 */
export class CollabServer {
	readonly writer = new UpdateWriter();
	readonly rooms = new Map<string, Room>();
	private readonly loading = new Map<string, Promise<Room>>();
	/** Sockets let in whose document is still loading, with its id: their rights can change too. */
	private readonly joining = new Map<Connection, string>();
	private readonly unloading = new Map<string, Promise<void>>();
	private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
	private readonly stopListening: () => void;
	private readonly deriveTimers = new Map<string, NodeJS.Timeout>();
	private closed = false;
	private readonly options: Required<CollabOptions>;
	/** Documents read from storage (failed reads apart) and that left memory, since the start. */
	private loads = 0;
	private failedLoads = 0;
	private unloads = 0;
	/** Documents reloaded because an update failed halfway (see reload). */
	private reloads = 0;

	constructor(options: CollabOptions = {}) {
		this.options = {
			unloadAfterMs: options.unloadAfterMs ?? 60_000,
			deriveAfterMs: options.deriveAfterMs ?? 2_000,
			compactAfter: options.compactAfter ?? 500,
			maxBacklogBytes: options.maxBacklogBytes ?? 64 * 2 ** 20
		};
		this.stopListening = onAccessChanged((change) => void this.revalidate(change));
	}

	/** True for the upgrade requests this server answers (the rest go to Vite, in dev). */
	static handles(url: string | undefined): boolean {
		return !!url && url.startsWith('/collab/');
	}

	/**
	 * Authorises an upgrade request before accepting it: no session → 401, no right or a foreign
	 * Origin → 403, and the socket is closed without upgrading.
	 */
	async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		socket.on('error', () => socket.destroy());
		const match = PATH.exec(request.url ?? '');
		if (!match || this.closed) return refuse(socket, this.closed ? 503 : 404);
		const documentId = match[1].toLowerCase();
		let verdict: Verdict;
		try {
			verdict = await authorise(request, documentId);
		} catch (e) {
			console.error('[collab] authorisation failed', e);
			return refuse(socket, 500);
		}
		if (!verdict.ok) return refuse(socket, verdict.status);
		// A WebSocket client sends nothing before the server's answer (RFC 6455, 4.1): one whose
		// bytes are already here, a flood at once after the request, is not let in. Node stops
		// reading at about 64 KiB, so a size limit would never be reached; any byte counts.
		if (head.length > 0 || socket.readableLength > 0) return refuse(socket, 400);
		if (socket.destroyed) return;
		this.wss.handleUpgrade(request, socket, head, (ws) => {
			void this.accept(ws, documentId, verdict);
		});
	}

	private async accept(ws: WebSocket, documentId: string, verdict: Verdict & { ok: true }) {
		const conn: Connection = {
			socket: ws,
			userId: verdict.userId,
			sessionId: verdict.sessionId,
			readOnly: !verdict.canWrite,
			clients: new Set(),
			received: 0,
			stored: 0
		};
		const queue: Uint8Array[] = [];
		let room: Room | null = null;
		ws.on('error', () => ws.terminate());
		ws.on('message', (data: RawData, isBinary: boolean) => {
			const message = toBytes(data);
			if (!isBinary && message.length === 0) return;
			if (!room) {
				if (queue.length >= MAX_QUEUED) ws.close(1008, 'too many messages');
				else queue.push(message);
				return;
			}
			this.dispatch(room, conn, message);
		});
		ws.on('close', () => {
			if (room) {
				room.leave(conn);
				this.scheduleUnload(room);
			}
		});
		this.joining.set(conn, documentId);
		let loaded: Room;
		try {
			loaded = await this.open(documentId);
		} catch (e) {
			console.error('[collab] loading a document failed', e);
			ws.close(CLOSE_SERVER_ERROR, 'load failed');
			return;
		} finally {
			this.joining.delete(conn);
		}
		if (ws.readyState !== ws.OPEN || this.closed) {
			if (ws.readyState === ws.OPEN) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
			this.scheduleUnload(loaded);
			return;
		}
		room = loaded;
		room.connections.add(conn);
		if (room.unloadTimer) clearTimeout(room.unloadTimer);
		room.unloadTimer = null;
		room.greet(conn);
		for (const message of queue.splice(0)) this.dispatch(room, conn, message);
	}

	private dispatch(room: Room, conn: Connection, message: Uint8Array): void {
		if (conn.socket.readyState !== conn.socket.OPEN) return;
		try {
			room.receive(conn, message);
		} catch (e) {
			const code = e instanceof ProtocolError ? e.code : CLOSE_SERVER_ERROR;
			if (!(e instanceof ProtocolError)) console.error('[collab] message failed', e);
			conn.socket.close(code, 'bad message');
			room.leave(conn);
			if (room.tainted) void this.reload(room);
		}
	}

	/**
	 * Brings a document whose memory no longer matches storage (an update failed halfway) back to
	 * what is stored: everyone's socket closes with CLOSE_RELOADED, the document leaves memory
	 * (writing what is pending), and the clients reconnect to it loaded afresh and send again
	 * what the server does not have.
	 */
	private async reload(room: Room): Promise<void> {
		if (this.rooms.get(room.documentId) !== room) return;
		this.reloads++;
		console.warn(`[collab] an update failed halfway on ${room.documentId}: reloading it`);
		for (const conn of [...room.connections]) {
			conn.socket.close(CLOSE_RELOADED, 'reloaded');
			room.leave(conn);
		}
		await this.unload(room);
	}

	/** The room of a document, loading its stored state first (once, however many ask). */
	async open(documentId: string): Promise<Room> {
		const unloading = this.unloading.get(documentId);
		if (unloading) await unloading;
		const existing = this.rooms.get(documentId);
		if (existing) return existing;
		const pending = this.loading.get(documentId);
		if (pending) return pending;
		const room = new Room(
			documentId,
			this.writer,
			(r) => this.changed(r),
			this.options.maxBacklogBytes
		);
		this.loads++;
		const load = room.ready.then(() => {
			this.rooms.set(documentId, room);
			this.loading.delete(documentId);
			return room;
		});
		load.catch(() => {
			this.failedLoads++;
			this.loading.delete(documentId);
		});
		this.loading.set(documentId, load);
		return load;
	}

	/** Runs `fn` on the live document, loaded for the occasion if nobody has it open. */
	async withRoom<T>(documentId: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
		const room = await this.open(documentId);
		try {
			return await fn(room);
		} finally {
			this.scheduleUnload(room);
		}
	}

	private changed(room: Room): void {
		if (room.appended >= this.options.compactAfter) {
			room.appended = 0;
			// The updates stay stored if it fails; a rejection left unhandled would end the process.
			void this.writer
				.schedule(() => compact(room.documentId))
				.catch((e) => console.error('[collab] compaction failed', e));
		}
		const previous = this.deriveTimers.get(room.documentId);
		if (previous) clearTimeout(previous);
		this.deriveTimers.set(
			room.documentId,
			setTimeout(() => void this.derive(room), this.options.deriveAfterMs)
		);
	}

	private derive(room: Room): Promise<void> {
		this.deriveTimers.delete(room.documentId);
		room.deriving = room.deriving.then(async () => {
			if (!room.dirty) return;
			room.dirty = false;
			try {
				await deriveViews(room.documentId, room.doc, room.lastEditor);
			} catch (e) {
				room.dirty = true;
				console.error('[collab] deriving views failed', e);
			}
		});
		return room.deriving;
	}

	private scheduleUnload(room: Room): void {
		if (room.connections.size > 0 || room.unloadTimer || this.closed) return;
		room.unloadTimer = setTimeout(() => {
			room.unloadTimer = null;
			const current = this.rooms.get(room.documentId) === room;
			if (current && room.connections.size === 0 && !this.closed) void this.unload(room);
		}, this.options.unloadAfterMs);
		room.unloadTimer.unref();
	}

	/** Writes what is pending, derives, compacts, and lets the document leave memory. */
	private unload(room: Room): Promise<void> {
		const id = room.documentId;
		const done = (async () => {
			this.rooms.delete(id);
			if (room.unloadTimer) clearTimeout(room.unloadTimer);
			room.unloadTimer = null;
			const timer = this.deriveTimers.get(id);
			if (timer) clearTimeout(timer);
			this.deriveTimers.delete(id);
			await this.writer.flush();
			await room.deriving;
			if (room.dirty) {
				// A tainted document's memory is not what is stored: the views come from storage.
				const doc = room.tainted ? await loadDoc(id).catch(() => null) : room.doc;
				if (doc)
					await deriveViews(id, doc, room.lastEditor).catch((e) =>
						console.error('[collab] derive', e)
					);
				if (doc && doc !== room.doc) doc.destroy();
			}
			// Every update is stored already: a failed compaction only leaves them uncompacted.
			await this.writer
				.schedule(() => compact(id))
				.catch((e) => console.error('[collab] compaction failed', e));
			room.destroy();
			this.unloads++;
		})().finally(() => this.unloading.delete(id));
		this.unloading.set(id, done);
		return done;
	}

	/** Re-checks the sockets an access change may concern, and closes those that lost access. */
	async revalidate(change: AccessChange): Promise<void> {
		const checks: Promise<void>[] = [];
		const consider = (conn: Connection, documentId: string, room: Room | null) => {
			if (change.documentId && change.documentId !== documentId) return;
			if (change.userId && change.userId !== conn.userId) return;
			if (change.sessionId && change.sessionId !== conn.sessionId) return;
			checks.push(
				recheck(conn, documentId).then((result) => {
					if (result === 'ok') return;
					const code =
						result === 'logged_out'
							? CLOSE_LOGGED_OUT
							: result === 'archived'
								? CLOSE_ARCHIVED
								: result === 'rights_changed'
									? CLOSE_RIGHTS_CHANGED
									: CLOSE_FORBIDDEN;
					conn.socket.close(code, result);
					if (room) {
						room.leave(conn);
						this.scheduleUnload(room);
					}
				})
			);
		};
		for (const room of this.rooms.values()) {
			for (const conn of room.connections) consider(conn, room.documentId, room);
		}
		// A socket let in while its document loads was authorised before this change too.
		for (const [conn, documentId] of this.joining) consider(conn, documentId, null);
		await Promise.all(checks);
	}

	/** Closes every socket, writes everything pending and unloads every document. */
	async shutdown(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.stopListening();
		for (const room of this.rooms.values()) {
			for (const conn of room.connections)
				conn.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
			room.connections.clear();
		}
		for (const conn of this.joining.keys()) {
			conn.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
		}
		await Promise.all([...this.loading.values()].map((p) => p.catch(() => null)));
		await Promise.all([...this.rooms.values()].map((room) => this.unload(room)));
		// Documents that were already leaving memory finish doing so before the database closes.
		await Promise.all(this.unloading.values());
		await this.writer.flush();
		this.wss.close();
	}

	/** Figures for the benchmarks, the fault drills and the health check. */
	stats() {
		let connections = 0;
		for (const room of this.rooms.values()) connections += room.connections.size;
		return {
			rooms: this.rooms.size,
			connections,
			/** Sockets let in whose document is still loading, and documents loading or leaving. */
			joining: this.joining.size,
			loading: this.loading.size,
			unloading: this.unloading.size,
			loads: this.loads,
			failedLoads: this.failedLoads,
			unloads: this.unloads,
			reloads: this.reloads,
			pendingWrites: this.writer.pending,
			...this.writer.stats
		};
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

function refuse(socket: Duplex, status: number): void {
	if (!socket.writable) return void socket.destroy();
	socket.end(
		`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`
	);
	setTimeout(() => socket.destroy(), 1000).unref();
}

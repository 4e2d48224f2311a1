import type * as Y from 'yjs';
import { CLOSE_RELOADED } from '$lib/collab/protocol';
import type { Connection } from './connection';
import { DocumentStore } from './persistence/document-store';
import { loadDoc } from './persistence/storage';
import type { UpdateWriter } from './persistence/writer';
import { Room } from './room';

export interface RoomOptions {
	unloadAfterMs: number;
	settleAfterMs: number;
	compactAfter: number;
	maxBacklogBytes: number;
	maxDocumentBytes: number;
}

/** What the registry keeps of each document in memory besides its room: its storage and timers. */
interface Slot {
	store: DocumentStore;
	unloadTimer: NodeJS.Timeout | null;
	settleTimer: NodeJS.Timeout | null;
	/** Set when the content changed since it last settled. */
	dirty: boolean;
	/**
	 * The settling under way, if any: the next waits for it, so that each reads what the previous
	 * one stored and they never interleave.
	 */
	settling: Promise<void>;
}

/**
 * The documents in memory: each loaded once however many ask, kept while a socket or the server
 * uses it, settled (the `onSettled` hook) a while after its last edit, and unloaded a while after
 * the last socket left (writing what is pending, settling and compacting first). Every timer of a
 * document is here.
 */
export class Rooms {
	private readonly open = new Map<string, Room>();
	private readonly slots = new WeakMap<Room, Slot>();
	private readonly loading = new Map<string, Promise<Room>>();
	private readonly unloading = new Map<string, Promise<void>>();
	private closed = false;
	/** Documents read from storage (failed reads apart), failed, unloaded and reloaded, since the start. */
	private readonly counts = { loads: 0, failedLoads: 0, unloads: 0, reloads: 0 };

	constructor(
		private readonly writer: UpdateWriter,
		private readonly options: RoomOptions,
		private readonly settle: (
			documentId: string,
			doc: Y.Doc,
			editorId: string | null
		) => Promise<void>
	) {}

	/** The documents in memory, by id. */
	get loaded(): ReadonlyMap<string, Room> {
		return this.open;
	}

	/** The room of a document, loading its stored state first (once, however many ask). */
	async get(documentId: string): Promise<Room> {
		const unloading = this.unloading.get(documentId);
		if (unloading) await unloading;
		const existing = this.open.get(documentId);
		if (existing) return existing;
		const pending = this.loading.get(documentId);
		if (pending) return pending;
		const store = new DocumentStore(documentId, this.writer, this.options.compactAfter);
		const room = new Room(
			documentId,
			store,
			(r) => this.changed(r),
			this.options.maxBacklogBytes,
			this.options.maxDocumentBytes
		);
		this.slots.set(room, {
			store,
			unloadTimer: null,
			settleTimer: null,
			dirty: false,
			settling: Promise.resolve()
		});
		this.counts.loads++;
		const load = room.ready.then(() => {
			this.open.set(documentId, room);
			this.loading.delete(documentId);
			return room;
		});
		load.catch(() => {
			this.counts.failedLoads++;
			this.loading.delete(documentId);
		});
		this.loading.set(documentId, load);
		return load;
	}

	/** Keeps a room in memory until `release`: an edit made after its unload began could be lost. */
	hold(room: Room): void {
		const slot = this.slot(room);
		if (slot.unloadTimer) clearTimeout(slot.unloadTimer);
		slot.unloadTimer = null;
	}

	/** Lets a room leave memory a while after nobody uses it any more. */
	release(room: Room): void {
		const slot = this.slot(room);
		if (room.connections.size > 0 || slot.unloadTimer || this.closed) return;
		slot.unloadTimer = setTimeout(() => {
			slot.unloadTimer = null;
			const current = this.open.get(room.documentId) === room;
			if (current && room.connections.size === 0 && !this.closed) void this.unload(room);
		}, this.options.unloadAfterMs);
		slot.unloadTimer.unref();
	}

	/** Runs `fn` on the live document, loaded for the occasion if nobody has it open. */
	async with<T>(documentId: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
		const room = await this.get(documentId);
		this.hold(room);
		try {
			return await fn(room);
		} finally {
			this.release(room);
		}
	}

	/**
	 * Brings a document whose memory no longer matches storage (an update failed halfway) back to
	 * what is stored: everyone's socket closes with CLOSE_RELOADED, the document leaves memory
	 * (writing what is pending), and the clients reconnect to it loaded afresh and send again
	 * what the server does not have.
	 */
	async reload(room: Room): Promise<void> {
		if (this.open.get(room.documentId) !== room) return;
		this.counts.reloads++;
		console.warn(`[collab] an update failed halfway on ${room.documentId}: reloading it`);
		for (const conn of [...room.connections]) {
			conn.socket.close(CLOSE_RELOADED, 'reloaded');
			room.leave(conn);
		}
		await this.unload(room);
	}

	/** Every socket of every room in memory, with its document's room. */
	*connections(): Generator<[Connection, Room]> {
		for (const room of this.open.values()) for (const conn of room.connections) yield [conn, room];
	}

	/** Unloads every document (writing, settling, compacting), once the loads under way end. */
	async close(): Promise<void> {
		this.closed = true;
		await Promise.all([...this.loading.values()].map((p) => p.catch(() => null)));
		await Promise.all([...this.open.values()].map((room) => this.unload(room)));
		// Documents that were already leaving memory finish doing so before the database closes.
		await Promise.all(this.unloading.values());
	}

	stats() {
		return {
			rooms: this.open.size,
			loading: this.loading.size,
			unloading: this.unloading.size,
			...this.counts
		};
	}

	private slot(room: Room): Slot {
		return this.slots.get(room)!;
	}

	private changed(room: Room): void {
		const slot = this.slot(room);
		slot.dirty = true;
		if (slot.settleTimer) clearTimeout(slot.settleTimer);
		slot.settleTimer = setTimeout(() => void this.settleNow(room), this.options.settleAfterMs);
	}

	private settleNow(room: Room): Promise<void> {
		const slot = this.slot(room);
		slot.settleTimer = null;
		slot.settling = slot.settling.then(async () => {
			if (!slot.dirty) return;
			slot.dirty = false;
			try {
				await this.settle(room.documentId, room.doc, room.lastEditor);
			} catch (e) {
				slot.dirty = true;
				console.error('[collab] settling a document failed', e);
			}
		});
		return slot.settling;
	}

	/** Writes what is pending, settles, compacts, and lets the document leave memory. */
	private unload(room: Room): Promise<void> {
		const id = room.documentId;
		const slot = this.slot(room);
		const done = (async () => {
			this.open.delete(id);
			if (slot.unloadTimer) clearTimeout(slot.unloadTimer);
			if (slot.settleTimer) clearTimeout(slot.settleTimer);
			slot.unloadTimer = slot.settleTimer = null;
			await this.writer.flush();
			await slot.settling;
			if (slot.dirty) {
				// A tainted document's memory is not what is stored: it settles from storage.
				const doc = room.tainted ? await loadDoc(id).catch(() => null) : room.doc;
				if (doc)
					await this.settle(id, doc, room.lastEditor).catch((e) =>
						console.error('[collab] settling a document failed', e)
					);
				if (doc && doc !== room.doc) doc.destroy();
			}
			await slot.store.compact();
			room.destroy();
			this.counts.unloads++;
		})().finally(() => this.unloading.delete(id));
		this.unloading.set(id, done);
		return done;
	}
}

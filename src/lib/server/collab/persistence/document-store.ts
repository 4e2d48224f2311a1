import { compact } from './compaction';
import { loadStored } from './storage';
import type { UpdateWriter } from './writer';

const byteLength = (parts: Uint8Array[]) => parts.reduce((bytes, part) => bytes + part.length, 0);

/**
 * What one open document has stored, and the one way anything is added to it: updates go to the
 * shared writer in order, and the document is compacted once enough of them were appended. It
 * counts the bytes stored (snapshot and updates since) so that the size limit is checked without
 * encoding the document.
 */
export class DocumentStore {
	/** Updates appended since the last compaction, to decide when to compact. */
	private appended = 0;
	/**
	 * Bytes stored for the document, counted as they are written and set again after a
	 * compaction.
	 */
	private bytes = 0;

	constructor(
		readonly documentId: string,
		private readonly writer: UpdateWriter,
		/** Appended updates after which the document is compacted into its snapshot. */
		private readonly compactAfter: number
	) {}

	/** The stored state, to apply in order (snapshot parts, then updates), counted as stored. */
	async load(): Promise<Uint8Array[]> {
		const { snapshot, updates } = await loadStored(this.documentId);
		this.appended = updates.length;
		this.bytes = byteLength(snapshot) + byteLength(updates);
		return [...snapshot, ...updates];
	}

	/** Bytes the document holds as stored: what its size limit is checked against. */
	get storedBytes(): number {
		return this.bytes;
	}

	/** Appends an update, counting it towards compaction and the size limit. */
	append(update: Uint8Array, userId: string | null): void {
		this.writer.enqueue({ documentId: this.documentId, data: update, userId });
		this.appended++;
		this.bytes += update.length;
		if (this.appended >= this.compactAfter) this.compactInBackground();
	}

	/** Calls `onStored` once everything appended so far is committed (an acknowledgement). */
	afterStored(onStored: () => void): void {
		this.writer.enqueue({ documentId: this.documentId, data: null, userId: null, onStored });
	}

	/** Folds what is stored into the snapshot, after every update appended so far is written. */
	compact(): Promise<void> {
		// Every update is stored already: a failed compaction only leaves them uncompacted.
		return this.writer
			.schedule(() => compact(this.documentId))
			.catch((e) => console.error('[collab] compaction failed', e));
	}

	private compactInBackground(): void {
		this.appended = 0;
		const before = this.bytes;
		// The updates stay stored if it fails; a rejection left unhandled would end the process.
		void this.writer
			.schedule(async () => {
				const snapshot = await compact(this.documentId);
				// What was stored since it was asked for is counted on top, though the snapshot may
				// hold part of it already: the size is overestimated a little, never under.
				if (snapshot !== null) this.bytes = snapshot + (this.bytes - before);
			})
			.catch((e) => console.error('[collab] compaction failed', e));
	}
}

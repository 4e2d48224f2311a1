import { appendUpdates, touchDocuments } from './statements';

/** One thing to write: a document update, or only an acknowledgement to send once stored. */
export interface WriteEntry {
	documentId: string;
	/** The Yjs update to append; null for a marker that only waits for what came before. */
	data: Uint8Array | null;
	userId: string | null;
	/** Called once this entry (and everything queued before it) is committed. */
	onStored?: () => void;
}

type Job = () => Promise<unknown>;

/**
 * How often, at most, the documents' "last edited" fields are written: at every commit they
 * cost an update of the row (and its indexes, and its WAL) per keystroke.
 */
export const TOUCH_INTERVAL_MS = 1_000;

/**
 * The single writer of document updates. Entries queue while a transaction is in flight and go
 * out together in the next one (group commit): under load, many keystrokes cost one commit,
 * and when idle a keystroke is written at once. Jobs (compactions) run between commits, so a
 * compaction never races an append of the same document.
 */
export class UpdateWriter {
	private queue: WriteEntry[] = [];
	private jobs: Job[] = [];
	private running: Promise<void> | null = null;
	private failures = 0;
	/** Documents edited since their row was last touched, with their last editor. */
	private touched = new Map<string, string | null>();
	private touchTimer: ReturnType<typeof setTimeout> | null = null;
	private lastTouch = 0;
	/** Bytes and rows written, for the benchmarks. */
	readonly stats = { commits: 0, rows: 0, bytes: 0, touches: 0 };

	enqueue(entry: WriteEntry): void {
		this.queue.push(entry);
		this.kick();
	}

	/** Runs `job` after every entry queued so far is committed; resolves when it is done. */
	schedule(job: Job): Promise<void> {
		return new Promise((resolve, reject) => {
			this.jobs.push(() => job().then(() => resolve(), reject));
			this.kick();
		});
	}

	/** Resolves once everything queued so far is written, the documents' rows touched. */
	flush(): Promise<void> {
		if (this.touchTimer) clearTimeout(this.touchTimer);
		this.touchTimer = null;
		// What was edited is stored; a row not touched now is only late, not wrong.
		return this.schedule(() =>
			this.touch().catch((e) => console.error('[collab] touching documents failed', e))
		);
	}

	get pending(): number {
		return this.queue.length;
	}

	private kick(): void {
		if (this.running) return;
		this.running = this.loop().finally(() => {
			this.running = null;
			if (this.queue.length || this.jobs.length) this.kick();
		});
	}

	private async loop(): Promise<void> {
		// Let the messages of the same tick join this commit.
		await new Promise((r) => setImmediate(r));
		while (this.queue.length || this.jobs.length) {
			if (this.queue.length) {
				const batch = this.queue;
				this.queue = [];
				try {
					await this.commit(batch);
					this.failures = 0;
				} catch (e) {
					// Nothing is acknowledged that is not stored: put the batch back and retry.
					this.queue = batch.concat(this.queue);
					this.failures++;
					console.error('[collab] storing updates failed, retrying', e);
					await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** this.failures, 5000)));
					continue;
				}
				for (const entry of batch) entry.onStored?.();
				continue;
			}
			const job = this.jobs.shift()!;
			await job().catch((e) => console.error('[collab] background job failed', e));
		}
	}

	private async commit(batch: WriteEntry[]): Promise<void> {
		const rows = batch
			.filter((e): e is WriteEntry & { data: Uint8Array } => e.data !== null)
			.map((e) => ({ documentId: e.documentId, data: e.data, userId: e.userId }));
		if (rows.length === 0) return;
		await appendUpdates(rows);
		this.stats.commits++;
		this.stats.rows += rows.length;
		for (const row of rows) this.stats.bytes += row.data.length;
		// Each document's last editor: the last of its updates that has one.
		for (const row of rows) {
			if (row.userId || !this.touched.has(row.documentId)) {
				this.touched.set(row.documentId, row.userId ?? this.touched.get(row.documentId) ?? null);
			}
		}
		this.planTouch();
	}

	/** Touches the edited documents' rows now if none was touched this past second, else then. */
	private planTouch(): void {
		if (this.touchTimer || this.touched.size === 0) return;
		const wait = Math.max(0, this.lastTouch + TOUCH_INTERVAL_MS - Date.now());
		this.touchTimer = setTimeout(() => {
			this.touchTimer = null;
			this.jobs.push(() => this.touch());
			this.kick();
		}, wait);
	}

	/** Writes when and by whom the documents edited since the last time were edited. */
	private async touch(): Promise<void> {
		if (this.touched.size === 0) return;
		const editors = this.touched;
		this.touched = new Map();
		this.lastTouch = Date.now();
		try {
			await touchDocuments(editors);
			this.stats.touches++;
		} catch (e) {
			// Kept for the next time, unless a later edit has said more since.
			for (const [id, editor] of editors) {
				if (!this.touched.has(id)) this.touched.set(id, editor);
			}
			this.planTouch();
			throw e;
		}
	}
}

import { sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { documents, documentUpdates } from '$lib/server/db/schema';

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
	/** Bytes and rows written, for the benchmarks. */
	readonly stats = { commits: 0, rows: 0, bytes: 0 };

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

	/** Resolves once everything queued so far is written. */
	flush(): Promise<void> {
		return this.schedule(async () => {});
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
		// Each touched document's last editor: the last of its updates that has one.
		const lastEditor = new Map<string, string | null>();
		for (const row of rows) {
			if (row.userId || !lastEditor.has(row.documentId))
				lastEditor.set(row.documentId, row.userId ?? lastEditor.get(row.documentId) ?? null);
		}
		// One statement, atomic by itself: the updates appended, and each document's row touched
		// once (when and by whom it was last edited), without a transaction's extra round trips.
		const ids = [...lastEditor.keys()].join(',');
		const editors = [...lastEditor.values()].map((id) => id ?? '').join(',');
		const values = sql.join(
			rows.map(
				(r) =>
					sql`(${r.documentId}::uuid, ${Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data)}::bytea, ${r.userId}::uuid)`
			),
			sql`, `
		);
		await db.execute(sql`with appended as (
				insert into ${documentUpdates} (document_id, data, user_id) values ${values}
			)
			update ${documents} set
				last_edited_at = now(),
				last_editor_id = coalesce(nullif(touched.editor, '')::uuid, ${documents.lastEditorId})
			from unnest(string_to_array(${ids}, ',')::uuid[], string_to_array(${editors}, ','))
				as touched(id, editor)
			where ${documents.id} = touched.id`);
		this.stats.commits++;
		this.stats.rows += rows.length;
		for (const row of rows) this.stats.bytes += row.data.length;
	}
}

// Checks the server's "stored" acknowledgements against the database itself, as they arrive:
// whatever a client was told is stored must be in PostgreSQL, read directly (not through the
// server, and not through the proxy the drill may have cut). The acknowledged marks are taken
// before the read, and storage only grows, so a read a little later proves the claim true.
import { lostAcknowledged } from './client.ts';
import { sleep, storedDoc } from './target.ts';

export class AckAudit {
	/** Reads of the database, and acknowledged keystrokes found missing from it. */
	checks = 0;
	missing = 0;
	findings: string[] = [];
	dirty: Set<{ id: string; typists: import('./client.ts').DrillClient[] }> = new Set();
	running = true;
	done: Promise<void>;
	rooms: { id: string; typists: import('./client.ts').DrillClient[] }[];
	sql: import('postgres').Sql;

	constructor(
		sql: import('postgres').Sql,
		rooms: { id: string; typists: import('./client.ts').DrillClient[] }[]
	) {
		this.sql = sql;
		this.rooms = rooms;
		this.done = this.loop();
	}

	/** Called on every acknowledgement a typist of `room` receives. */
	note(room: { id: string; typists: import('./client.ts').DrillClient[] }) {
		this.dirty.add(room);
	}

	async loop() {
		while (this.running || this.dirty.size > 0) {
			for (const room of [...this.dirty]) {
				this.dirty.delete(room);
				const marks = room.typists.map((t) => ({
					clock: t.ackedClock,
					deletions: t.ackedDeletions
				}));
				const stored = await storedDoc(this.sql, room.id);
				this.checks++;
				room.typists.forEach((typist, i) => {
					const lost = lostAcknowledged(stored, typist, marks[i]);
					if (lost.characters + lost.deletions === 0) return;
					this.missing += lost.characters + lost.deletions;
					this.findings.push(
						`${lost.characters + lost.deletions} acknowledged keystrokes of client ` +
							`${typist.clientID} not in the database`
					);
				});
				stored.destroy();
			}
			await sleep(100);
		}
	}

	/** Checks what is still pending, then stops. */
	async stop() {
		for (const room of this.rooms) this.dirty.add(room);
		this.running = false;
		await this.done;
	}
}

// Keystroke → stored for the peers, which send no acknowledgement: a separate connection of the
// load generator polls their PostgreSQL tables and matches what it finds against the keystrokes
// sent. Two times per keystroke: when PostgreSQL wrote the row (clock_timestamp() in the row: a
// lower bound, before the commit's flush) and when the poll first saw it committed (an upper
// bound, late by up to one poll interval plus the query).
import postgres from 'postgres';
import * as Y from 'yjs';
import { Samples } from '../measure.ts';
import { markerOf } from '../propagation.ts';

const POLL_MS = 20;
/** A gap in the update ids (a row committed out of order) is waited for this long at most. */
const GAP_MS = 2000;

export function watchStorage(kind: 'hocuspocus' | 'y-websocket', databaseUrl: string) {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	const written = new Samples();
	const visible = new Samples();
	/** y-websocket: marker → send time. */
	const byMarker = new Map() as Map<string, number>;
	/** Hocuspocus: document → client → [clock, send time][] in sending order. */
	const byDocument = new Map() as Map<string, Map<number, [number, number][]>>;
	let pending = 0;
	/** Deletions sent to Hocuspocus: its stored state vector cannot show them. */
	let unmatchable = 0;
	let bytesSeen = 0;
	let stopped = false;
	const epoch = (at: number) => performance.timeOrigin + at;

	const resolve = (sentAt: number, writtenAtEpoch: number, seenAt: number) => {
		written.add(Math.max(0, writtenAtEpoch - epoch(sentAt)));
		visible.add(seenAt - sentAt);
		pending--;
	};

	// y-websocket: every update is a row with an increasing id; rows may commit out of order.
	let floor = 0;
	const above = new Set() as Set<number>;
	let gapSince = 0;
	async function pollUpdates() {
		const rows = await sql`select id::int8 as id, data, extract(epoch from stored_at) * 1000 as at
			from updates where id > ${floor} order by id limit 20000`;
		const seenAt = performance.now();
		for (const row of rows) {
			const id = Number(row.id);
			if (above.has(id)) continue;
			above.add(id);
			bytesSeen += row.data.length;
			const marker = markerOf(new Uint8Array(row.data));
			const sentAt = marker === null ? undefined : byMarker.get(marker);
			if (sentAt === undefined || marker === null) continue;
			byMarker.delete(marker);
			resolve(sentAt, Number(row.at), seenAt);
		}
		while (above.has(floor + 1)) above.delete(++floor);
		if (above.size === 0) gapSince = 0;
		else if (!gapSince) gapSince = seenAt;
		else if (seenAt - gapSince > GAP_MS) {
			// A missing id that never came (a failed insert): skip it.
			floor++;
			while (above.has(floor + 1)) above.delete(++floor);
			gapSince = 0;
		}
	}

	// Hocuspocus: one row per document, overwritten with the whole state at each store.
	let since = 0;
	const versions = new Set() as Set<string>;
	async function pollDocuments() {
		const rows = await sql`select name, version::text as version,
				extract(epoch from stored_at) * 1000 as at
			from documents where stored_at > to_timestamp(${since / 1000}) - interval '2 seconds'`;
		const seenAt = performance.now();
		for (const row of rows) {
			since = Math.max(since, Number(row.at));
			const key = `${row.name}@${row.version}`;
			if (versions.has(key)) continue;
			versions.add(key);
			const waiting = byDocument.get(row.name);
			if (!waiting) continue;
			const [stored] = await sql`select data from documents
				where name = ${row.name} and version = ${row.version}`;
			if (!stored) continue;
			bytesSeen += stored.data.length;
			const vector = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.data));
			for (const [client, list] of waiting) {
				const upTo = vector.get(client) ?? 0;
				while (list.length && list[0][0] < upTo)
					resolve(list.shift()?.[1] ?? 0, Number(row.at), seenAt);
			}
		}
		if (versions.size > 50_000) versions.clear();
	}

	const loop = (async () => {
		// Only what is stored from now on: not the documents seeded before the step.
		if (kind === 'y-websocket') {
			const [row] = await sql`select coalesce(max(id), 0)::int8 as id from updates`;
			floor = Number(row.id);
		} else since = Date.now();
		while (!stopped) {
			try {
				if (kind === 'y-websocket') await pollUpdates();
				else await pollDocuments();
			} catch (e) {
				if (!stopped) console.error('[bench] polling the stored updates failed:', e);
			}
			await new Promise((r) => setTimeout(r, POLL_MS));
		}
	})();

	return {
		written,
		visible,
		get pending() {
			return pending;
		},
		get unmatchable() {
			return unmatchable;
		},
		/** Bytes of the rows (or, for Hocuspocus, the typed documents' versions) the polls saw. */
		get bytesSeen() {
			return bytesSeen;
		},
		/**
		 * A keystroke's update was sent to document `name`.
		 */
		sent(name: string, update: Uint8Array, sentAt: number) {
			if (kind === 'y-websocket') {
				const marker = markerOf(update);
				if (!marker) return;
				byMarker.set(marker, sentAt);
				pending++;
				return;
			}
			const marker = markerOf(update);
			if (!marker?.startsWith('s')) {
				unmatchable++;
				return;
			}
			const [client, clock] = marker.slice(1).split(':').map(Number);
			let clients = byDocument.get(name);
			if (!clients) byDocument.set(name, (clients = new Map()));
			let list = clients.get(client);
			if (!list) clients.set(client, (list = []));
			list.push([clock, sentAt]);
			pending++;
		},
		async stop() {
			stopped = true;
			await loop;
			await sql.end({ timeout: 5 });
		}
	};
}

// The three servers of the comparison behind one shape: a fresh PostgreSQL database each, the
// documents a scenario needs (stored states seeded where it needs them), how clients reach a
// document, and how to start the server (pinned to its own CPU) for one step and stop it.
import postgres from 'postgres';
import { startChild } from '../../../support/child.ts';
import { createDatabase } from '../../../support/database.ts';
import { createDocument, DEMO_WRITERS, login, loginEach } from '../../../support/logins.ts';
import { freePort, HOST, startServer } from '../../../support/server.ts';

export const SERVERS = ['maillage', 'hocuspocus', 'y-websocket'] as const;
export type ServerName = (typeof SERVERS)[number];

/** Maillage's readers: a director, who may read every group's documents but not write. */
const READER = 'direction@maillage.test';

export interface Running {
	pid: number;
	/** a raw client's socket URL */
	wsUrl: (documentName: string) => string;
	/** what a client library is given (it adds the document's name) */
	serverUrl: string;
	settledMemory: () => Promise<import('../../../support/child.ts').ProbeMemory>;
	stop: () => Promise<{ stoppedMs: number; code: number | null; signal: NodeJS.Signals | null }>;
	errors: string[];
	exited: Promise<unknown>;
}

/**
 * A server of the comparison on its own fresh database.
 */
export async function prepareTarget(
	name: ServerName,
	{ root, serverUrl, cpus }: { root: string; serverUrl: string; cpus: string | null }
) {
	// A name of its own, apart from the other benchmarks' (and their clean-ups).
	const database = await createDatabase(serverUrl, `maillage_compare_${name.replace('-', '_')}`);
	const sql = postgres(database.url, { max: 1, onnotice: () => {} });
	// To count the WAL written for this database alone, whatever else the cluster is doing.
	const walinspect = await sql`create extension if not exists pg_walinspect`.then(
		() => true,
		() => false
	);
	const [{ oid }] = await sql`select oid::int from pg_database where datname = current_database()`;
	const slot = `bench_wal_${oid}`;
	const framing: 'hocuspocus' | 'y-websocket' =
		name === 'hocuspocus' ? 'hocuspocus' : 'y-websocket';
	const documents: string[] = [];
	/** Maillage: the cookies of its writers and of a reader. */
	let writers: string[] = [];
	let reader = '';
	let template = '';

	if (name === 'maillage') {
		// The first start applies the migrations and seeds the demo network; sessions stay valid
		// across the restarts of each step, since they are stored.
		const server = await startServer({ root, databaseUrl: database.url, cpus });
		try {
			writers = await loginEach(server.origin, DEMO_WRITERS);
			reader = await login(server.origin, READER);
			template = await createDocument(server.origin, writers[0], 'Banc d’essai 1');
			documents.push(template);
		} finally {
			await server.stop();
		}
	} else {
		// The peers create their tables when they start.
		const peer = await startPeer(name, database.url, root, cpus);
		await peer.stop();
	}

	return {
		name,
		framing,
		database,
		/** Every document a scenario uses, by position (a UUID for Maillage, a name otherwise). */
		documents,
		/**
		 * Makes sure the first `count` documents exist. Maillage's are copies of one created
		 * through its form (same group, author and tags), inserted together in SQL.
		 */
		async ensureDocuments(count: number) {
			if (documents.length >= count) return documents.slice(0, count);
			if (name !== 'maillage') {
				for (let i = documents.length; i < count; i++) documents.push(`bench-${i + 1}`);
				return documents.slice(0, count);
			}
			const rows =
				await sql`insert into documents (group_id, title, tags, created_by_id, last_editor_id)
				select d.group_id, 'Banc d’essai ' || g, d.tags, d.created_by_id, d.last_editor_id
				from documents d, generate_series(${documents.length + 1}::int, ${count}::int) g
				where d.id = ${template} order by g returning id`;
			for (const row of rows) documents.push(row.id);
			return documents.slice(0, count);
		},
		/**
		 * Stores a Yjs state as a document's content, where and how each server keeps it:
		 * Maillage a large one in parts (its compaction's slices), the others in one piece.
		 */
		async seed(document: string, { state, parts }: { state: Uint8Array; parts: Uint8Array[] }) {
			const buffer = (bytes: Uint8Array) =>
				Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			const data = buffer(state);
			if (name === 'maillage') {
				const stored = parts.length > 1 ? parts : [state];
				for (const [part, bytes] of stored.entries()) {
					await sql`insert into document_snapshots (document_id, part, state, up_to_id)
						values (${document}, ${part}, ${buffer(bytes)}, 0)`;
				}
			} else if (name === 'hocuspocus') {
				await sql`insert into documents (name, data) values (${document}, ${data})`;
			} else {
				await sql`insert into updates (doc, data) values (${document}, ${data})`;
			}
		},
		/**
		 * The headers a client sends: Maillage's session cookie and Origin (a writer's, in turn,
		 * or the reader's); nothing for the peers, which do not authenticate.
		 */
		headers(running: Running, role: 'editor' | 'reader', index: number): Record<string, string> {
			if (name !== 'maillage') return {};
			const origin = running.serverUrl.replace(/^ws/, 'http').replace(/\/collab$/, '');
			const cookie = role === 'reader' ? reader : writers[index % writers.length];
			return { cookie, origin };
		},
		/** Starts the server for one step, on this database. */
		async start(): Promise<Running> {
			if (name === 'maillage') {
				const server = await startServer({ root, databaseUrl: database.url, cpus });
				return {
					pid: server.pid,
					wsUrl: (document) => server.wsUrl(document),
					serverUrl: `ws://${HOST}:${server.port}/collab`,
					settledMemory: () => server.settledMemory(),
					stop: () => server.stop(),
					errors: server.errors,
					exited: server.exited
				};
			}
			return startPeer(name, database.url, root, cpus);
		},
		/**
		 * The cluster's WAL position now (flushed), to count from; null without pg_walinspect. A
		 * temporary replication slot keeps the WAL from here until `walWritten` has read it: a
		 * checkpoint meanwhile (other work on the cluster) would otherwise remove it.
		 */
		async walMark() {
			if (!walinspect) return null;
			await sql`select pg_create_physical_replication_slot(${slot}, true, true)`.catch(() => {});
			const [row] = await sql`select pg_current_wal_flush_lsn()::text as lsn`;
			return row.lsn as string;
		},
		/**
		 * WAL written for this database between two marks: the records that touch one of its
		 * relations, and the other records (commits) of the same transactions; null when the WAL
		 * could not be read.
		 */
		async walWritten(from: string | null, to: string | null) {
			if (!from || !to) return null;
			try {
				const [order] = await sql`select ${from}::pg_lsn < ${to}::pg_lsn as later`;
				if (!order.later) return { bytes: 0, fullPageImageBytes: 0, records: 0 };
				const pattern = `rel [0-9]+/${oid}/`;
				const [row] = await sql`with records as (
						select xid, record_length, fpi_length, block_ref ~ ${pattern} as ours
						from pg_get_wal_records_info(${from}::pg_lsn, ${to}::pg_lsn)
					), xids as (select distinct xid from records where ours and xid <> 0)
					select coalesce(sum(record_length), 0)::int8 as bytes,
						coalesce(sum(fpi_length), 0)::int8 as fpi, count(*)::int as records
					from records where ours or xid in (select xid from xids)`;
				return {
					bytes: Number(row.bytes),
					fullPageImageBytes: Number(row.fpi),
					records: row.records
				};
			} catch (e) {
				console.error(`[compare] reading the WAL failed: ${e instanceof Error ? e.message : e}`);
				return null;
			} finally {
				await sql`select pg_drop_replication_slot(${slot})
					where exists (select 1 from pg_replication_slots where slot_name = ${slot})`.catch(() => {});
			}
		},
		async drop() {
			await sql.end({ timeout: 5 });
			await database.drop();
		}
	};
}

export type Target = Awaited<ReturnType<typeof prepareTarget>>;

/**
 * Starts one of the peer servers of tests/bench/peers/ on a free port.
 */
async function startPeer(
	name: 'hocuspocus' | 'y-websocket',
	databaseUrl: string,
	root: string,
	cpus: string | null
): Promise<Running> {
	const port = await freePort();
	const child = startChild({
		script: `tests/bench/peers/${name}.mjs`,
		cwd: root,
		env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl },
		cpus
	});
	try {
		await child.waitFor(/^listening \d+/);
	} catch (e) {
		await child.stop(1000);
		throw e;
	}
	return {
		pid: child.pid,
		wsUrl: (document) => `ws://${HOST}:${port}/${encodeURIComponent(document)}`,
		serverUrl: `ws://${HOST}:${port}`,
		settledMemory: child.settledMemory,
		stop: child.stop,
		errors: child.errors,
		exited: child.exited
	};
}

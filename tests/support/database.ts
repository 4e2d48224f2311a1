// Databases on the local PostgreSQL server for the drills and benchmarks: only 127.0.0.1, a
// fresh uniquely named database each time, measured and dropped by its handle.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { HOST } from './server.ts';

/** A PostgreSQL URL made safe: only 127.0.0.1 (localhost is rewritten to it). */
export function loopbackDatabaseUrl(raw: string) {
	const url = new URL(raw);
	if (url.hostname === 'localhost') url.hostname = HOST;
	if (url.hostname !== HOST) {
		throw new Error(`the benchmark only talks to ${HOST}; refusing database host ${url.hostname}`);
	}
	return url;
}

/** A fresh database of its own on the local PostgreSQL server. */
export interface ScratchDatabase {
	name: string;
	url: string;
	/** WAL written by the whole cluster so far (pg_stat_wal, PostgreSQL 14+), in bytes. */
	walBytes: () => Promise<number | null>;
	/** Transactions committed so far in the cluster's other databases (other work on it). */
	otherCommits: () => Promise<number>;
	size: () => Promise<number>;
	/** Server processes (backends) serving this database: their CPU is the database's. */
	backendPids: () => Promise<number[]>;
	/** Rows waiting to be compacted, and snapshots. */
	rows: () => Promise<{ updates: number; snapshots: number }>;
	drop: () => Promise<void>;
}

/**
 * A fresh database on the PostgreSQL server of `serverUrl`, and how to measure and drop it.
 * @param [prefix] the start of its name
 */
export async function createDatabase(
	serverUrl: string,
	prefix = 'maillage_bench'
): Promise<ScratchDatabase> {
	const base = loopbackDatabaseUrl(serverUrl);
	const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
	const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	const inside = postgres(url.toString(), { max: 1, onnotice: () => {} });
	return {
		name,
		url: url.toString(),
		async walBytes() {
			try {
				const [row] = await admin`select wal_bytes::text as bytes from pg_stat_wal`;
				return Number(row.bytes);
			} catch {
				return null;
			}
		},
		async otherCommits() {
			const [row] = await admin`select coalesce(sum(xact_commit), 0)::text as n
				from pg_stat_database where datname is distinct from ${name}`;
			return Number(row.n);
		},
		async size() {
			const [row] = await admin`select pg_database_size(${name})::text as bytes`;
			return Number(row.bytes);
		},
		async backendPids() {
			const rows = await admin`select pid from pg_stat_activity where datname = ${name}`;
			return rows.map((r) => Number(r.pid));
		},
		async rows() {
			const [row] = await inside`select
				(select count(*) from document_updates)::int as updates,
				(select count(distinct document_id) from document_snapshots)::int as snapshots`;
			return { updates: Number(row.updates), snapshots: Number(row.snapshots) };
		},
		async drop() {
			await inside.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}

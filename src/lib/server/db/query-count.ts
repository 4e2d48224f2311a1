import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm';
import { requestWrites } from '$lib/server/cache';

/** The statements run on behalf of one piece of work (a request, in tests and benchmarks). */
export interface QueryRecord {
	statements: string[];
}

const recording = new AsyncLocalStorage<QueryRecord>();

/** A statement that only reads (a `with` may hide a write: it counts as one). */
const READ = /^\s*select\b/i;

/**
 * Drizzle's logger: notes each statement in the record of the work that runs it, if any, and
 * tells the request's memo when the request writes. Costs a lookup or two per statement.
 */
export const queryRecorder: Logger = {
	logQuery(query) {
		recording.getStore()?.statements.push(query);
		if (!READ.test(query)) requestWrites();
	}
};

/** Runs `work` and returns, with its result, the statements it ran through Drizzle. */
export async function recordQueries<T>(
	work: () => Promise<T>
): Promise<QueryRecord & { result: T }> {
	const record: QueryRecord = { statements: [] };
	const result = await recording.run(record, work);
	return { ...record, result };
}

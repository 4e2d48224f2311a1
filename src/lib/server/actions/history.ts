import type { Database, Transaction } from '$lib/server/db';
import { actionEvents } from '$lib/server/db/schema';

/** Writes one entry of an action's history. */
export async function recordEvent(
	executor: Database | Transaction,
	actionId: string,
	actorId: string | null,
	kind: string,
	changes: Record<string, [unknown, unknown]> | null = null,
	body = ''
) {
	await executor.insert(actionEvents).values({ actionId, actorId, kind, changes, body });
}

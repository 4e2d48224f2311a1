import { and, asc, count, desc, eq, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { outbox, type OutboxMessage } from '$lib/server/db/schema';
import { isUuid } from '$lib/uuid';
import { forbidden } from './errors';
import { nameSearch } from './name-search';
import { can, type Actor } from './policy';

export const outboxStatuses = ['sent', 'failed', 'pending'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * What the outbox page is narrowed to: words of the recipient or the subject, a kind of message,
 * a state of delivery, or one message (the link after sending an invitation).
 */
export interface OutboxFilter {
	q?: string;
	kind?: string;
	status?: OutboxStatus;
	id?: string;
}

/**
 * The filters written in a URL. Each one that cannot be read is left out rather than refused:
 * a hand-edited or outdated bookmark still shows a list.
 */
export function parseFilter(params: URLSearchParams): OutboxFilter {
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const kind = z
		.string()
		.max(60)
		// Dotted for the visitors' e-mails of an event (event.confirmed, event.offered…).
		.regex(/^[a-z_]+(\.[a-z_]+)*$/)
		.safeParse(params.get('kind'));
	const status = z.enum(outboxStatuses).safeParse(params.get('status'));
	const id = params.get('id');
	return {
		...(q && { q }),
		...(kind.success && { kind: kind.data }),
		...(status.success && { status: status.data }),
		...(isUuid(id) && { id })
	};
}

function filterWhere(filter: OutboxFilter): SQL | undefined {
	const byTo = filter.q ? nameSearch(outbox.to, filter.q) : null;
	const bySubject = filter.q ? nameSearch(outbox.subject, filter.q) : null;
	return and(
		byTo && bySubject ? or(byTo.matches, bySubject.matches) : undefined,
		filter.kind ? eq(outbox.kind, filter.kind) : undefined,
		filter.status === 'sent' ? isNotNull(outbox.sentAt) : undefined,
		filter.status === 'failed' ? and(isNull(outbox.sentAt), isNotNull(outbox.error)) : undefined,
		filter.status === 'pending' ? and(isNull(outbox.sentAt), isNull(outbox.error)) : undefined,
		filter.id ? eq(outbox.id, filter.id) : undefined
	);
}

/** The messages a filter keeps, newest first; one slice of them when `range` is given. */
export async function list(
	actor: Actor,
	filter: OutboxFilter = {},
	range?: { offset: number; limit: number }
): Promise<OutboxMessage[]> {
	if (!can(actor, 'outbox.read')) throw forbidden();
	const query = db
		.select()
		.from(outbox)
		.where(filterWhere(filter))
		// Messages queued together share their time: the id keeps the pages apart.
		.orderBy(desc(outbox.createdAt), asc(outbox.id))
		.$dynamic();
	return range ? query.offset(range.offset).limit(range.limit) : query;
}

/** How many messages a filter keeps. */
export async function countMatching(actor: Actor, filter: OutboxFilter = {}): Promise<number> {
	if (!can(actor, 'outbox.read')) throw forbidden();
	const [row] = await db.select({ n: count() }).from(outbox).where(filterWhere(filter));
	return row?.n ?? 0;
}

/** The kinds of message the outbox holds, to filter by. */
export async function kinds(actor: Actor): Promise<string[]> {
	if (!can(actor, 'outbox.read')) throw forbidden();
	const rows = await db
		.selectDistinct({ kind: outbox.kind })
		.from(outbox)
		.orderBy(asc(outbox.kind));
	return rows.map((r) => r.kind);
}

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase, useDatabase } from '$lib/server/db';
import { documents, documentUpdates, groups, users } from '$lib/server/db/schema';
import { buildGroup, buildUser } from '../helpers/factories';

// The embedded database as the server runs it: PGlite in a worker thread, behind the part of
// its interface Drizzle uses. Always PGlite, whatever DATABASE_URL says: the thread is its own.

let open: OpenDatabase;
beforeAll(async () => {
	open = await connect({ dataDir: 'memory://', thread: true });
	useDatabase(open);
});
afterAll(async () => {
	await open?.close();
});

/** How long the event loop went without a turn, at most, while `work` ran. */
async function longestStall(
	work: () => Promise<unknown>
): Promise<{ stall: number; took: number }> {
	let last = performance.now();
	let stall = 0;
	const ticker = setInterval(() => {
		const now = performance.now();
		stall = Math.max(stall, now - last);
		last = now;
	}, 1);
	const started = performance.now();
	await work();
	const ended = performance.now();
	clearInterval(ticker);
	// A loop held until the end has not ticked since the query began.
	return { stall: Math.max(stall, ended - last), took: ended - started };
}

describe('PGlite in a worker thread', () => {
	it('runs the app’s statements: rows, dates as Drizzle reads them, bytes, JSON', async () => {
		const lead = await buildUser({ role: 'coordinator' });
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		const [doc] = await open.db
			.insert(documents)
			.values({ groupId: group.id, title: 'Compte rendu', tasks: [], createdById: lead.id })
			.returning();
		expect(doc.createdAt).toBeInstanceOf(Date);
		const bytes = new Uint8Array([0, 1, 2, 250, 255]);
		await open.db.insert(documentUpdates).values({ documentId: doc.id, data: bytes });
		const [stored] = await open.db
			.select({ data: documentUpdates.data })
			.from(documentUpdates)
			.where(eq(documentUpdates.documentId, doc.id));
		expect([...stored.data]).toEqual([...bytes]);
		const found = await open.db.query.groups.findFirst({ where: eq(groups.id, group.id) });
		expect(found?.name).toBe(group.name);
	});

	it('commits a transaction that returns, and rolls back one that throws', async () => {
		const person = await buildUser();
		await open.db.transaction(async (tx) => {
			await tx.update(users).set({ name: 'Renommée' }).where(eq(users.id, person.id));
		});
		await expect(
			open.db.transaction(async (tx) => {
				await tx.update(users).set({ name: 'Jamais' }).where(eq(users.id, person.id));
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		const [row] = await open.db.select().from(users).where(eq(users.id, person.id));
		expect(row.name).toBe('Renommée');
	});

	it('keeps a statement from outside an open transaction waiting until it ends', async () => {
		const person = await buildUser({ name: 'Avant' });
		const order: string[] = [];
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const transaction = open.db.transaction(async (tx) => {
			await tx.update(users).set({ name: 'Pendant' }).where(eq(users.id, person.id));
			order.push('updated');
			await held;
			order.push('committing');
		});
		// Let the transaction begin before the outside read is sent.
		while (!order.length) await new Promise((r) => setTimeout(r, 5));
		const outside = open.db
			.select({ name: users.name })
			.from(users)
			.where(eq(users.id, person.id))
			.then(([row]) => {
				order.push(`read ${row.name}`);
			});
		await new Promise((r) => setTimeout(r, 50));
		expect(order).toEqual(['updated']);
		release();
		await Promise.all([transaction, outside]);
		expect(order).toEqual(['updated', 'committing', 'read Pendant']);
	});

	it('reports PostgreSQL’s error code, and the next statements still run', async () => {
		const person = await buildUser();
		const duplicate = buildUser({ email: person.email, organisationId: person.organisationId });
		await expect(duplicate).rejects.toMatchObject({ cause: { code: '23505' } });
		const [{ count }] = await open.db
			.select({ count: sql<number>`count(*)::int` })
			.from(users)
			.where(eq(users.email, person.email));
		expect(count).toBe(1);
	});

	it('leaves the event loop free while a long query runs', async () => {
		const query = () =>
			open.db.execute(
				sql`select count(*) from generate_series(1, 2000000) as s(n) where n % 7 = 3`
			);
		const { stall, took } = await longestStall(query);
		// A query long enough to see (on the main thread, the loop would stall for all of it)…
		expect(took).toBeGreaterThan(100);
		// …during which the loop kept turning: a socket's message would have been handled.
		expect(stall).toBeLessThan(took / 4);
	});
});

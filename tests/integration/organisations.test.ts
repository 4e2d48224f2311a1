import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { organisations as table, type NetworkRole } from '$lib/server/db/schema';
import * as organisations from '$lib/server/organisations';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
const input = (name: string) => ({
	name,
	kind: 'training_centre' as const,
	town: 'Sélestat',
	sector: 'Formation'
});

async function stored(id: string) {
	const [row] = await db.select().from(table).where(eq(table.id, id));
	return row;
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
});

describe('organisations', () => {
	it('creates an organisation', async () => {
		const created = await organisations.create(admin, input('Centre de formation Ried'));
		expect(await stored(created.id)).toMatchObject({
			...input('Centre de formation Ried'),
			archivedAt: null
		});
		expect((await organisations.listActive()).map((o) => o.id)).toContain(created.id);
	});

	it('refuses a name already taken, on the name field', async () => {
		const existing = await buildOrganisation({ name: 'Fonderie du Giessen' });
		const e = await refusal(organisations.create(admin, input('Fonderie du Giessen')));
		expect(e).toMatchObject({
			kind: 'invalid',
			messageKey: 'organisation.name_taken',
			field: 'name'
		});
		const other = await buildOrganisation();
		const renamed = await refusal(organisations.update(admin, other.id, input(existing.name)));
		expect(renamed.messageKey).toBe('organisation.name_taken');
		expect((await stored(other.id)).name).toBe(other.name);
	});

	it('updates an organisation', async () => {
		const org = await buildOrganisation({ kind: 'company' });
		const updated = await organisations.update(admin, org.id, {
			name: 'Scierie Nouvelle',
			kind: 'company',
			town: 'Barr',
			sector: 'Bois'
		});
		expect(updated).toMatchObject({ id: org.id, name: 'Scierie Nouvelle', town: 'Barr' });
		expect(await stored(org.id)).toMatchObject({ name: 'Scierie Nouvelle', sector: 'Bois' });
		const missing = await refusal(organisations.update(admin, crypto.randomUUID(), input('X y')));
		expect(missing.kind).toBe('not_found');
	});

	it('archiving hides it from listActive, restoring brings it back; people stay', async () => {
		const org = await buildOrganisation();
		const member = await buildUser({ organisationId: org.id });
		await organisations.setArchived(admin, org.id, true);
		expect((await stored(org.id)).archivedAt).not.toBeNull();
		expect((await organisations.listActive()).map((o) => o.id)).not.toContain(org.id);
		const listed = (await organisations.list(admin)).find((o) => o.id === org.id);
		expect(listed).toMatchObject({ people: 1 });
		expect(listed?.archivedAt).not.toBeNull();
		expect(member.organisationId).toBe(org.id);

		await organisations.setArchived(admin, org.id, false);
		expect((await organisations.listActive()).map((o) => o.id)).toContain(org.id);
		const missing = await refusal(organisations.setArchived(admin, crypto.randomUUID(), true));
		expect(missing.kind).toBe('not_found');
	});

	it.each([null, 'coordinator', 'director', 'member', 'partner'] as (NetworkRole | null)[])(
		'refuses %s every change',
		async (role) => {
			const actor = role ? await buildUser({ role }) : null;
			const org = await buildOrganisation();
			const name = `Refusée ${role}`;
			for (const call of [
				() => organisations.list(actor),
				() => organisations.create(actor, input(name)),
				() => organisations.update(actor, org.id, input(name)),
				() => organisations.setArchived(actor, org.id, true)
			]) {
				expect((await refusal(call())).kind).toBe('forbidden');
			}
			expect(await stored(org.id)).toMatchObject({ name: org.name, archivedAt: null });
			const [created] = await db.select().from(table).where(eq(table.name, name));
			expect(created).toBeUndefined();
		}
	);
});

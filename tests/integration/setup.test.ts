import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as accounts from '$lib/server/accounts';
import { verifyPassword } from '$lib/server/auth/password';
import { db } from '$lib/server/db';
import { organisations, settings, users } from '$lib/server/db/schema';
import { getNetworkName } from '$lib/server/settings';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const input = {
	networkName: 'Réseau Industries Test',
	organisationName: 'Association du réseau',
	organisationKind: 'association' as const,
	name: 'Alix Martin',
	email: 'alix@reseau.test',
	password: 'correct-horse-battery'
};

async function counts() {
	const [[u], [o], [s]] = await Promise.all([
		db.select({ n: count() }).from(users),
		db.select({ n: count() }).from(organisations),
		db.select({ n: count() }).from(settings)
	]);
	return { users: u.n, organisations: o.n, settings: s.n };
}

// The steps of one instance's life, in order: refused attempts on the empty instance, the
// setup itself, then a second attempt.
describe('setup', () => {
	it('is needed on an empty instance', async () => {
		expect(await accounts.needsSetup()).toBe(true);
	});

	it('refuses a weak password and writes nothing', async () => {
		const short = await refusal(accounts.setup({ ...input, password: 'short' }));
		expect(short).toMatchObject({
			kind: 'invalid',
			messageKey: 'validation.password_too_short',
			field: 'password'
		});
		const personal = await refusal(accounts.setup({ ...input, password: 'alix-martin-2025' }));
		expect(personal.messageKey).toBe('validation.password_personal');
		expect(await counts()).toEqual({ users: 0, organisations: 0, settings: 0 });
		expect(await accounts.needsSetup()).toBe(true);
	});

	it('creates the admin, their organisation and the network name', async () => {
		const admin = await accounts.setup(input);
		expect(admin).toMatchObject({ name: input.name, email: input.email, role: 'admin' });
		expect(admin).not.toHaveProperty('passwordHash');

		const [stored] = await db.select().from(users).where(eq(users.id, admin.id));
		expect(await verifyPassword(stored.passwordHash, input.password)).toBe(true);
		const [org] = await db
			.select()
			.from(organisations)
			.where(eq(organisations.id, admin.organisationId));
		expect(org).toMatchObject({ name: input.organisationName, kind: 'association' });
		expect(await getNetworkName()).toBe(input.networkName);
		expect(await accounts.needsSetup()).toBe(false);
	});

	it('is refused a second time and changes nothing', async () => {
		const before = await counts();
		const again = await refusal(
			accounts.setup({
				...input,
				networkName: 'Autre réseau',
				organisationName: 'Autre association',
				email: 'intrus@reseau.test',
				name: 'Intrus'
			})
		);
		expect(again).toMatchObject({ kind: 'conflict', messageKey: 'setup.already_done' });
		expect(await counts()).toEqual(before);
		expect(await getNetworkName()).toBe(input.networkName);
		const [intruder] = await db.select().from(users).where(eq(users.email, 'intrus@reseau.test'));
		expect(intruder).toBeUndefined();
	});
});

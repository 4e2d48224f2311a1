import { isRedirect } from '@sveltejs/kit';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { organisations, sessions, settings, users } from '$lib/server/db/schema';
import { actions } from '../../src/routes/(auth)/setup/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const form = {
	networkName: 'Réseau Test',
	organisationName: 'Association du réseau',
	organisationKind: 'association',
	name: 'Alix Martin',
	email: 'Alix@Reseau.test',
	password: 'correct-horse-battery'
};

async function counts() {
	const rows = await Promise.all(
		[users, organisations, settings, sessions].map((t) => db.select({ n: count() }).from(t))
	);
	return rows.map(([row]) => row.n);
}

// In order: refusals on the empty instance, then the setup, then a second attempt.
describe('setup action', () => {
	it('reports every invalid field, keeps what was typed and writes nothing', async () => {
		const typed = {
			networkName: 'R',
			organisationName: '',
			organisationKind: 'factory',
			name: '   ',
			email: 'alix@',
			password: ''
		};
		const { result, cookies } = await run(actions.default, { path: '/setup', form: typed });
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({
			networkName: 'validation.too_short',
			organisationName: 'validation.too_short',
			organisationKind: 'validation.choose',
			name: 'validation.required',
			email: 'validation.email',
			password: 'validation.required'
		});
		const { password: _, ...visible } = typed;
		expect(data.values).toEqual(visible);
		expect(await counts()).toEqual([0, 0, 0, 0]);
		expect(cookies.getAll()).toEqual([]);
	});

	it('refuses a weak password on its field and writes nothing', async () => {
		const { result } = await run(actions.default, {
			path: '/setup',
			form: { ...form, password: 'martin-alix-2025' }
		});
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({ password: 'validation.password_personal' });
		expect(data.values).not.toHaveProperty('password');
		expect(data.values.networkName).toBe('Réseau Test');
		expect(await counts()).toEqual([0, 0, 0, 0]);
	});

	it('creates the network and logs the admin in', async () => {
		const { thrown, cookies } = await run(actions.default, { path: '/setup', form });
		expect(isRedirect(thrown) && thrown.location).toBe('/');
		const { user } = await validateSessionToken(cookies.get(SESSION_COOKIE) ?? '');
		expect(user).toMatchObject({ email: 'alix@reseau.test', role: 'admin', name: 'Alix Martin' });
		expect(await counts()).toEqual([1, 1, 1, 1]);
	});

	it('answers a conflict the second time and writes nothing', async () => {
		const { result, cookies } = await run(actions.default, {
			path: '/setup',
			form: { ...form, email: 'other@reseau.test', organisationName: 'Autre' }
		});
		expect(expectFailure(result, 409).errors).toEqual({ form: 'setup.already_done' });
		expect(await counts()).toEqual([1, 1, 1, 1]);
		expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
	});
});

import { isRedirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import * as invites from '$lib/server/invitations';
import { actions, load } from '../../src/routes/(auth)/invitation/[token]/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildOrganisation, buildUser } from '../helpers/factories';
import { lastLinkTo } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
let organisationId: string;
let n = 0;

async function invite() {
	const email = `guest-${++n}@example.test`;
	await invites.create(admin, { email, role: 'partner', organisationId }, 'http://localhost', 'fr');
	return { email, token: await lastLinkTo(email, 'invitation') };
}

async function usersWith(email: string) {
	const [row] = await db.select({ n: count() }).from(users).where(eq(users.email, email));
	return row.n;
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin', name: 'Alix Admin' });
	organisationId = (await buildOrganisation({ name: 'Communauté de communes' })).id;
});

describe('invitation page', () => {
	it('shows a pending invitation', async () => {
		const { email, token } = await invite();
		const { result } = await run(load, { path: `/invitation/${token}`, params: { token } });
		expect(result).toEqual({
			status: 'pending',
			email,
			role: 'partner',
			organisation: 'Communauté de communes',
			inviter: 'Alix Admin'
		});
	});

	it('says an unknown link is invalid', async () => {
		const { result } = await run(load, { path: '/invitation/x', params: { token: 'x' } });
		expect(result).toEqual({ status: 'invalid' });
	});
});

describe('invitation accept action', () => {
	it('keeps the name after a weak password, and writes nothing', async () => {
		const { email, token } = await invite();
		const { result, cookies } = await run(actions.default, {
			path: `/invitation/${token}`,
			params: { token },
			form: { name: 'Claude Hoffmann', password: 'courte' }
		});
		const data = expectFailure(result, 400);
		expect(data.errors).toEqual({ password: 'validation.password_too_short' });
		expect(data.values).toEqual({ name: 'Claude Hoffmann' });
		expect(await usersWith(email)).toBe(0);
		expect((await invites.findByToken(token))?.status).toBe('pending');
		expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
	});

	it('reports a missing name', async () => {
		const { email, token } = await invite();
		const { result } = await run(actions.default, {
			params: { token },
			form: { name: ' ', password: 'une-phrase-assez-longue' }
		});
		expect(expectFailure(result, 400).errors).toEqual({ name: 'validation.required' });
		expect(await usersWith(email)).toBe(0);
	});

	it('creates the account, logs the person in, and the link is then used up', async () => {
		const { email, token } = await invite();
		const form = { name: 'Claude Hoffmann', password: 'une-phrase-assez-longue' };
		const { thrown, cookies } = await run(actions.default, { params: { token }, form });
		expect(isRedirect(thrown) && thrown.location).toBe('/');
		const { user } = await validateSessionToken(cookies.get(SESSION_COOKIE) ?? '');
		expect(user).toMatchObject({ email, name: 'Claude Hoffmann', role: 'partner', organisationId });

		const again = await run(actions.default, { params: { token }, form });
		expect(expectFailure(again.result, 400).errors).toEqual({ form: 'invitation.link_invalid' });
		expect(await usersWith(email)).toBe(1);
	});
});

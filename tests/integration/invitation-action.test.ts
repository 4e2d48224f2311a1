import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_GUESS_PER_IP } from '$lib/server/auth/rate-limit';
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
			name: '',
			role: 'partner',
			organisation: 'Communauté de communes',
			groups: [],
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

describe('invitation links guessed from one address', () => {
	const form = { name: 'Claude Hoffmann', password: 'une-phrase-assez-longue' };
	const accept = (token: string, clientAddress: string, fields = form) =>
		run(actions.default, {
			path: `/invitation/${token}`,
			params: { token },
			form: fields,
			clientAddress
		});
	const statuses = (outcomes: { result?: unknown }[]) =>
		outcomes.map((o) => (isActionFailure(o.result) ? o.result.status : 'accepted'));

	it('looks up at most 20 of 30 guesses sent together, then refuses even a real link', async () => {
		const { email, token } = await invite();
		// Tries of a link that exists are not guesses: fixing a weak password uses up nothing.
		for (let i = 0; i < INVITATION_GUESS_PER_IP.max + 5; i++) {
			const weak = await accept(token, '203.0.113.1', { ...form, password: 'courte' });
			expect(expectFailure(weak.result, 400).errors).toEqual({
				password: 'validation.password_too_short'
			});
		}

		const outcomes = await Promise.all(
			Array.from({ length: 30 }, (_, i) => accept(`guess${i}`, '203.0.113.1'))
		);
		const looked = statuses(outcomes).filter((s) => s === 400);
		expect(looked.length).toBeGreaterThan(0);
		expect(looked.length).toBeLessThanOrEqual(INVITATION_GUESS_PER_IP.max);
		expect(statuses(outcomes).filter((s) => s === 429)).toHaveLength(30 - looked.length);
		const refused = outcomes.find((o) => isActionFailure(o.result) && o.result.status === 429);
		expect(expectFailure(refused?.result, 429)).toEqual({
			values: { name: 'Claude Hoffmann' },
			errors: { form: 'invitation.rate_limited' }
		});

		const real = await accept(token, '203.0.113.1');
		expect(expectFailure(real.result, 429).errors).toEqual({ form: 'invitation.rate_limited' });
		expect(await usersWith(email)).toBe(0);
		const elsewhere = await accept(token, '203.0.113.2');
		expect(isRedirect(elsewhere.thrown) && elsewhere.thrown.location).toBe('/');
		expect(await usersWith(email)).toBe(1);
	});
});

import { count, eq, inArray } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import * as accounts from '$lib/server/accounts';
import { verifyPassword } from '$lib/server/auth/password';
import { RESET_REQUEST_PER_EMAIL, RESET_REQUEST_PER_IP } from '$lib/server/auth/rate-limit';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { db } from '$lib/server/db';
import { outbox, passwordResets, sessions, users } from '$lib/server/db/schema';
import { afterAnswersSettled } from '$lib/server/jobs';
import { actions as forgot } from '../../src/routes/(auth)/mot-de-passe-oublie/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { run } from '../helpers/events';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';
import { lastLinkTo, mailsTo } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const ORIGIN = 'https://maillage.example';
const NEW_PASSWORD = 'une-toute-nouvelle-phrase';

// Each request comes from its own client address unless a test says otherwise, so that the
// per-address limit of one test does not leak into another.
let ip = 0;
const nextIp = () => `192.0.2.${++ip}`;

async function sessionsOf(userId: string) {
	const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
	return row.n;
}

async function outboxSize() {
	const [row] = await db.select({ n: count() }).from(outbox);
	return row.n;
}

/** A person who asked for a reset link, with the token of that link. */
async function requested() {
	const user = await buildUser();
	await accounts.requestPasswordReset(user.email, ORIGIN, 'fr', nextIp());
	return { user, token: await lastLinkTo(user.email, 'reinitialiser') };
}

describe('asking for a reset link', () => {
	it('mails a single-use link to an active account, storing only its hash', async () => {
		const { user, token } = await requested();
		const [mail] = await mailsTo(user.email);
		expect(mail).toMatchObject({ kind: 'password_reset', to: user.email });
		expect(mail.subject).toBe('Réinitialisation de votre mot de passe Maillage');
		expect(mail.text).toContain(`${ORIGIN}/reinitialiser/${token}`);
		expect(mail.text).toContain(user.name);
		const [reset] = await db
			.select()
			.from(passwordResets)
			.where(eq(passwordResets.userId, user.id));
		expect(reset.tokenHash).toBe(hashToken(token));
		const minutes = (reset.expiresAt.getTime() - Date.now()) / 60_000;
		expect(minutes).toBeGreaterThan(59);
		expect(minutes).toBeLessThanOrEqual(60);
		expect(await accounts.findReset(token)).toMatchObject({ userId: user.id, email: user.email });
	});

	it("writes in the person's own language when they chose one", async () => {
		const user = await buildUser();
		await db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id));
		await accounts.requestPasswordReset(user.email, ORIGIN, 'fr', nextIp());
		const [mail] = await mailsTo(user.email);
		expect(mail.subject).toBe('Resetting your Maillage password');
	});

	it('mails nothing for an unknown address or a disabled account', async () => {
		const disabled = await buildUser();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
		const before = await outboxSize();
		await accounts.requestPasswordReset('nobody@example.test', ORIGIN, 'fr', nextIp());
		await accounts.requestPasswordReset(disabled.email, ORIGIN, 'fr', nextIp());
		expect(await outboxSize()).toBe(before);
		const [resets] = await db
			.select({ n: count() })
			.from(passwordResets)
			.where(eq(passwordResets.userId, disabled.id));
		expect(resets.n).toBe(0);
	});
});

describe('resetting the password', () => {
	it('sets the password, uses the link up and ends every session', async () => {
		const { user, token } = await requested();
		for (let i = 0; i < 2; i++) await createSession(generateSessionToken(), user.id);
		expect(await sessionsOf(user.id)).toBe(2);

		expect(await accounts.resetPassword(token, NEW_PASSWORD)).toBe(user.id);
		const [stored] = await db.select().from(users).where(eq(users.id, user.id));
		expect(await verifyPassword(stored.passwordHash, NEW_PASSWORD)).toBe(true);
		expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(false);
		expect(await sessionsOf(user.id)).toBe(0);

		expect(await accounts.findReset(token)).toBeUndefined();
		const again = await refusal(accounts.resetPassword(token, 'encore-une-autre-phrase'));
		expect(again).toMatchObject({ kind: 'invalid', messageKey: 'reset.link_invalid' });
		const [after] = await db.select().from(users).where(eq(users.id, user.id));
		expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
	});

	it('refuses a weak password and keeps the link usable', async () => {
		const { user, token } = await requested();
		const weak = await refusal(accounts.resetPassword(token, 'court'));
		expect(weak).toMatchObject({ messageKey: 'validation.password_too_short', field: 'password' });
		const localPart = user.email.split('@')[0];
		const personal = await refusal(accounts.resetPassword(token, `${localPart}-secret-123`));
		expect(personal.messageKey).toBe('validation.password_personal');
		expect(await accounts.findReset(token)).toBeDefined();
		await expect(accounts.resetPassword(token, NEW_PASSWORD)).resolves.toBe(user.id);
	});

	it('refuses an expired link', async () => {
		const { user, token } = await requested();
		await db
			.update(passwordResets)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(passwordResets.tokenHash, hashToken(token)));
		expect(await accounts.findReset(token)).toBeUndefined();
		const e = await refusal(accounts.resetPassword(token, NEW_PASSWORD));
		expect(e.messageKey).toBe('reset.link_invalid');
		const [stored] = await db.select().from(users).where(eq(users.id, user.id));
		expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(true);
	});

	it('refuses the link of an account disabled since, and an unknown link', async () => {
		const { user, token } = await requested();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
		expect((await refusal(accounts.resetPassword(token, NEW_PASSWORD))).messageKey).toBe(
			'reset.link_invalid'
		);
		expect((await refusal(accounts.resetPassword('unknown', NEW_PASSWORD))).messageKey).toBe(
			'reset.link_invalid'
		);
	});
});

describe('the forgot-password form', () => {
	const ask = (email: string, clientAddress = nextIp()) =>
		run(forgot.default, { path: '/mot-de-passe-oublie', form: { email }, clientAddress });

	it('answers before the address is even looked up, alike with and without an account', async () => {
		const user = await buildUser();
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		const work = vi.spyOn(accounts, 'requestPasswordReset').mockReturnValue(held);
		let timer: NodeJS.Timeout | undefined;
		try {
			const answers = Promise.all([ask(user.email), ask('nobody@example.test')]);
			// Were the work awaited in the request, no answer would come while it is held.
			const stillHeld = new Promise<'held'>((resolve) => {
				timer = setTimeout(resolve, 5000, 'held');
			});
			expect(await Promise.race([answers, stillHeld])).not.toBe('held');
			const [known, unknown] = await answers;
			expect(known.result).toEqual({ sent: true, values: { email: user.email } });
			expect(unknown.result).toEqual({ sent: true, values: { email: 'nobody@example.test' } });
			release();
			await afterAnswersSettled();
			expect(work.mock.calls.map(([email]) => email).sort()).toEqual(
				[user.email, 'nobody@example.test'].sort()
			);
		} finally {
			clearTimeout(timer);
			release();
			work.mockRestore();
		}
	});

	it('mails at most 3 links for 10 requests sent together, answering each the same', async () => {
		const user = await buildUser();
		const address = nextIp();
		const answers = await Promise.all(Array.from({ length: 10 }, () => ask(user.email, address)));
		for (const { result } of answers) {
			expect(result).toEqual({ sent: true, values: { email: user.email } });
		}
		await afterAnswersSettled();
		expect(RESET_REQUEST_PER_EMAIL).toMatchObject({ max: 3, windowMs: 60 * 60 * 1000 });
		expect(await mailsTo(user.email, 'password_reset')).toHaveLength(RESET_REQUEST_PER_EMAIL.max);
	});

	it('mails at most 20 links for requests about 25 accounts sent together from one address', async () => {
		const people = await Promise.all(Array.from({ length: 25 }, () => buildUser()));
		const address = nextIp();
		await Promise.all(people.map((p) => ask(p.email, address)));
		await afterAnswersSettled();
		expect(RESET_REQUEST_PER_IP).toMatchObject({ max: 20, windowMs: 60 * 60 * 1000 });
		const [sent] = await db
			.select({ n: count() })
			.from(outbox)
			.where(
				inArray(
					outbox.to,
					people.map((p) => p.email)
				)
			);
		expect(sent.n).toBe(RESET_REQUEST_PER_IP.max);
	});
});

describe('pending links retire', () => {
	it('once another link of the person is used; the links of others stay', async () => {
		const { user, token: first } = await requested();
		await accounts.requestPasswordReset(user.email, ORIGIN, 'fr', nextIp());
		const second = await lastLinkTo(user.email, 'reinitialiser');
		expect(second).not.toBe(first);
		const other = await requested();

		await accounts.resetPassword(second, NEW_PASSWORD);
		expect(await accounts.findReset(first)).toBeUndefined();
		const e = await refusal(accounts.resetPassword(first, 'encore-une-autre-phrase'));
		expect(e.messageKey).toBe('reset.link_invalid');
		const [stored] = await db.select().from(users).where(eq(users.id, user.id));
		expect(await verifyPassword(stored.passwordHash, NEW_PASSWORD)).toBe(true);
		expect(await accounts.findReset(other.token)).toMatchObject({ userId: other.user.id });
	});

	it('once the password is changed from the profile', async () => {
		const { user, token } = await requested();
		await accounts.changePassword(user, {
			currentPassword: TEST_PASSWORD,
			newPassword: NEW_PASSWORD
		});
		expect(await accounts.findReset(token)).toBeUndefined();
		const e = await refusal(accounts.resetPassword(token, 'encore-une-autre-phrase'));
		expect(e.messageKey).toBe('reset.link_invalid');
	});
});

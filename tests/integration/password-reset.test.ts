import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as accounts from '$lib/server/accounts';
import { verifyPassword } from '$lib/server/auth/password';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { db } from '$lib/server/db';
import { outbox, passwordResets, sessions, users } from '$lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildUser, TEST_PASSWORD } from '../helpers/factories';
import { lastLinkTo, mailsTo } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const ORIGIN = 'https://maillage.example';
const NEW_PASSWORD = 'une-toute-nouvelle-phrase';

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
	await accounts.requestPasswordReset(user.email, ORIGIN, 'fr');
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
		await accounts.requestPasswordReset(user.email, ORIGIN, 'fr');
		const [mail] = await mailsTo(user.email);
		expect(mail.subject).toBe('Resetting your Maillage password');
	});

	it('mails nothing for an unknown address or a disabled account', async () => {
		const disabled = await buildUser();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
		const before = await outboxSize();
		await accounts.requestPasswordReset('nobody@example.test', ORIGIN, 'fr');
		await accounts.requestPasswordReset(disabled.email, ORIGIN, 'fr');
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

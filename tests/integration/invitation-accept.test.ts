import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '$lib/server/accounts';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { invitations, users, type NetworkRole } from '$lib/server/db/schema';
import * as invites from '$lib/server/invitations';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildOrganisation, buildUser } from '../helpers/factories';
import { lastLinkTo, mailsTo } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const ORIGIN = 'http://localhost:5173';
const PASSWORD = 'Vingt-Quatre heures';
const IP = '192.0.2.1';
let admin: SessionUser;
let coordinator: SessionUser;
let organisationId: string;
let n = 0;

/** Invites a fresh address and returns the invitation with the token of its link. */
async function invite(role: NetworkRole = 'member', by: SessionUser = admin) {
	const email = `new-${++n}@example.test`;
	const invitation = await invites.create(by, { email, role, organisationId }, ORIGIN, 'fr');
	return { invitation, email, token: await lastLinkTo(email, 'invitation') };
}

async function usersWith(email: string) {
	const [row] = await db.select({ n: count() }).from(users).where(eq(users.email, email));
	return row.n;
}

async function expire(id: string) {
	await db
		.update(invitations)
		.set({ expiresAt: new Date(Date.now() - 1000) })
		.where(eq(invitations.id, id));
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
	coordinator = await buildUser({ role: 'coordinator' });
	organisationId = (await buildOrganisation({ name: 'Tissage du Ried' })).id;
});

describe('accepting invitations', () => {
	it('creates the account with the role and organisation of the invitation', async () => {
		const { token, email, invitation } = await invite('director');
		const found = await invites.findByToken(token);
		expect(found).toMatchObject({ status: 'pending', organisation: 'Tissage du Ried' });

		const { userId } = await invites.accept(
			token,
			{ name: 'Dominique Roth', password: PASSWORD },
			IP
		);
		const [user] = await db.select().from(users).where(eq(users.id, userId));
		expect(user).toMatchObject({ email, name: 'Dominique Roth', role: 'director', organisationId });
		await expect(accounts.authenticate(email, PASSWORD, '127.0.0.1')).resolves.toMatchObject({
			id: userId
		});
		const [used] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
		expect(used.acceptedAt).not.toBeNull();
		expect((await invites.findByToken(token))?.status).toBe('accepted');
	});

	it('cannot be used twice', async () => {
		const { token, email } = await invite();
		await invites.accept(token, { name: 'Première Fois', password: PASSWORD }, IP);
		const again = await refusal(
			invites.accept(token, { name: 'Deuxième Fois', password: PASSWORD }, IP)
		);
		expect(again).toMatchObject({ kind: 'invalid', messageKey: 'invitation.link_invalid' });
		expect(await usersWith(email)).toBe(1);
	});

	it('refuses a weak password and writes nothing', async () => {
		const { token, email } = await invite();
		const weak = await refusal(
			invites.accept(token, { name: 'Sacha Roth', password: 'court' }, IP)
		);
		expect(weak).toMatchObject({ messageKey: 'validation.password_too_short', field: 'password' });
		const personal = await refusal(
			invites.accept(token, { name: 'Sacha Roth', password: 'sacha-roth-2025' }, IP)
		);
		expect(personal.messageKey).toBe('validation.password_personal');
		const fromEmail = await refusal(
			invites.accept(token, { name: 'Sacha Roth', password: `${email}!` }, IP)
		);
		expect(fromEmail.messageKey).toBe('validation.password_personal');
		expect(await usersWith(email)).toBe(0);
		expect((await invites.findByToken(token))?.status).toBe('pending');
	});

	it('refuses an unknown link', async () => {
		expect(await invites.findByToken('nope')).toBeUndefined();
		const e = await refusal(invites.accept('nope', { name: 'Personne', password: PASSWORD }, IP));
		expect(e.messageKey).toBe('invitation.link_invalid');
	});

	it('refuses an expired invitation', async () => {
		const { token, email, invitation } = await invite();
		await expire(invitation.id);
		expect((await invites.findByToken(token))?.status).toBe('expired');
		const e = await refusal(invites.accept(token, { name: 'Trop Tard', password: PASSWORD }, IP));
		expect(e.messageKey).toBe('invitation.link_invalid');
		expect(await usersWith(email)).toBe(0);
	});

	it('refuses a revoked invitation, which cannot be revoked again', async () => {
		const { token, email, invitation } = await invite();
		await invites.revoke(coordinator, invitation.id);
		expect((await invites.findByToken(token))?.status).toBe('revoked');
		const e = await refusal(invites.accept(token, { name: 'Annulé Ici', password: PASSWORD }, IP));
		expect(e.messageKey).toBe('invitation.link_invalid');
		expect(await usersWith(email)).toBe(0);
		const twice = await refusal(invites.revoke(admin, invitation.id));
		expect(twice.messageKey).toBe('invitation.not_pending');
		expect((await refusal(invites.revoke(admin, crypto.randomUUID()))).kind).toBe('not_found');
	});

	it('refuses an invitation whose address got an account meanwhile', async () => {
		const { token, email } = await invite();
		await buildUser({ email });
		const e = await refusal(
			invites.accept(token, { name: 'Double Compte', password: PASSWORD }, IP)
		);
		expect(e.messageKey).toBe('invitation.email_taken');
		expect(await usersWith(email)).toBe(1);
		expect((await invites.findByToken(token))?.status).toBe('pending');
	});
});

describe('resending invitations', () => {
	it('mails a new link; the old one dies and the new one works', async () => {
		const { token: oldToken, email, invitation } = await invite('partner', coordinator);
		await invites.resend(coordinator, invitation.id, ORIGIN, 'fr');
		const mails = await mailsTo(email);
		expect(mails).toHaveLength(2);
		const newToken = await lastLinkTo(email, 'invitation');
		expect(newToken).not.toBe(oldToken);

		expect(await invites.findByToken(oldToken)).toBeUndefined();
		const dead = await refusal(
			invites.accept(oldToken, { name: 'Vieux Lien', password: PASSWORD }, IP)
		);
		expect(dead.messageKey).toBe('invitation.link_invalid');

		const { userId } = await invites.accept(
			newToken,
			{ name: 'Nouveau Lien', password: PASSWORD },
			IP
		);
		const [user] = await db.select().from(users).where(eq(users.id, userId));
		expect(user.role).toBe('partner');
	});

	it('gives an expired invitation a fresh 7-day delay', async () => {
		const { invitation, email } = await invite();
		await expire(invitation.id);
		await invites.resend(admin, invitation.id, ORIGIN, 'fr');
		const found = await invites.findByToken(await lastLinkTo(email, 'invitation'));
		expect(found?.status).toBe('pending');
		expect(found!.invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600e3);
	});

	it('is refused for a used invitation, to outsiders, and to a coordinator for an admin', async () => {
		const used = await invite();
		await invites.accept(used.token, { name: 'Déjà Inscrit', password: PASSWORD }, IP);
		const e = await refusal(invites.resend(admin, used.invitation.id, ORIGIN, 'fr'));
		expect(e.messageKey).toBe('invitation.not_pending');

		const forAdmin = await invite('admin', admin);
		const byCoordinator = await refusal(
			invites.resend(coordinator, forAdmin.invitation.id, ORIGIN, 'fr')
		);
		expect(byCoordinator.kind).toBe('forbidden');
		const member = await buildUser({ role: 'member' });
		const byMember = await refusal(invites.resend(member, forAdmin.invitation.id, ORIGIN, 'fr'));
		expect(byMember.kind).toBe('forbidden');
		expect(await mailsTo(forAdmin.email)).toHaveLength(1);
		expect(await invites.findByToken(forAdmin.token)).toBeDefined();
	});
});

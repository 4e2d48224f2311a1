import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	invitations,
	networkRoles,
	organisations,
	users,
	type Invitation
} from '$lib/server/db/schema';
import { emailField, nameField, passwordField } from './accounts';
import { hashPassword, passwordProblem } from './auth/password';
import type { SessionUser } from './auth/session';
import { generateToken, hashToken } from './auth/tokens';
import { forbidden, notFound, ServiceError } from './errors';
import * as mail from './mail';
import { can, type Actor } from './policy';
import { getNetworkName } from './settings';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteSchema = z.object({
	email: emailField,
	role: z.enum(networkRoles, 'validation.choose'),
	organisationId: z.uuid('validation.choose')
});

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'revoked';

export function statusOf(invitation: Invitation, now = Date.now()): InvitationStatus {
	if (invitation.acceptedAt) return 'accepted';
	if (invitation.revokedAt) return 'revoked';
	if (invitation.expiresAt.getTime() <= now) return 'expired';
	return 'pending';
}

async function sendInvitation(
	invitation: Invitation,
	token: string,
	inviterName: string,
	origin: string,
	locale: Locale
) {
	const network = await getNetworkName();
	await mail.send({
		to: invitation.email,
		kind: 'invitation',
		subject: translate(locale, 'mail.invitation.subject', { network }),
		text: translate(locale, 'mail.invitation.body', {
			inviter: inviterName,
			network,
			link: `${origin}/invitation/${token}`,
			role: translate(locale, `role.${invitation.role}`)
		})
	});
}

/** Invites an e-mail address with a network role and an organisation, and mails the link. */
export async function create(
	actor: SessionUser,
	input: z.output<typeof inviteSchema>,
	origin: string,
	locale: Locale
): Promise<Invitation> {
	if (!can(actor, 'invitations.create', { role: input.role })) throw forbidden();
	const [existing] = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, input.email));
	if (existing) throw new ServiceError('invalid', 'invitation.email_taken', 'email');
	const [org] = await db
		.select()
		.from(organisations)
		.where(and(eq(organisations.id, input.organisationId), isNull(organisations.archivedAt)));
	if (!org) throw new ServiceError('invalid', 'validation.choose', 'organisationId');
	const token = generateToken();
	const invitation = await db.transaction(async (tx) => {
		// A new invitation replaces any pending one for the same address.
		await tx
			.update(invitations)
			.set({ revokedAt: new Date() })
			.where(
				and(
					eq(invitations.email, input.email),
					isNull(invitations.acceptedAt),
					isNull(invitations.revokedAt)
				)
			);
		const [row] = await tx
			.insert(invitations)
			.values({
				...input,
				tokenHash: hashToken(token),
				invitedById: actor.id,
				expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS)
			})
			.returning();
		return row;
	});
	await sendInvitation(invitation, token, actor.name, origin, locale);
	return invitation;
}

export async function list(actor: Actor) {
	if (!can(actor, 'invitations.manage')) throw forbidden();
	return db
		.select({ invitation: invitations, organisation: organisations.name, inviter: users.name })
		.from(invitations)
		.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
		.leftJoin(users, eq(users.id, invitations.invitedById))
		.orderBy(desc(invitations.createdAt))
		.limit(500);
}

async function pendingById(id: string): Promise<Invitation> {
	const [invitation] = await db.select().from(invitations).where(eq(invitations.id, id));
	if (!invitation) throw notFound();
	const status = statusOf(invitation);
	if (status === 'accepted' || status === 'revoked') {
		throw new ServiceError('invalid', 'invitation.not_pending');
	}
	return invitation;
}

export async function revoke(actor: Actor, id: string): Promise<void> {
	if (!can(actor, 'invitations.manage')) throw forbidden();
	await pendingById(id);
	await db.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, id));
}

/** Sends the invitation again with a fresh link and a fresh 7-day delay; the old link dies. */
export async function resend(actor: SessionUser, id: string, origin: string, locale: Locale) {
	if (!can(actor, 'invitations.manage')) throw forbidden();
	const invitation = await pendingById(id);
	if (!can(actor, 'invitations.create', { role: invitation.role })) throw forbidden();
	const token = generateToken();
	const [updated] = await db
		.update(invitations)
		.set({ tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS) })
		.where(eq(invitations.id, id))
		.returning();
	await sendInvitation(updated, token, actor.name, origin, locale);
}

/** The invitation behind a link, with its status, or undefined for an unknown link. */
export async function findByToken(token: string) {
	const [row] = await db
		.select({ invitation: invitations, organisation: organisations.name, inviter: users.name })
		.from(invitations)
		.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
		.leftJoin(users, eq(users.id, invitations.invitedById))
		.where(eq(invitations.tokenHash, hashToken(token)));
	if (!row) return undefined;
	return { ...row, status: statusOf(row.invitation) };
}

export const acceptSchema = z.object({ name: nameField, password: passwordField });

/** Creates the invited person's account and uses the invitation up. */
export async function accept(token: string, input: z.output<typeof acceptSchema>): Promise<string> {
	const found = await findByToken(token);
	if (!found || found.status !== 'pending')
		throw new ServiceError('invalid', 'invitation.link_invalid');
	const { invitation } = found;
	const problem = passwordProblem(input.password, { name: input.name, email: invitation.email });
	if (problem) throw new ServiceError('invalid', problem, 'password');
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		const used = await tx
			.update(invitations)
			.set({ acceptedAt: new Date() })
			.where(
				and(
					eq(invitations.id, invitation.id),
					isNull(invitations.acceptedAt),
					isNull(invitations.revokedAt)
				)
			)
			.returning();
		if (used.length === 0) throw new ServiceError('invalid', 'invitation.link_invalid');
		const [taken] = await tx
			.select({ id: users.id })
			.from(users)
			.where(eq(users.email, invitation.email));
		if (taken) throw new ServiceError('invalid', 'invitation.email_taken');
		const [user] = await tx
			.insert(users)
			.values({
				email: invitation.email,
				name: input.name,
				passwordHash,
				role: invitation.role,
				organisationId: invitation.organisationId
			})
			.returning({ id: users.id });
		return user.id;
	});
}

import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { translate, type Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import {
	invitations,
	networkRoles,
	organisations,
	users,
	type Invitation
} from '$lib/server/db/schema';
import { emailField, nameField, passwordField } from '../accounts';
import { hashPassword, passwordProblem } from '../auth/password';
import * as rateLimit from '../auth/rate-limit';
import type { SessionUser } from '../auth/session';
import { generateToken, hashToken } from '../auth/tokens';
import { forbidden, notFound, ServiceError } from '../errors';
import { accessChanged } from '../events';
import * as invitationGroups from './groups';
import type { GroupChoice, Landing, ResolvedGroup } from './groups';
import * as mail from '../mail';
import { can, type Actor } from '../policy';
import { getNetworkName } from '../settings';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteSchema = z.object({
	email: emailField,
	/** Offered to the newcomer on the account form, which they may change. */
	name: z.string().trim().max(120, 'validation.too_long').optional(),
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

/** Who sends invitations, from where, in which language, for which network. */
export interface Sender {
	inviter: SessionUser;
	origin: string;
	locale: Locale;
	network: string;
}

/** Who sends, read before any transaction (the network's name is a read of its own). */
export async function sender(
	inviter: SessionUser,
	origin: string,
	locale: Locale
): Promise<Sender> {
	return { inviter, origin, locale, network: await getNetworkName() };
}

/** The invitation e-mail: who invites, as what, into which groups, and the link. */
function invitationMail(
	invitation: Invitation,
	token: string,
	from: Sender,
	groups: { name: string; role: ResolvedGroup['role'] }[]
): mail.Mail {
	const { locale, network } = from;
	const list = groups
		.map((g) => `- ${g.name} (${translate(locale, `grouprole.${g.role}`)})`)
		.join('\n');
	return {
		to: invitation.email,
		kind: 'invitation',
		subject: translate(locale, 'mail.invitation.subject', { network }),
		text: translate(locale, 'mail.invitation.body', {
			inviter: from.inviter.name,
			network,
			link: `${from.origin}/invitation/${token}`,
			role: translate(locale, `role.${invitation.role}`),
			groups: list ? `\n\n${translate(locale, 'mail.invitation.groups', { list })}` : ''
		})
	};
}

/** What an invitation is made of, once checked. */
export interface NewInvitation {
	email: string;
	name?: string | null;
	role: Invitation['role'];
	organisationId: string;
}

/**
 * Writes an invitation with its groups and queues its e-mail, inside the caller's transaction;
 * the caller delivers the message once the transaction is committed.
 */
export async function insert(
	tx: Transaction,
	from: Sender,
	entry: NewInvitation,
	groups: ResolvedGroup[]
) {
	const token = generateToken();
	const [invitation] = await tx
		.insert(invitations)
		.values({
			email: entry.email,
			name: entry.name || null,
			role: entry.role,
			organisationId: entry.organisationId,
			tokenHash: hashToken(token),
			invitedById: from.inviter.id,
			expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS)
		})
		.returning();
	await invitationGroups.attach(tx, invitation.id, groups);
	const message = await mail.queue(tx, invitationMail(invitation, token, from, groups));
	return { invitation, message };
}

/**
 * Invites an e-mail address with a network role, an organisation and the groups to join on
 * accepting, and mails the link. The result carries the outbox message's id.
 */
export async function create(
	actor: SessionUser,
	input: z.output<typeof inviteSchema>,
	origin: string,
	locale: Locale,
	groups: GroupChoice[] = []
): Promise<Invitation & { messageId: string }> {
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
	const from = await sender(actor, origin, locale);
	const { invitation, message } = await db.transaction(async (tx) => {
		const resolved = await invitationGroups.resolve(tx, actor, groups);
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
		return insert(tx, from, input, resolved);
	});
	await mail.deliver(message);
	return { ...invitation, messageId: message.id };
}

/** The latest invitations, newest first, with the groups each one brings into. */
export async function list(actor: Actor) {
	if (!can(actor, 'invitations.manage')) throw forbidden();
	const rows = await db
		.select({ invitation: invitations, organisation: organisations.name, inviter: users.name })
		.from(invitations)
		.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
		.leftJoin(users, eq(users.id, invitations.invitedById))
		.orderBy(desc(invitations.createdAt), desc(invitations.id))
		.limit(500);
	const groups = await invitationGroups.ofInvitations(rows.map((r) => r.invitation.id));
	return rows.map((r) => ({ ...r, groups: groups.get(r.invitation.id) ?? [] }));
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
	const groups = (await invitationGroups.ofInvitations([id])).get(id) ?? [];
	const from = await sender(actor, origin, locale);
	await mail.send(invitationMail(updated, token, from, groups));
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
	const groups = (await invitationGroups.ofInvitations([row.invitation.id])).get(row.invitation.id);
	return { ...row, groups: groups ?? [], status: statusOf(row.invitation) };
}

export const acceptSchema = z.object({ name: nameField, password: passwordField });

/**
 * Creates the invited person's account, puts them in the invitation's groups that are still open
 * (see invitation-groups.ts) and uses the invitation up, all at once. Every try is counted per
 * client address before the link is looked up, and given back when the link exists: only
 * guesses use up the allowance, however many arrive together.
 */
export async function accept(
	token: string,
	input: z.output<typeof acceptSchema>,
	ip: string
): Promise<{ userId: string } & Landing> {
	const ticket = await rateLimit.hit(rateLimit.INVITATION_GUESS_PER_IP, rateLimit.ipKey(ip));
	if (!ticket.allowed) throw new ServiceError('limited', 'invitation.rate_limited');
	const found = await findByToken(token);
	if (found) await rateLimit.refund(ticket);
	if (!found || found.status !== 'pending')
		throw new ServiceError('invalid', 'invitation.link_invalid');
	const { invitation } = found;
	const problem = passwordProblem(input.password, { name: input.name, email: invitation.email });
	if (problem) throw new ServiceError('invalid', problem, 'password');
	const passwordHash = await hashPassword(input.password);
	const accepted = await db.transaction(async (tx) => {
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
		const landing = await invitationGroups.applyAtAcceptance(tx, invitation, user.id, input.name);
		return { userId: user.id, ...landing };
	});
	for (const group of accepted.joined)
		accessChanged({ userId: accepted.userId, groupId: group.groupId });
	return accepted;
}

import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { translate, type Locale } from '$lib/i18n';
import { isPlausiblePhone } from '$lib/phone';
import { db, type Transaction } from '$lib/server/db';
import { organisationKinds, organisations, passwordResets, users } from '$lib/server/db/schema';
import { invalidateUserSessions, type SessionUser } from './auth/session';
import {
	hashPassword,
	passwordProblem,
	timingSafeDummyVerify,
	verifyPassword
} from './auth/password';
import * as rateLimit from './auth/rate-limit';
import { generateToken, hashToken } from './auth/tokens';
import { ServiceError } from './errors';
import * as mail from './mail';
import {
	NETWORK_NAME,
	PUBLIC_ORIGIN,
	publicOriginField,
	setSetting,
	settingsChanged
} from './settings';

export const RESET_LIFETIME_MS = 60 * 60 * 1000;

export const emailField = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, 'validation.required')
	.max(254, 'validation.too_long')
	.pipe(z.email('validation.email'));
export const nameField = z
	.string()
	.trim()
	.min(1, 'validation.required')
	.max(120, 'validation.too_long');
export const passwordField = z.string().min(1, 'validation.required');

export const setupSchema = z.object({
	networkName: z.string().trim().min(2, 'validation.too_short').max(120, 'validation.too_long'),
	organisationName: z
		.string()
		.trim()
		.min(2, 'validation.too_short')
		.max(160, 'validation.too_long'),
	organisationKind: z.enum(organisationKinds, 'validation.choose'),
	name: nameField,
	email: emailField,
	password: passwordField,
	/** The address people reach the hub at; the form fills in the one the setup is done at. */
	publicOrigin: publicOriginField.optional()
});

let setupDone = false;

/** True while the instance has no account at all: every visit then leads to the setup page. */
export async function needsSetup(): Promise<boolean> {
	if (setupDone) return false;
	const [row] = await db.select({ n: count() }).from(users);
	setupDone = (row?.n ?? 0) > 0;
	return !setupDone;
}

/** Creates the network's first account, an admin. Refused once any account exists. */
export async function setup(input: z.output<typeof setupSchema>): Promise<SessionUser> {
	const problem = passwordProblem(input.password, input);
	if (problem) throw new ServiceError('invalid', problem, 'password');
	const passwordHash = await hashPassword(input.password);
	const user = await db.transaction(async (tx) => {
		const [existing] = await tx.select({ n: count() }).from(users);
		if ((existing?.n ?? 0) > 0) throw new ServiceError('conflict', 'setup.already_done');
		const [org] = await tx
			.insert(organisations)
			.values({ name: input.organisationName, kind: input.organisationKind })
			.returning();
		const [created] = await tx
			.insert(users)
			.values({
				email: input.email,
				name: input.name,
				passwordHash,
				role: 'admin',
				organisationId: org.id
			})
			.returning();
		await setSetting(NETWORK_NAME, input.networkName, tx);
		if (input.publicOrigin) await setSetting(PUBLIC_ORIGIN, input.publicOrigin, tx);
		return created;
	});
	settingsChanged();
	setupDone = true;
	const { passwordHash: _, ...safe } = user;
	return safe;
}

export const loginSchema = z.object({ email: emailField, password: passwordField });

/**
 * Checks an e-mail and password. Unknown e-mails take as long as wrong passwords, and both
 * answer with the same message. Every attempt is counted, per e-mail and per client address,
 * before its password is checked; a successful one gives its count back.
 */
export async function authenticate(
	email: string,
	password: string,
	ip: string
): Promise<SessionUser> {
	const [byEmail, byIp] = await rateLimit.hitAll(
		[rateLimit.LOGIN_PER_EMAIL, rateLimit.emailKey(email)],
		[rateLimit.LOGIN_PER_IP, rateLimit.ipKey(ip)]
	);
	if (!byEmail.allowed || !byIp.allowed) throw new ServiceError('limited', 'auth.rate_limited');
	const [user] = await db.select().from(users).where(eq(users.email, email));
	const ok = user
		? await verifyPassword(user.passwordHash, password)
		: await timingSafeDummyVerify(password);
	if (!user || !ok) throw new ServiceError('invalid', 'auth.invalid_credentials');
	if (user.disabledAt) throw new ServiceError('invalid', 'auth.disabled');
	await rateLimit.forget(rateLimit.LOGIN_PER_EMAIL, rateLimit.emailKey(email));
	await rateLimit.refund(byIp);
	const { passwordHash: _, ...safe } = user;
	return safe;
}

/** A free text that may be left empty (none); left out of the form, it is not changed. */
const optionalText = (max: number) => z.string().trim().max(max, 'validation.too_long').optional();

export const profileSchema = z.object({
	name: nameField,
	locale: z.enum(['fr', 'en', 'auto'], 'validation.choose'),
	jobTitle: optionalText(120),
	// Kept as typed; only loosely checked, since people write numbers in many ways.
	phone: optionalText(40).refine((p) => !p || isPlausiblePhone(p), 'profile.phone_invalid')
});

export async function updateProfile(
	actor: SessionUser,
	input: z.output<typeof profileSchema>
): Promise<void> {
	await db
		.update(users)
		.set({
			name: input.name,
			locale: input.locale === 'auto' ? null : input.locale,
			...(input.jobTitle !== undefined && { jobTitle: input.jobTitle || null }),
			...(input.phone !== undefined && { phone: input.phone || null })
		})
		.where(eq(users.id, actor.id));
}

export async function setLocale(actor: SessionUser, locale: Locale): Promise<void> {
	await db.update(users).set({ locale }).where(eq(users.id, actor.id));
}

export const passwordChangeSchema = z.object({
	currentPassword: passwordField,
	newPassword: passwordField
});

/**
 * Changes the password, retires every pending reset link and revokes every session of the
 * person; the caller starts a new one. Guesses of the current password are counted per account
 * before it is checked: a stolen session cannot try it more than the limit allows.
 */
export async function changePassword(
	actor: SessionUser,
	input: z.output<typeof passwordChangeSchema>
): Promise<void> {
	const key = rateLimit.userKey(actor.id);
	const ticket = await rateLimit.hit(rateLimit.PASSWORD_CHECK_PER_USER, key);
	if (!ticket.allowed) {
		throw new ServiceError('limited', 'auth.password_check_limited', 'currentPassword');
	}
	const [user] = await db.select().from(users).where(eq(users.id, actor.id));
	if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
		throw new ServiceError('invalid', 'auth.wrong_current_password', 'currentPassword');
	}
	const problem = passwordProblem(input.newPassword, user);
	if (problem) throw new ServiceError('invalid', problem, 'newPassword');
	const passwordHash = await hashPassword(input.newPassword);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
		await retireResets(tx, user.id);
	});
	await rateLimit.forget(rateLimit.PASSWORD_CHECK_PER_USER, key);
	await invalidateUserSessions(user.id);
}

/** Uses up every pending reset link of a person: none may outlive a change of password. */
async function retireResets(tx: Transaction, userId: string) {
	await tx
		.update(passwordResets)
		.set({ usedAt: new Date() })
		.where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

export const resetRequestSchema = z.object({ email: emailField });

/**
 * E-mails a single-use reset link when the address belongs to an active account and neither
 * the address nor the client address asked too often. The answer to the visitor is the same in
 * every case, so the form tells nobody who has an account, nor who was limited.
 */
export async function requestPasswordReset(
	email: string,
	origin: string,
	locale: Locale,
	ip: string
): Promise<void> {
	const [byEmail, byIp] = await rateLimit.hitAll(
		[rateLimit.RESET_REQUEST_PER_EMAIL, rateLimit.emailKey(email)],
		[rateLimit.RESET_REQUEST_PER_IP, rateLimit.ipKey(ip)]
	);
	if (!byEmail.allowed || !byIp.allowed) return;
	const [user] = await db
		.select()
		.from(users)
		.where(and(eq(users.email, email), isNull(users.disabledAt)));
	if (!user) return;
	const token = generateToken();
	await db.insert(passwordResets).values({
		tokenHash: hashToken(token),
		userId: user.id,
		expiresAt: new Date(Date.now() + RESET_LIFETIME_MS)
	});
	const lang = user.locale ?? locale;
	await mail.send({
		to: user.email,
		kind: 'password_reset',
		subject: translate(lang, 'mail.reset.subject'),
		text: translate(lang, 'mail.reset.body', {
			name: user.name,
			link: `${origin}/reinitialiser/${token}`
		})
	});
}

/** The account a reset link is for, when the link is still usable. */
export async function findReset(token: string) {
	const [row] = await db
		.select({ userId: passwordResets.userId, email: users.email, name: users.name })
		.from(passwordResets)
		.innerJoin(users, eq(users.id, passwordResets.userId))
		.where(
			and(
				eq(passwordResets.tokenHash, hashToken(token)),
				isNull(passwordResets.usedAt),
				gt(passwordResets.expiresAt, new Date()),
				isNull(users.disabledAt)
			)
		);
	return row;
}

export const resetSchema = z.object({ password: passwordField });

/**
 * Sets a new password from a reset link, uses up that link and every other pending one of the
 * person, and revokes every session.
 */
export async function resetPassword(token: string, password: string): Promise<string> {
	const reset = await findReset(token);
	if (!reset) throw new ServiceError('invalid', 'reset.link_invalid');
	const problem = passwordProblem(password, reset);
	if (problem) throw new ServiceError('invalid', problem, 'password');
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		const used = await tx
			.update(passwordResets)
			.set({ usedAt: new Date() })
			.where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt)))
			.returning();
		if (used.length === 0) throw new ServiceError('invalid', 'reset.link_invalid');
		await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId));
		await retireResets(tx, reset.userId);
	});
	await invalidateUserSessions(reset.userId);
	return reset.userId;
}

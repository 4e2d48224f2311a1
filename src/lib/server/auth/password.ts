import { hash, verify } from '@node-rs/argon2';
import type { MessageKey } from '$lib/i18n';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

// OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash to verify against when the e-mail is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
export function timingSafeDummyVerify(password: string): Promise<boolean> {
	dummyHash ??= hashPassword('maillage-dummy-password');
	return dummyHash.then((h) => verifyPassword(h, password));
}

/**
 * Why a chosen password is refused, or null when it is acceptable. It must be long enough and
 * must not contain the person's name or the local part of their e-mail.
 */
export function passwordProblem(
	password: string,
	person: { name?: string; email?: string }
): MessageKey | null {
	if (password.length < PASSWORD_MIN_LENGTH) return 'validation.password_too_short';
	if (password.length > PASSWORD_MAX_LENGTH) return 'validation.password_too_long';
	const lowered = password.toLocaleLowerCase();
	const words = [
		...(person.name ?? '').split(/[\s'’-]+/),
		...(person.email ?? '').split('@')[0].split(/[._+-]+/),
		(person.email ?? '').split('@')[0]
	]
		.map((w) => w.trim().toLocaleLowerCase())
		.filter((w) => w.length >= 3);
	if (words.some((w) => lowered.includes(w))) return 'validation.password_personal';
	return null;
}

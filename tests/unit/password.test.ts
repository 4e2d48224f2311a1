import { describe, expect, it } from 'vitest';
import {
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	hashPassword,
	passwordProblem,
	verifyPassword
} from '$lib/server/auth/password';

const person = { name: 'Aline Kern-Weber', email: 'j.muller+ateliers@acme-industrie.fr' };

describe('passwordProblem', () => {
	it('refuses a password shorter than the minimum', () => {
		expect(PASSWORD_MIN_LENGTH).toBe(10);
		expect(passwordProblem('', person)).toBe('validation.password_too_short');
		expect(passwordProblem('x'.repeat(PASSWORD_MIN_LENGTH - 1), person)).toBe(
			'validation.password_too_short'
		);
		expect(passwordProblem('x'.repeat(PASSWORD_MIN_LENGTH), person)).toBeNull();
	});

	it('refuses a password longer than the maximum', () => {
		expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH), person)).toBeNull();
		expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH + 1), person)).toBe(
			'validation.password_too_long'
		);
	});

	it('refuses a password containing a part of the name, whatever the case', () => {
		expect(passwordProblem('aline-2025-usine', person)).toBe('validation.password_personal');
		expect(passwordProblem('2025KERNusine!', person)).toBe('validation.password_personal');
		expect(passwordProblem('usine-weber-2025', person)).toBe('validation.password_personal');
	});

	it('refuses a password containing the local part of the e-mail or a word of it', () => {
		expect(passwordProblem('j.muller+ateliers!!', person)).toBe('validation.password_personal');
		expect(passwordProblem('rouge-muller-42', person)).toBe('validation.password_personal');
		expect(passwordProblem('ATELIERS-du-nord', person)).toBe('validation.password_personal');
	});

	it('ignores the domain of the e-mail and words shorter than three letters', () => {
		expect(passwordProblem('acme-industrie-42', person)).toBeNull();
		expect(passwordProblem('li-wu-grand-pont', { name: 'Li Wu', email: 'lw@x.fr' })).toBeNull();
	});

	it('accepts a long password unrelated to the person', () => {
		expect(passwordProblem('correct-horse-battery', person)).toBeNull();
		expect(passwordProblem('correct-horse-battery', {})).toBeNull();
	});
});

describe('hashPassword', () => {
	it('hashes with argon2id and verifies only the same password', async () => {
		const hash = await hashPassword('correct-horse-battery');
		expect(hash).toMatch(/^\$argon2id\$/);
		expect(hash).not.toContain('correct-horse-battery');
		expect(await verifyPassword(hash, 'correct-horse-battery')).toBe(true);
		expect(await verifyPassword(hash, 'correct-horse-batterz')).toBe(false);
		expect(await verifyPassword('not a hash', 'correct-horse-battery')).toBe(false);
	});
});

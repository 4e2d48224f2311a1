import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '$lib/server/auth/tokens';

describe('hashToken', () => {
	it('is the lower-case hex SHA-256 of the token', () => {
		expect(hashToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		const token = generateToken();
		expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
		expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('is deterministic and differs between tokens', () => {
		expect(hashToken('same')).toBe(hashToken('same'));
		expect(hashToken('one')).not.toBe(hashToken('two'));
	});
});

describe('generateToken', () => {
	it('carries 160 bits as 32 lower-case base32 characters', () => {
		const token = generateToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
	});

	it('never repeats itself', () => {
		const tokens = new Set(Array.from({ length: 2000 }, () => generateToken()));
		expect(tokens.size).toBe(2000);
	});
});
